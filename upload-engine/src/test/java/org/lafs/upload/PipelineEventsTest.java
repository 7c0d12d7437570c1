package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.EncodingParameters;

/** The listener sees paired start/end events per phase and every pushed byte. */
class PipelineEventsTest {

    private static final class Recorder implements UploadListener {
        final List<String> phases = new ArrayList<>();
        int encodeStarts;
        int encodeEnds;
        int acknowledged;
        long pushed;
        UploadResult result;
        Throwable failure = new IllegalStateException("uploadEnd not called");

        @Override
        public void uploadStart(long size, int numSegments) {
            phases.add("upload+");
        }

        @Override
        public void uploadEnd(UploadResult r, Throwable f) {
            phases.add("upload-");
            result = r;
            failure = f;
        }

        @Override
        public void serverSelectionStart(int knownServers) {
            phases.add("select+");
        }

        @Override
        public void serverSelectionEnd(int happiness, Throwable f) {
            phases.add("select-" + happiness);
        }

        @Override
        public void segmentEncodeStart(int segment) {
            encodeStarts++;
        }

        @Override
        public void segmentEncodeEnd(int segment, long workerNanos) {
            encodeEnds++;
        }

        @Override
        public void segmentAcknowledged(int segment) {
            assertEquals(acknowledged, segment, "acknowledged in order");
            acknowledged++;
        }

        @Override
        public void bytesPushed(String serverId, long bytes) {
            pushed += bytes;
        }

        @Override
        public void finishStart() {
            phases.add("finish+");
        }

        @Override
        public void finishEnd(Throwable f) {
            phases.add("finish-");
        }
    }

    @Test
    void eventsArePairedAndComplete(@TempDir Path dir) {
        EncodingParameters p = new EncodingParameters(2, 3, 4, 65536);
        byte[] data = GridFixture.random(400_000, 31);
        try (GridFixture f = GridFixture.start(dir, 4)) {
            Recorder rec = new Recorder();
            UploadRequest req = new UploadRequest(GridFixture.si(31), p, GridFixture.source(data), f.servers, f.leases,
                    new MemoryUploadJournal(), rec);
            UploadResult r = f.pipeline(UploadOptions.DEFAULTS).upload(req).await();

            assertEquals(List.of("upload+", "select+", "select-4", "finish+", "finish-", "upload-"), rec.phases);
            int segments = p.geometry(data.length).numSegments();
            assertEquals(segments, rec.encodeStarts);
            assertEquals(segments, rec.encodeEnds);
            assertEquals(segments, rec.acknowledged);
            assertEquals(r.bytesPushed(), rec.pushed);
            assertSame(r, rec.result);
            assertNull(rec.failure);
            assertTrue(r.timings().total().compareTo(r.timings().serverSelection()) >= 0);
        }
    }
}
