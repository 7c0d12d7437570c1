package org.lafs.helper.upload;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lafs.helper.store.HelperStore;

/**
 * What stays on disk when an upload ends. Done: its result and a {@code DONE} record stay, the
 * journal and the spool go. Terminated (tus termination, expiry): record, result, journal and
 * spool all go. Failed or stopped: record and spool stay, the spool closed, so the next open of
 * the storage index resumes from them. Blocking work runs on the {@code helper-db} and
 * {@code helper-spool} pools. Thread-safe.
 */
final class EndedUploads {
    private final WorkerExecutor spoolPool;
    private final WorkerExecutor dbPool;
    private final HelperStore store;
    private final RecentResults results;
    private final Clock clock;

    EndedUploads(WorkerExecutor spoolPool, WorkerExecutor dbPool, HelperStore store, RecentResults results, Clock clock) {
        this.spoolPool = spoolPool;
        this.dbPool = dbPool;
        this.store = store;
        this.results = results;
        this.clock = clock;
    }

    /** The pipeline finished: keep {@code result} and a {@code DONE} record, drop journal and spool. */
    Future<Void> recordDone(Upload u, HelperResult result) {
        String si = u.si();
        return dbPool.executeBlocking(() -> {
            Map<String, byte[]> batch = new LinkedHashMap<>();
            batch.put(RecentResults.key(si), results.entry(result));
            batch.put("u/" + si, u.record().withState(UploadState.DONE, clock.millis()).encode());
            store.write(batch);
            store.deletePrefix("j/" + si + "/");
            return null;
        }).compose(v -> deleteSpool(u));
    }

    /** The upload is given up for good: record, result, journal and spool are deleted. */
    Future<Void> forget(Upload u) {
        String si = u.si();
        return dbPool.executeBlocking(() -> {
            Map<String, byte[]> batch = new LinkedHashMap<>();
            batch.put("u/" + si, null);
            batch.put(RecentResults.key(si), null);
            store.write(batch);
            store.deletePrefix("j/" + si + "/");
            return null;
        }).compose(v -> deleteSpool(u));
    }

    /** Failed or stopped: the spool is closed and stays, with the record, for a resume. */
    Future<Void> closeSpool(Upload u) {
        return spoolPool.executeBlocking(() -> {
            u.spool().close();
            return null;
        });
    }

    private Future<Void> deleteSpool(Upload u) {
        return spoolPool.executeBlocking(() -> {
            u.spool().close();
            Files.deleteIfExists(u.spool().path());
            return null;
        });
    }
}
