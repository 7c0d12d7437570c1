package org.lafs.helper.upload;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.lafs.helper.store.HelperStore;

/**
 * The outcomes of uploads (done, in the grid, failed, terminated), for clients that ask after
 * the fact ({@code GET .../result}, HEAD, a re-sent PATCH): the newest {@link #IN_MEMORY} in
 * memory, which the status page lists, and each one in RocksDB under {@code r/<si>} with the time
 * it arrived, kept for {@code uploads.result-retention}.
 *
 * <p>Threading: thread-safe; RocksDB work on the {@code helper-db} pool.
 */
public final class RecentResults {
    /** Results kept in memory: the status page's "recent" list. */
    static final int IN_MEMORY = 50;

    private final HelperStore store;
    private final WorkerExecutor dbPool;
    private final Clock clock;
    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private final Map<String, HelperResult> recent = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HelperResult> e) {
            boolean evict = size() > IN_MEMORY;
            if (evict) {
                arrived.remove(e.getKey());
            }
            return evict;
        }
    });

    RecentResults(HelperStore store, WorkerExecutor dbPool, Clock clock) {
        this.store = store;
        this.dbPool = dbPool;
        this.clock = clock;
    }

    /** Keeps {@code r} in memory (the caller writes it to RocksDB, or it need not outlive the process). */
    void remember(String si, HelperResult r) {
        arrived.put(si, clock.millis());
        recent.put(si, r);
    }

    /** Remembers {@code r} and stores it under {@code r/<si>}. */
    Future<Void> keep(String si, HelperResult r) {
        remember(si, r);
        return dbPool.executeBlocking(() -> {
            store.put(key(si), entry(r));
            return null;
        });
    }

    /** The RocksDB key of {@code si}'s result. */
    static String key(String si) {
        return "r/" + si;
    }

    /** The stored form of a result: the result and when it arrived. */
    byte[] entry(HelperResult r) {
        return new JsonObject().put("at", clock.millis()).put("result", r.toJson()).encode().getBytes(StandardCharsets.UTF_8);
    }

    /** The results in memory, oldest first. */
    public Map<String, HelperResult> inMemory() {
        synchronized (recent) {
            return new LinkedHashMap<>(recent);
        }
    }

    /** When the result of {@code si} in memory arrived (epoch millis), 0 when unknown. */
    public long arrivedAt(String si) {
        return arrived.getOrDefault(si, 0L);
    }

    /** The result for {@code si} (finished, in-grid or failed), from memory or RocksDB, if any. */
    public Future<Optional<HelperResult>> find(String si) {
        HelperResult r = recent.get(si);
        if (r != null) {
            return Future.succeededFuture(Optional.of(r));
        }
        return dbPool.executeBlocking(() -> store.get(key(si))
                .map(b -> HelperResult.fromJson(new JsonObject(new String(b, StandardCharsets.UTF_8)).getJsonObject("result"))));
    }

    /** Blocking: deletes stored results older than {@code retention}, in memory too. */
    void expire(long now, Duration retention) {
        for (Map.Entry<String, byte[]> e : store.scan("r/")) {
            long at = new JsonObject(new String(e.getValue(), StandardCharsets.UTF_8)).getLong("at", 0L);
            if (now - at > retention.toMillis()) {
                store.delete(e.getKey());
                recent.remove(e.getKey().substring(2));
            }
        }
    }
}
