package org.lafs.format;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations for people, both ways: {@link #human} writes {@code 850 ms}, {@code 12.4 s},
 * {@code 7 min 3 s}, {@code 3 h 12 min}, {@code 2 d 4 h}; {@link #parse} reads what the
 * configuration files and command lines take: whole seconds, or a number with {@code s},
 * {@code m}, {@code h} or {@code d}.
 */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,12})\\s*([smhd]?)");

    private Durations() {}

    /**
     * Parses {@code 90}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 7d}.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static Duration parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (seconds, or a number with s, m, h or d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

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
