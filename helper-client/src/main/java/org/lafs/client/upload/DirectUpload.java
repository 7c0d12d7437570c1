package org.lafs.client.upload;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.StorageIndex;
import org.lafs.chk.cap.ChkCap;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.client.UploadReport;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.placement.PlacementException;
import org.lafs.upload.FileUploadJournal;
import org.lafs.upload.PoisonedStorageIndexException;
import org.lafs.upload.UploadListener;
import org.lafs.upload.UploadOptions;
import org.lafs.upload.UploadPipeline;
import org.lafs.upload.UploadRequest;
import org.lafs.upload.UploadResult;
import org.lafs.upload.UploadServer;

/**
 * A direct upload (flow 3: no helper): the first pass for the key, then the same
 * {@link UploadPipeline} the helper runs (selection, encode, push, finish), fed from the local
 * file ({@link FileCiphertextSource}), with the node's own lease secret and a journal in the
 * node directory ({@link FileUploadJournal}) so that a re-run resumes after the last
 * acknowledged segment on the same servers.
 *
 * <p>Blocking; one instance per upload.
 */
public final class DirectUpload {
    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final List<UploadServer> servers;
    private final UploadRecords records;
    private final EncodingParameters params;
    private final byte[] secret;
    private final byte[] leaseSecret;
    private final Throttle throttle;
    private final ProgressListener progress;

    public DirectUpload(Vertx vertx, WorkerExecutor workers, List<UploadServer> servers, UploadRecords records,
                        EncodingParameters params, byte[] convergenceSecret, byte[] leaseSecret, Throttle throttle,
                        ProgressListener progress) {
        this.vertx = vertx;
        this.workers = workers;
        this.servers = List.copyOf(servers);
        this.records = records;
        this.params = params;
        this.secret = convergenceSecret.clone();
        this.leaseSecret = leaseSecret.clone();
        this.throttle = throttle;
        this.progress = progress;
    }

    public UploadReport upload(Path file) throws LafsException {
        long t0 = System.nanoTime();
        Map<String, Duration> phases = new LinkedHashMap<>();
        ConvergentKeyStep.Keyed keyed = ConvergentKeyStep.run(file, params, secret, records, "direct", progress, phases);
        FileIdentity id = keyed.id();
        FileGeometry g = keyed.geometry();
        byte[] key = keyed.key();
        byte[] si = StorageIndex.of(key);
        FileUploadJournal journal;
        FileCiphertextSource source;
        try {
            journal = new FileUploadJournal(records.journal(si), params.n());
            source = new FileCiphertextSource(workers, file, g, secret, key, throttle);
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.LOCAL_IO, "cannot open the upload journal or file: " + e.getClass().getSimpleName());
        }
        int resumeFrom = journal.segmentsAcknowledged();
        progress.phase("uploading", g.size(), resumeFrom == 0 ? 0 : Math.min(g.size(), (long) resumeFrom * g.segmentSize()));
        UploadListener listener = new UploadListener() {
            @Override
            public void segmentAcknowledged(int segment) {
                progress.progress(Math.min(g.size(), (segment + 1L) * g.segmentSize()));
            }
        };
        UploadPipeline pipeline = new UploadPipeline(vertx, workers, UploadOptions.DEFAULTS);
        UploadResult r;
        long u0 = System.nanoTime();
        try {
            // hashes and trees in a file, not the heap: memory stays the same for any file size
            r = pipeline.upload(new UploadRequest(si, params, source, servers, new LeaseSecrets(leaseSecret), journal, listener,
                            records.hashScratch(si)))
                    .toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LafsException(LafsException.Kind.LOCAL_IO, "interrupted");
        } catch (ExecutionException e) {
            journal.close();
            if (source.changed() != null) {
                journal.delete();
                records.remove(id, params, secret);
                throw new LafsException(LafsException.Kind.FILE_CHANGED, source.changed().getMessage()
                        + "; no cap was made, upload it again");
            }
            Throwable c = e.getCause() == null ? e : e.getCause();
            String why = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (c instanceof PoisonedStorageIndexException) {
                throw new LafsException(LafsException.Kind.POISONED, "no cap was made: " + why, c);
            }
            throw new LafsException(LafsException.Kind.REMOTE, (c instanceof PlacementException ? "cannot place the shares: " : "direct upload failed: ")
                    + why, c);
        } finally {
            source.close();
        }
        journal.delete();
        records.remove(id, params, secret);
        phases.put("uploading", Duration.ofNanos(System.nanoTime() - u0));
        phases.put("server-selection", r.timings().serverSelection());
        phases.put("encoding", r.timings().encoding());
        phases.put("pushing", r.timings().pushing());
        phases.put("hashes-and-close", r.timings().hashesAndClose());
        phases.put("total", Duration.ofNanos(System.nanoTime() - t0));
        return new UploadReport(new ChkCap(key, r.uebHash(), g.k(), g.n(), g.size()), "direct", g.size(), r.bytesPushed(),
                resumeFrom == 0 ? 0 : (long) resumeFrom * g.segmentSize(), false, r.preexistingShares(), r.pushedShares(), phases);
    }
}
