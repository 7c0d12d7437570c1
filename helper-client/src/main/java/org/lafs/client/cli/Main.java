package org.lafs.client.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code bin/helper-client}: dispatches {@code <command> [args]} through a
 * command table. Other helpers add commands (put/get/check/node) by adding a {@link Command}
 * to {@link #COMMANDS}.
 *
 * <p>Contract: exit 0 on success, 1 on a runtime failure, 2 on a usage error; errors are one
 * line {@code error: ...} on stderr, never a stack trace.
 */
public final class Main {
    /** The command table, in help order. */
    static final List<Command> COMMANDS = List.of(new PutCommand(), new GetCommand(), new CheckCommand(),
            new NodeCommand(), new CapCommand(), new EncodeCommand());

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        System.out.flush();
        System.exit(code);
    }

    /** Runs one invocation in-process (tests call this). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        args = commandFirst(args);
        CliContext ctx = new CliContext(out, err, env);
        Map<String, Command> table = new LinkedHashMap<>();
        for (Command c : COMMANDS) {
            table.put(c.name(), c);
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printUsage(out, table);
            return args.length == 0 ? CliException.USAGE : 0;
        }
        if (args[0].equals("--version") || args[0].equals("-V")) {
            out.println(org.lafs.cli.Cli.version("helper-client"));
            return 0;
        }
        Command command = table.get(args[0]);
        if (command == null) {
            err.println("error: " + (args[0].startsWith("-") ? "unknown option '" + printable(args[0]) + "'"
                    : "unknown command '" + printable(args[0]) + "'") + " (try --help)");
            return CliException.USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return command.run(rest, ctx);
        } catch (org.lafs.cli.Cli.HelpRequested h) {
            out.println(command.usage() + "\n" + STANDARD_OPTIONS);
            return 0;
        } catch (org.lafs.cli.Cli.VersionRequested v) {
            out.println(org.lafs.cli.Cli.version("helper-client"));
            return 0;
        } catch (CliException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("error: internal failure (" + e.getClass().getSimpleName() + ")"
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())));
            return CliException.FAILURE;
        }
    }

    /** Global options that may come before the command word ({@code --node-dir DIR put FILE}). */
    private static final java.util.Set<String> LEADING_VALUE_OPTIONS =
            java.util.Set.of("--node-dir", "--helper", "--token", "--helper-pin", "--throttle", "--retry-for");
    private static final java.util.Set<String> LEADING_FLAGS = java.util.Set.of("--direct", "--quiet");

    /** Moves leading global options after the command word, so both orders work. */
    static String[] commandFirst(String[] args) {
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (LEADING_VALUE_OPTIONS.contains(name)) {
                i += a.contains("=") ? 1 : 2;
            } else if (LEADING_FLAGS.contains(a)) {
                i += 1;
            } else {
                break;
            }
        }
        if (i == 0 || i >= args.length) {
            return args;
        }
        String[] out = new String[args.length];
        out[0] = args[i];
        System.arraycopy(args, i + 1, out, 1, args.length - i - 1);
        System.arraycopy(args, 0, out, args.length - i, i);
        return out;
    }

    /** Accepted by every command (org.lafs.cli.Cli). */
    static final String STANDARD_OPTIONS = """
              -h, --help          show this help and exit
              -V, --version       print the version and exit""";

    private static void printUsage(PrintStream out, Map<String, Command> table) {
        out.println("usage: helper-client <command> [options]   (helper-client <command> --help for details)");
        out.println("       helper-client --version");
        out.println();
        out.println("commands:");
        for (Command c : table.values()) {
            out.printf("  %-8s %s%n", c.name(), c.summary());
        }
    }

    /** Keeps user input in messages to one printable line. */
    static String printable(String s) {
        return org.lafs.cli.Cli.printable(s);
    }

    static String oneLine(String s) {
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }
}
