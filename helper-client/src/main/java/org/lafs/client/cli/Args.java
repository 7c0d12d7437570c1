package org.lafs.client.cli;

import java.util.List;
import java.util.Set;
import org.lafs.cli.Cli;

/**
 * One command's parsed arguments: the shared picocli-based parser ({@link Cli}) reads
 * {@code --name value}, {@code --name=value}, flags and positional arguments against the
 * command's declared names; this adds the client's typed look-ups.
 */
public final class Args {
    private final Cli.Parsed parsed;

    private Args(Cli.Parsed parsed) {
        this.parsed = parsed;
    }

    public static Args parse(List<String> args, Set<String> valueOptions) throws CliException {
        return parse(args, valueOptions, Set.of());
    }

    /**
     * As {@link #parse(List, Set)}, plus options in {@code flagOptions} that take no value.
     * {@code --help} and {@code --version} reach {@link Main} as {@link Cli.HelpRequested} and
     * {@link Cli.VersionRequested}.
     */
    public static Args parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) throws CliException {
        try {
            return new Args(Cli.parseCommand(new Cli.Command("helper-client", valueOptions, flagOptions, true), args.toArray(String[]::new)));
        } catch (Cli.UsageError e) {
            throw CliException.usage(e.getMessage());
        }
    }

    public String option(String name) {
        return parsed.value(name);
    }

    /** Whether flag {@code name} was given. */
    public boolean flag(String name) {
        return parsed.flag(name);
    }

    public List<String> positional() {
        return parsed.positional();
    }

    /** A decimal int option in {@code [min, max]}, or {@code fallback} when absent. */
    public int intOption(String name, int fallback, int min, int max) throws CliException {
        try {
            return (int) Cli.integer(parsed, name, fallback, min, max);
        } catch (Cli.UsageError e) {
            throw CliException.usage(e.getMessage());
        }
    }
}
