package org.lafs.helper.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.store.HelperStore;

/**
 * Ciphertext bytes accepted per token per UTC day, for the {@code bytes-per-day} quota. Bytes
 * are taken with {@link #tryConsume} before they are written to the spool, so a token can never
 * get a byte past its quota onto disk. Counters are persisted (key {@code q/<token>/<day>}) with
 * every ingest checkpoint via {@link #persistEntry}, so a restart does not reset a day's usage.
 *
 * <p>Threading: thread-safe.
 */
public final class QuotaLedger {
    private final Clock clock;
    private final Map<String, Long> used = new HashMap<>();
    private LocalDate day;

    public QuotaLedger(Clock clock) {
        this.clock = clock;
        this.day = today();
    }

    /** Loads today's counters from the store (blocking; call on a worker). */
    public synchronized void load(HelperStore store) {
        day = today();
        String suffix = "/" + day;
        for (Map.Entry<String, byte[]> e : store.scan("q/")) {
            if (e.getKey().endsWith(suffix)) {
                String token = e.getKey().substring(2, e.getKey().length() - suffix.length());
                used.put(token, Long.parseLong(new String(e.getValue(), StandardCharsets.US_ASCII)));
            }
        }
    }

    /** Takes {@code bytes} from today's allowance; false (and nothing taken) when it would exceed. */
    public synchronized boolean tryConsume(TokenPolicy token, long bytes) {
        roll();
        long u = used.getOrDefault(token.name(), 0L);
        if (u + bytes > token.bytesPerDay()) {
            return false;
        }
        used.put(token.name(), u + bytes);
        return true;
    }

    public synchronized long usedToday(String tokenName) {
        roll();
        return used.getOrDefault(tokenName, 0L);
    }

    /** Today's usage summed over every token whose name starts with {@code prefix} (a group's shared bound). */
    public synchronized long usedTodayWithPrefix(String prefix) {
        roll();
        long sum = 0;
        for (Map.Entry<String, Long> e : used.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    public synchronized long remainingToday(TokenPolicy token) {
        return Math.max(0, token.bytesPerDay() - usedToday(token.name()));
    }

    /** The store entry recording today's usage of {@code tokenName}. */
    public synchronized Map.Entry<String, byte[]> persistEntry(String tokenName) {
        roll();
        return Map.entry("q/" + tokenName + "/" + day, Long.toString(used.getOrDefault(tokenName, 0L)).getBytes(StandardCharsets.US_ASCII));
    }

    /** Keys of counters older than yesterday, for the sweeper. */
    public static boolean isStale(String key, LocalDate today) {
        int slash = key.lastIndexOf('/');
        try {
            return LocalDate.parse(key.substring(slash + 1)).isBefore(today.minusDays(1));
        } catch (RuntimeException e) {
            return true;
        }
    }

    private void roll() {
        LocalDate now = today();
        if (!now.equals(day)) {
            day = now;
            used.clear();
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
