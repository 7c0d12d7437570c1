package org.lafs.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lafs.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The one command-line parser of every tool (helper-server, storage-server, helper-client,
 * loadtest), on picocli. A tool declares its commands and, for each, the options that take a
 * value and the flags; picocli does the tokenizing ({@code --name value}, {@code --name=value},
 * each option once), and this class turns picocli's exceptions into the
 * tools' one-line messages. Every command accepts {@code -h/--help} and {@code -V/--version}.
 *
 * <p>Option names are written with their dashes ({@code --node-dir}, {@code -o}); a name like
 * {@code --host|--listen} declares aliases, and the value is reported under the first.
 *
 * <p>Values stay strings: each tool checks ranges with {@link #integer} and sizes with
 * {@link org.lafs.format.ByteSize}, so messages name the option. Pure; thread-safe.
 */
public final class Cli {
    private Cli() {}

    /**
     * One command of a tool.
     *
     * @param name the word that selects it (null for a tool without commands)
     * @param values options that take a value
     * @param flags options that take none
     * @param positionals whether positional arguments are accepted (the command counts them)
     */
    public record Command(String name, Set<String> values, Set<String> flags, boolean positionals) {}

    /** What the command line asked for. */
    public record Parsed(String command, Map<String, String> values, Set<String> flags, List<String> positional) {
        public String value(String name) {
            return values.get(name);
        }

        public String value(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        public boolean flag(String name) {
            return flags.contains(name);
        }
    }

    /** A command-line mistake: printed as {@code error: message}, exit status 2. */
    public static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageError(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code --help} was given; {@link #command()} is the command it was given to, or null. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String command;

        HelpRequested(String command) {
            super("help", null, false, false);
            this.command = command;
        }

        public String command() {
            return command;
        }
    }

    /** {@code --version} was given. */
    public static final class VersionRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VersionRequested() {
            super("version", null, false, false);
        }
    }

    /** The {@code --version} line of {@code tool}: version, build time, Java. */
    public static String version(String tool) {
        return tool + " " + BuildInfo.version() + " (built " + BuildInfo.built() + ", Java " + System.getProperty("java.version") + ")";
    }

    /**
     * Parses {@code args} of a tool whose commands are {@code commands}: the first argument picks
     * the command (after any help or version option).
     *
     * @throws UsageError for an unknown command or option, a missing value, an option given twice
     * @throws HelpRequested for {@code -h/--help} anywhere
     * @throws VersionRequested for {@code -V/--version} anywhere
     */
    public static Parsed parse(String tool, Collection<Command> commands, String[] args) {
        CommandSpec top = CommandSpec.create().name(tool);
        top.mixinStandardHelpOptions(true);
        top.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("COMMAND").type(String.class).build());
        CommandLine cl = configure(new CommandLine(top));
        for (Command c : commands) {
            cl.addSubcommand(c.name(), configure(new CommandLine(spec(c))));
        }
        ParseResult r;
        try {
            r = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw translate(e, tool, true);
        }
        if (r.isUsageHelpRequested()) {
            throw new HelpRequested(null);
        }
        if (r.isVersionHelpRequested()) {
            throw new VersionRequested();
        }
        if (!r.hasSubcommand()) {
            if (r.matchedPositionals().isEmpty()) {
                return new Parsed(null, Map.of(), Set.of(), List.of());
            }
            throw new UsageError("unknown command '" + printable(r.matchedPositionals().get(0).getValue()) + "' (try --help)");
        }
        return result(r.subcommand());
    }

    /**
     * Parses the arguments of one command (a tool without commands, or a command that parses its
     * own arguments after the tool picked it).
     */
    public static Parsed parseCommand(Command c, String[] args) {
        CommandLine cl = configure(new CommandLine(spec(c)));
        try {
            return result(cl.parseArgs(args));
        } catch (CommandLine.ParameterException e) {
            throw translate(e, c.name(), false);
        }
    }

    private static CommandLine configure(CommandLine cl) {
        return cl.setOverwrittenOptionsAllowed(false).setUnmatchedArgumentsAllowed(false)
                .setPosixClusteredShortOptionsAllowed(false).setAbbreviatedOptionsAllowed(false)
                .setExpandAtFiles(false).setToggleBooleanFlags(false).setTrimQuotes(false);
    }

    private static CommandSpec spec(Command c) {
        CommandSpec s = CommandSpec.create().name(c.name() == null ? "command" : c.name());
        s.mixinStandardHelpOptions(true);
        for (String v : c.values()) {
            s.addOption(OptionSpec.builder(v.split("\\|")).arity("1").paramLabel("VALUE").type(String.class).build());
        }
        for (String f : c.flags()) {
            s.addOption(OptionSpec.builder(f.split("\\|")).arity("0").type(boolean.class).build());
        }
        if (c.positionals()) {
            s.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").paramLabel("ARG").type(List.class).auxiliaryTypes(String.class).build());
        }
        return s;
    }

    private static Parsed result(ParseResult r) {
        if (r.isUsageHelpRequested()) {
            throw new HelpRequested(r.commandSpec().name());
        }
        if (r.isVersionHelpRequested()) {
            throw new VersionRequested();
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        for (OptionSpec o : r.matchedOptions()) {
            String name = o.names()[0];
            if (o.arity().max() == 0) {
                flags.add(name);
            } else {
                values.put(name, o.getValue());
            }
        }
        List<String> positional = new ArrayList<>();
        for (PositionalParamSpec p : new LinkedHashSet<>(r.matchedPositionals())) { // listed once per match
            List<String> vs = p.getValue();
            positional.addAll(vs);
        }
        return new Parsed(r.commandSpec().name(), values, flags, positional);
    }

    /** picocli's exception as the tools' one-line message. */
    private static UsageError translate(CommandLine.ParameterException e, String tool, boolean hasCommands) {
        if (e instanceof CommandLine.OverwrittenOptionException o) {
            return new UsageError("option " + name(o.getOverwritten()) + " given twice");
        }
        if (e instanceof CommandLine.MissingParameterException m) {
            return new UsageError("option " + name(m.getMissing().get(0)) + " needs a value");
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            if (arg.startsWith("-") && arg.length() > 1) {
                int eq = arg.indexOf('=');
                String opt = eq > 0 ? arg.substring(0, eq) : arg;
                CommandSpec where = u.getCommandLine().getCommandSpec();
                if (eq > 0 && where.findOption(opt) != null && where.findOption(opt).arity().max() == 0) {
                    return new UsageError("option " + opt + " takes no value");
                }
                return new UsageError("unknown option '" + printable(opt) + "'");
            }
            if (hasCommands && u.getCommandLine().getCommandSpec().parent() == null) {
                return new UsageError("unknown command '" + printable(arg) + "' (try --help)");
            }
            return new UsageError("unexpected argument '" + printable(arg) + "'");
        }
        String msg = e.getMessage() == null ? "bad command line" : e.getMessage();
        // e.g. a boolean flag given a value: "option '--direct' should be specified without 'yes' parameter"
        if (msg.contains("should be specified without")) {
            return new UsageError("option " + msg.replaceAll(".*option '([^']+)'.*", "$1") + " takes no value");
        }
        return new UsageError(printable(msg.lines().findFirst().orElse(msg)));
    }

    private static String name(ArgSpec a) {
        return a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
    }

    /**
     * An integer option within [min, max], or {@code fallback} when absent.
     *
     * @throws UsageError naming the option
     */
    public static long integer(Parsed p, String name, long fallback, long min, long max) {
        String v = p.value(name);
        if (v == null) {
            return fallback;
        }
        if (!v.strip().matches("-?[0-9]{1,18}")) {
            throw new UsageError(name + " must be a decimal number, got '" + printable(v) + "'");
        }
        long x = Long.parseLong(v.strip());
        if (x < min || x > max) {
            throw new UsageError(name + " must be in " + min + ".." + max + ", got " + x);
        }
        return x;
    }

    /** User input in a message: one printable line, at most 200 characters. */
    public static String printable(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
