package org.lafs.client.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --name value}, {@code --name=value} and positional arguments against a fixed set
 * of option names (all options take a value). {@code --} ends options.
 */
public final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    public static Args parse(List<String> args, Set<String> valueOptions) throws CliException {
        Args a = new Args();
        boolean optionsDone = false;
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (!optionsDone && s.equals("--")) {
                optionsDone = true;
            } else if (!optionsDone && s.startsWith("-") && s.length() > 1) {
                String name = s;
                String value = null;
                int eq = s.indexOf('=');
                if (eq > 0) {
                    name = s.substring(0, eq);
                    value = s.substring(eq + 1);
                }
                if (!valueOptions.contains(name)) {
                    throw CliException.usage("unknown option '" + Main.printable(name) + "'");
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw CliException.usage("option " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (a.options.put(name, value) != null) {
                    throw CliException.usage("option " + name + " given twice");
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    public String option(String name) {
        return options.get(name);
    }

    public List<String> positional() {
        return positional;
    }

    /** A decimal int option in {@code [min, max]}, or {@code fallback} when absent. */
    public int intOption(String name, int fallback, int min, int max) throws CliException {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.matches("[0-9]{1,10}")) {
            throw CliException.usage(name + " must be a decimal number, got '" + Main.printable(v) + "'");
        }
        long x = Long.parseLong(v);
        if (x < min || x > max) {
            throw CliException.usage(name + " must be in " + min + ".." + max + ", got " + x);
        }
        return (int) x;
    }
}
