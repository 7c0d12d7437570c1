package org.lafs.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lafs.format.ByteSize;
import org.lafs.loadtest.UsageException;

/** Command-line sizes and lists: {@code 8MiB}, {@code 1GB}, {@code 500k} ({@link ByteSize}), {@code 1,10,50}. */
public final class Sizes {
    private Sizes() {}

    /**
     * A size in the one meaning every tool uses ({@link ByteSize}, Tahoe's
     * {@code parse_abbreviated_size}: K/M/G/T powers of 1000, KiB/MiB/GiB/TiB powers of 1024).
     */
    static long parse(String option, String text, long min, long max) {
        long v;
        try {
            v = ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + option + ": " + e.getMessage());
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
