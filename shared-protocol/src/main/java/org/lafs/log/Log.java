package org.lafs.log;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured logging: one line per event, {@code key=value} pairs, to standard error. Values
 * with spaces or quotes are quoted. Callers pass only non-secret values: tokens appear by their
 * configured name, never the bearer string; caps, keys and swissnums are never logged.
 *
 * <p>Threading: thread-safe (one {@code println} per event).
 */
public final class Log {
    private static volatile PrintStream out = System.err;
    private static volatile boolean debug = System.getenv("LAFS_DEBUG") != null || System.getenv("HELPER_DEBUG") != null;

    private Log() {}

    public static void info(String event, Object... kv) {
        emit("info", event, kv);
    }

    public static void warn(String event, Object... kv) {
        emit("warn", event, kv);
    }

    public static void debug(String event, Object... kv) {
        if (debug) {
            emit("debug", event, kv);
        }
    }

    private static void emit(String level, String event, Object... kv) {
        StringBuilder sb = new StringBuilder(96);
        sb.append("ts=").append(Instant.now()).append(" level=").append(level).append(" event=").append(event);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            sb.append(' ').append(kv[i]).append('=').append(quote(String.valueOf(kv[i + 1])));
        }
        out.println(sb);
    }

    private static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=' || c > 126)) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < ' ' || c > 126) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
