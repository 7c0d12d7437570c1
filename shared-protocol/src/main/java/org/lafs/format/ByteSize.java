package org.lafs.format;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats byte counts the way Tahoe's {@code abbreviate.parse_abbreviated_size} reads
 * them: a decimal number and an optional unit. {@code K/KB}, {@code M/MB}, {@code G/GB},
 * {@code T/TB} are powers of 1000; {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} powers of
 * 1024; {@code B} or nothing is bytes. Case-insensitive; a fraction is allowed ({@code 1.5MB}).
 * Pure and thread-safe.
 */
public final class ByteSize {
    private static final Pattern FORM = Pattern.compile("([0-9]{1,15}(?:\\.[0-9]{1,6})?)\\s*([kmgt]i?b?|b)?(?:/s)?");

    private ByteSize() {}

    /**
     * @throws IllegalArgumentException for anything else, or a value above 2^53
     */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("size is missing");
        }
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + printable(text) + "' is not a size (examples: 500KB, 4MB, 1MiB, 65536)");
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        double mult = switch (unit.charAt(0)) {
            case 'k' -> scale(unit, 1);
            case 'm' -> scale(unit, 2);
            case 'g' -> scale(unit, 3);
            case 't' -> scale(unit, 4);
            default -> 1;
        };
        double v = Math.floor(number * mult);
        if (v > (double) (1L << 53)) {
            throw new IllegalArgumentException("'" + printable(text) + "' is too large");
        }
        return (long) v;
    }

    private static double scale(String unit, int power) {
        return Math.pow(unit.contains("i") ? 1024 : 1000, power);
    }

    /** {@code 1234567} as {@code 1.2 MB} (powers of 1000, one decimal). */
    public static String format(double bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        while (bytes >= 1000 && u < units.length - 1) {
            bytes /= 1000;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", bytes) : String.format(Locale.ROOT, "%.1f %s", bytes, units[u]);
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
