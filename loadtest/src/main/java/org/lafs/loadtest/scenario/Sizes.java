package org.lafs.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lafs.loadtest.UsageException;

/** Command-line sizes and lists: {@code 8M}, {@code 1G}, {@code 500k} (powers of 1024), {@code 1,10,50}. */
public final class Sizes {
    private Sizes() {}

    static long parse(String option, String text, long min, long max) {
        String t = text.trim();
        long mult = 1;
        char last = t.isEmpty() ? ' ' : Character.toUpperCase(t.charAt(t.length() - 1));
        switch (last) {
            case 'K' -> mult = 1L << 10;
            case 'M' -> mult = 1L << 20;
            case 'G' -> mult = 1L << 30;
            default -> mult = 1;
        }
        String digits = mult == 1 ? t : t.substring(0, t.length() - 1);
        long v;
        try {
            v = Math.multiplyExact(Long.parseLong(digits), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--" + option + ": not a size: '" + text + "'");
        }
        if (v < min || v > max) {
            throw new UsageException("--" + option + " must be " + min + ".." + max + " bytes, got " + text);
        }
        return v;
    }

    static List<Long> list(String option, String text, long min, long max, int maxItems) {
        List<Long> out = new ArrayList<>();
        for (String p : text.split(",")) {
            out.add(parse(option, p, min, max));
        }
        if (out.isEmpty() || out.size() > maxItems) {
            throw new UsageException("--" + option + " takes 1.." + maxItems + " comma-separated values");
        }
        return out;
    }

    /** {@code 1/3,3/10} -> [[1,3],[3,10]]. */
    static List<int[]> codes(String text) {
        List<int[]> out = new ArrayList<>();
        for (String p : text.split(",")) {
            String[] kn = p.trim().split("/");
            try {
                int k = Integer.parseInt(kn[0]);
                int n = Integer.parseInt(kn[1]);
                if (kn.length != 2 || k < 1 || n < k || n > 64) {
                    throw new NumberFormatException();
                }
                out.add(new int[] {k, n});
            } catch (RuntimeException e) {
                throw new UsageException("--codes: expected K/N pairs like 3/10 with 1 <= K <= N <= 64, got '" + p + "'");
            }
        }
        if (out.size() > 8) {
            throw new UsageException("--codes: at most 8 pairs");
        }
        return out;
    }

    public static String human(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + " KiB";
        }
        return String.format(Locale.ROOT, "%d B", bytes);
    }
}
