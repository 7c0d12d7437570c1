package org.lafs.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} options of one subcommand. A subcommand declares the
 * names it accepts; anything else, a missing value or a number out of its bounds is a
 * {@link UsageException} naming the option. Not thread-safe (used on the main thread only).
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
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name) && value == null) {
                a.values.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = argv[++i];
                }
                a.values.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
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
