package org.lafs.helper.upload;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lafs.helper.auth.QuotaLedger;
import org.lafs.helper.config.HelperConfig;
import org.lafs.helper.store.HelperStore;
import org.lafs.log.Log;

/**
 * One expiry pass (every {@code uploads.sweep-interval}): abandons live uploads idle longer than
 * {@code uploads.expiry} exactly like a termination, deletes stored records of idle or ended
 * uploads with their journal and spool, results older than {@code uploads.result-retention},
 * and quota counters of past days. Threading: RocksDB and file work on the {@code helper-db} pool.
 */
final class ExpirySweep {
    private ExpirySweep() {}

    /** Runs one pass; completes with the number of uploads that expired. */
    static Future<Integer> run(UploadService service, RecentResults results) {
        HelperConfig config = service.config();
        HelperStore store = service.store();
        Clock clock = service.clock();
        long now = clock.millis();
        long expiry = config.expiry().toMillis();
        List<Future<Void>> ends = new ArrayList<>();
        for (Upload u : service.activeUploads()) {
            if (now - u.lastActivityMillis() >= expiry) {
                ends.add(service.terminate(u, "expired"));
            }
        }
        return Future.join(ends).transform(ar -> service.dbPool().executeBlocking(() -> {
            int removed = ends.size();
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            for (Map.Entry<String, byte[]> e : store.scan("u/")) {
                UploadRecord r = UploadRecord.decode(e.getValue());
                String si = r.params().siBase32();
                boolean idle = now - r.lastActivityMillis() >= expiry;
                if (service.find(si).isEmpty() && (r.state() != UploadState.ACTIVE || idle)) {
                    if (r.state() == UploadState.ACTIVE) {
                        removed++;
                        Log.info("upload-expired", "si", si);
                    }
                    store.delete(e.getKey());
                    store.deletePrefix("j/" + si + "/");
                    Files.deleteIfExists(service.spoolPath(si));
                    Files.deleteIfExists(service.hashScratchPath(si));
                }
            }
            results.expire(now, config.resultRetention());
            for (Map.Entry<String, byte[]> e : store.scan("q/")) {
                if (QuotaLedger.isStale(e.getKey(), today)) {
                    store.delete(e.getKey());
                }
            }
            return removed;
        }));
    }
}
