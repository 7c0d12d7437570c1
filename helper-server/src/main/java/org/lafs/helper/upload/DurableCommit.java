package org.lafs.helper.upload;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lafs.helper.auth.QuotaLedger;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.metrics.HelperEvents;
import org.lafs.helper.store.HelperStore;

/**
 * The durable ingest checkpoint, the helper's durability rule in one place: an offset becomes
 * visible to clients and to the encoder only after the spool is fsynced <em>and</em> the offset
 * (with the token's quota usage) is in RocksDB. Blocking work runs on the {@code helper-spool}
 * and {@code helper-db} pools. Thread-safe.
 */
final class DurableCommit {
    private final WorkerExecutor spoolPool;
    private final WorkerExecutor dbPool;
    private final HelperStore store;
    private final QuotaLedger quota;
    private final HelperEvents events;
    private final Clock clock;

    DurableCommit(WorkerExecutor spoolPool, WorkerExecutor dbPool, HelperStore store, QuotaLedger quota, HelperEvents events,
                  Clock clock) {
        this.spoolPool = spoolPool;
        this.dbPool = dbPool;
        this.store = store;
        this.quota = quota;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Makes {@code newOffset} bytes of {@code u}'s spool durable: fsync, then record the offset
     * (and {@code token}'s quota usage) in RocksDB, then wake readers waiting for those bytes.
     */
    Future<Long> commit(Upload u, long newOffset, TokenPolicy token) {
        long t0 = System.nanoTime();
        long before = u.progress().durable();
        if (u.closed()) {
            return Future.failedFuture(u.endedError());
        }
        if (newOffset <= before) {
            return Future.succeededFuture(before);
        }
        // Unordered: the fsync may run on another pool thread while the session keeps writing;
        // it makes durable at least every byte written before it was called (newOffset).
        return spoolPool.executeBlocking(() -> {
            u.spool().force();
            return null;
        }, false).compose(v -> {
            long t1 = System.nanoTime();
            events.phaseTime("fsync", t1 - t0);
            UploadRecord next = u.record().withOffset(newOffset, clock.millis());
            return dbPool.executeBlocking(() -> {
                Map<String, byte[]> batch = new LinkedHashMap<>();
                batch.put("u/" + u.si(), next.encode());
                Map.Entry<String, byte[]> q = quota.persistEntry(token.name());
                batch.put(q.getKey(), q.getValue());
                store.write(batch);
                return next;
            }).map(rec -> {
                events.phaseTime("record-offset", System.nanoTime() - t1);
                u.setRecord(rec);
                u.progress().advance(newOffset);
                u.addReceived(newOffset - before);
                events.ciphertextReceived(newOffset - before);
                u.notifyChange();
                return newOffset;
            });
        });
    }
}
