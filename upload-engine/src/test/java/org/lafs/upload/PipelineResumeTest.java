package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;

/**
 * A second run with the same journal continues the first: same servers, same upload secrets,
 * after the last acknowledged segment, and produces the cap offline encoding gives.
 */
class PipelineResumeTest {
    private static final EncodingParameters P = new EncodingParameters(3, 7, 10, 131072);
    private static final int SIZE = 1_000_000;

    /** The spool ends (for now) at segment {@code stopAt}: reads beyond it fail. */
    private static CiphertextSource stoppingAt(byte[] data, long stopAt) {
        CiphertextSource all = GridFixture.source(data);
        return new CiphertextSource() {
            @Override
            public long size() {
                return all.size();
            }

            @Override
            public Future<Buffer> read(long offset, int length) {
                if (offset >= stopAt) {
                    return Future.failedFuture(new IllegalStateException("spool not available"));
                }
                return all.read(offset, length);
            }
        };
    }

    @Test
    void resumeAfterInterruptionPushesNoSegmentTwice(@TempDir Path dir) {
        byte[] data = GridFixture.random(SIZE, 7);
        byte[] si = GridFixture.si(7);
        FileGeometry g = P.geometry(SIZE);
        GridFixture.Offline offline = GridFixture.offline(data, P);
        try (GridFixture f = GridFixture.start(dir, 12)) {
            MemoryUploadJournal journal = new MemoryUploadJournal();
            UploadPipeline pipeline = f.pipeline(UploadOptions.DEFAULTS);

            UploadException e = assertThrows(UploadException.class, () -> pipeline.upload(
                    f.request(si, P, stoppingAt(data, g.segmentOffset(5)), journal)).await());
            assertTrue(e.getMessage().contains("reading ciphertext at offset " + g.segmentOffset(5)), e.getMessage());
            assertEquals(5, journal.segmentsAcknowledged(), "segments before the failed read are journaled");
            SavedPlacement saved = journal.placement().orElseThrow();

            UploadResult r = pipeline.upload(f.request(si, P, GridFixture.source(data), journal)).await();

            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            assertEquals(saved.shareToServer(), journal.placement().orElseThrow().shareToServer(), "same servers");
            assertEquals(g.numSegments(), journal.segmentSaves(), "every segment journaled exactly once");
            long allocated = offline.result().layout().allocatedSize();
            assertEquals(10 * allocated, f.bytesWritten(), "no share byte was written twice");
            assertEquals(10, r.pushedShares());
        }
    }

    @Test
    void resumeAfterLostJournalTailRewritesIdenticalBytes(@TempDir Path dir) {
        byte[] data = GridFixture.random(SIZE, 8);
        byte[] si = GridFixture.si(8);
        FileGeometry g = P.geometry(SIZE);
        GridFixture.Offline offline = GridFixture.offline(data, P);
        try (GridFixture f = GridFixture.start(dir, 12)) {
            MemoryUploadJournal journal = new MemoryUploadJournal();
            UploadPipeline pipeline = f.pipeline(UploadOptions.DEFAULTS);
            assertThrows(UploadException.class, () -> pipeline.upload(
                    f.request(si, P, stoppingAt(data, g.segmentOffset(6)), journal)).await());
            journal.truncate(2); // a crash lost the last saves: servers hold more than the journal says

            UploadResult r = pipeline.upload(f.request(si, P, GridFixture.source(data), journal)).await();

            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            long allocated = offline.result().layout().allocatedSize();
            assertTrue(f.bytesWritten() > 10 * allocated, "segments 2.. were written again (identical bytes accepted)");
        }
    }

    @Test
    void finishedUploadRunAgainFindsEverySharePlaced(@TempDir Path dir) {
        byte[] data = GridFixture.random(300_000, 9);
        byte[] si = GridFixture.si(9);
        GridFixture.Offline offline = GridFixture.offline(data, P);
        try (GridFixture f = GridFixture.start(dir, 10)) {
            UploadPipeline pipeline = f.pipeline(UploadOptions.DEFAULTS);
            pipeline.upload(f.request(si, P, GridFixture.source(data), new MemoryUploadJournal())).await();
            long written = f.bytesWritten();

            // a new journal: a fresh upload of a file the grid already holds
            UploadResult again = pipeline.upload(f.request(si, P, GridFixture.source(data), new MemoryUploadJournal())).await();

            assertArrayEquals(offline.result().uebHash(), again.uebHash());
            assertEquals(0, again.pushedShares());
            assertEquals(10, again.preexistingShares());
            assertEquals(written, f.bytesWritten(), "nothing pushed");
        }
    }

    @Test
    void resumeFromAFileJournalInANewProcess(@TempDir Path dir) throws Exception {
        byte[] data = GridFixture.random(SIZE, 10);
        byte[] si = GridFixture.si(10);
        FileGeometry g = P.geometry(SIZE);
        GridFixture.Offline offline = GridFixture.offline(data, P);
        Path journalFile = dir.resolve("journal");
        try (GridFixture f = GridFixture.start(dir.resolve("grid"), 12)) {
            assertThrows(UploadException.class, () -> f.pipeline(UploadOptions.DEFAULTS).upload(
                    f.request(si, P, stoppingAt(data, g.segmentOffset(3)), new FileUploadJournal(journalFile, 10))).await());

            FileUploadJournal reopened = new FileUploadJournal(journalFile, 10); // as after a restart
            assertEquals(3, reopened.segmentsAcknowledged());
            UploadResult r = f.pipeline(UploadOptions.DEFAULTS).upload(
                    f.request(si, P, GridFixture.source(data), reopened)).await();

            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            assertArrayEquals(offline.result().uebHash(), new FileUploadJournal(journalFile, 10).resultUebHash().orElseThrow());
            assertEquals(10 * offline.result().layout().allocatedSize(), f.bytesWritten(), "no share byte was written twice");
        }
    }

    @Test
    void resumeRepairsRangesAKilledServerForgot(@TempDir Path dir) throws Exception {
        byte[] data = GridFixture.random(SIZE, 11);
        byte[] si = GridFixture.si(11);
        FileGeometry g = P.geometry(SIZE);
        GridFixture.Offline offline = GridFixture.offline(data, P);
        MemoryUploadJournal journal = new MemoryUploadJournal();
        try (GridFixture f = GridFixture.start(dir, 10)) {
            assertThrows(UploadException.class, () -> f.pipeline(UploadOptions.DEFAULTS).upload(
                    f.request(si, P, stoppingAt(data, g.segmentOffset(6)), journal)).await());
        }
        assertEquals(6, journal.segmentsAcknowledged());
        // A killed node keeps the bytes but forgets ranges written since its last checkpoint
        // (ShareStore.CHECKPOINT_INTERVAL_MS): here, all of them.
        int sidecars = 0;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".upload")).toList()) {
                String text = java.nio.file.Files.readString(p).replaceAll("(?m)^written=.*$", "written=");
                java.nio.file.Files.writeString(p, text);
                sidecars++;
            }
        }
        assertEquals(10, sidecars, "one open upload per share");

        try (GridFixture f = GridFixture.start(dir, 10)) {
            UploadResult r = f.pipeline(UploadOptions.DEFAULTS).upload(f.request(si, P, GridFixture.source(data), journal)).await();

            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            assertEquals(10, r.pushedShares());
            long allocated = offline.result().layout().allocatedSize();
            assertTrue(f.bytesWritten() >= 10 * allocated, "the forgotten header and segments 0-5 were sent again");
            for (int i = 0; i < 10; i++) {
                assertEquals(1, f.clients.get(i).listShares(si).await().size(), "node " + i + " holds its share, complete");
            }
        }
    }
}
