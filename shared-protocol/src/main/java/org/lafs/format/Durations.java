package org.lafs.format;

import java.util.Locale;

/** Durations for people: {@code 850 ms}, {@code 12.4 s}, {@code 7 min 3 s}, {@code 3 h 12 min}, {@code 2 d 4 h}. */
public final class Durations {
    private Durations() {}

    public static String human(long millis) {
        if (millis < 0) {
            return "-";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long s = millis / 1000;
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }
}
