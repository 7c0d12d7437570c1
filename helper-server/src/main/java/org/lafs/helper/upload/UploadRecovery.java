package org.lafs.helper.upload;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lafs.helper.spool.SpoolFile;
import org.lafs.helper.store.HelperStore;
import org.lafs.log.Log;

/**
 * What a (re)started helper does before it serves: deletes the helper-as-client's leftover
 * plaintext spools, loads the quota counters, and for every upload RocksDB knows either makes it
 * live again (its spool cut back to the recorded durable offset, its pipeline resuming from its
 * journal) or, when it had ended, deletes the spool and hash scratch a killed helper left.
 *
 * <p>Threading: file work on {@code helper-spool}, RocksDB on {@code helper-db}.
 */
final class UploadRecovery {
    private UploadRecovery() {}

    static Future<Void> run(UploadService service) {
        WorkerExecutor spoolPool = service.spoolPool();
        HelperStore store = service.store();
        return spoolPool.executeBlocking(() -> deletePlaintextSpools(service.config().spoolDir()))
                .compose(v -> service.dbPool().executeBlocking(() -> {
                    service.quota().load(store);
                    Map<UploadRecord, List<String>> records = new LinkedHashMap<>();
                    for (Map.Entry<String, byte[]> e : store.scan("u/")) {
                        UploadRecord r = UploadRecord.decode(e.getValue());
                        records.put(r, service.joinedTokens(r.params().siBase32()));
                    }
                    return records;
                })).compose(records -> {
                    List<Future<?>> all = new ArrayList<>();
                    records.forEach((r, joined) -> {
                        String si = r.params().siBase32();
                        if (r.state() == UploadState.ACTIVE) {
                            all.add(spoolPool.executeBlocking(() -> SpoolFile.open(service.spoolPath(si), r.durableOffset()))
                                    .map(spool -> {
                                        Upload u = new Upload(r, spool);
                                        joined.forEach(u::addToken);
                                        // Not a resume yet: "resumes" counts clients coming back to
                                        // bytes they sent (a POST that joins or resumes an upload).
                                        Log.info("upload-recovered", "si", si, "offset", r.durableOffset(),
                                                "size", r.params().size());
                                        service.recovered(u);
                                        return null;
                                    }).otherwise(err -> {
                                        Log.warn("upload-recover-failed", "si", si, "error", err.getMessage());
                                        return null;
                                    }));
                        } else {
                            all.add(spoolPool.executeBlocking(() -> {
                                Files.deleteIfExists(service.spoolPath(si));
                                Files.deleteIfExists(service.hashScratchPath(si)); // left by a killed helper
                                return null;
                            }));
                        }
                    });
                    return Future.join(all).mapEmpty();
                });
    }

    /**
     * Blocking: deletes the helper-as-client's temporary spools a killed helper left (they are
     * encrypted with a key that died with it, so they are useless as well as private).
     */
    private static Void deletePlaintextSpools(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(UploadService.PLAINTEXT_SPOOL_PREFIX)) {
                    Files.deleteIfExists(p);
                    Log.info("plaintext-spool-deleted", "file", p.getFileName());
                }
            }
        }
        return null;
    }
}
