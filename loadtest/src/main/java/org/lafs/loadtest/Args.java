package org.lafs.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.lafs.cli.Cli;

/**
 * {@code --name value} and {@code --flag} options of one subcommand, read by the shared
 * picocli-based parser ({@link Cli}). A subcommand declares the names it accepts (without the
 * dashes); anything else, a missing value or a number out of its bounds is a
 * {@link UsageException} naming the option; {@code --help} and {@code --version} reach
 * {@link Main} as {@link Cli.HelpRequested} and {@link Cli.VersionRequested}. Not thread-safe
 * (used on the main thread only).
 */
public final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Args() {}

    /**
     * Parses {@code argv}.
     *
     * @param valued names that take a value ({@code --k 3})
     * @param flags names that take none ({@code --quick})
     */
    public static Args parse(String[] argv, Set<String> valued, Set<String> flags) {
        Set<String> v = new java.util.HashSet<>();
        valued.forEach(n -> v.add("--" + n));
        Set<String> f = new java.util.HashSet<>();
        flags.forEach(n -> f.add("--" + n));
        Cli.Parsed p;
        try {
            p = Cli.parseCommand(new Cli.Command("loadtest", v, f, false), argv);
        } catch (Cli.UsageError e) {
            throw new UsageException(e.getMessage());
        }
        Args a = new Args();
        p.values().forEach((k, x) -> a.values.put(k.substring(2), x));
        p.flags().forEach(k -> a.values.put(k.substring(2), "true"));
        return a;
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** An integer option within [min, max]. */
    public int integer(String name, int defaultValue, int min, int max) {
        return number(name, defaultValue, min, max, Integer::valueOf, "an integer");
    }

    /** A decimal option within [min, max]; NaN is refused. */
    public double decimal(String name, double defaultValue, double min, double max) {
        return number(name, defaultValue, min, max, Double::valueOf, "a number");
    }

    private <T extends Comparable<T>> T number(String name, T defaultValue, T min, T max,
                                              java.util.function.Function<String, T> parse, String kind) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        T x;
        try {
            x = parse.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be " + kind + ", got '" + v + "'");
        }
        // compareTo orders NaN above every double, so NaN fails the upper bound
        if (x.compareTo(min) < 0 || x.compareTo(max) > 0) {
            throw new UsageException("option --" + name + " must be in " + min + ".." + max + ", got " + v.trim());
        }
        return x;
    }

    /** One of the given choices, case-insensitive; returned in lower case. */
    public String choice(String name, String defaultValue, String... choices) {
        String v = values.getOrDefault(name, defaultValue).toLowerCase(java.util.Locale.ROOT);
        for (String c : choices) {
            if (c.equals(v)) {
                return v;
            }
        }
        throw new UsageException("option --" + name + " must be one of " + String.join("|", choices)
                + ", got '" + v + "'");
    }
}
