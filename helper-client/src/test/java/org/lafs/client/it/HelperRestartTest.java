package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.Chk;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.StorageIndex;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.client.UploadReport;
import org.lafs.client.config.NodeDirectory;
import org.lafs.client.helper.HelperClient;
import org.lafs.format.Base32;

/**
 * The client rides out a helper that is killed and comes back (issue 16): it retries with
 * backoff, resumes from the helper's durable offset and gets the right cap; and it learns that
 * its token is wrong before it reads the file.
 */
@Timeout(300)
class HelperRestartTest {
    @TempDir
    Path dir;

    /** Records the phases and notes an upload reports. */
    static final class Recorder implements ProgressListener {
        final List<String> phases = new CopyOnWriteArrayList<>();
        final List<String> notes = new CopyOnWriteArrayList<>();

        @Override
        public void phase(String name, long total, long alreadyDone) {
            phases.add(name);
        }

        @Override
        public void note(String message) {
            notes.add(message);
        }
    }

    @Test
    void uploadSurvivesAHelperKilledAndRestarted() throws Exception {
        try (TestGrid grid = TestGrid.start(dir.resolve("grid"))) {
            Path conv = ClientNodes.convergenceFile(dir.resolve("conv"));
            HelperProcess helper = HelperProcess.start(dir.resolve("helper"), grid.serversYaml(), conv);
            int port = helper.port();
            Path node = ClientNodes.node(dir.resolve("node"), grid, helper);
            long size = 24_000_000;
            Path file = Files2.random(dir.resolve("file"), size, 7);
            NodeDirectory.Overrides throttled = new NodeDirectory.Overrides();
            throttled.throttle = 3_000_000L;
            Recorder rec = new Recorder();
            try (LafsClient client = new LafsClient(NodeDirectory.open(node).config(throttled))) {
                CompletableFuture<UploadReport> up = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.upload(file, rec);
                    } catch (LafsException e) {
                        throw new RuntimeException(e);
                    }
                });
                byte[] si = siOf(file, size);
                try (HelperClient hc = new HelperClient(ClientNodes.config(node).helper())) {
                    waitFor("6 MB at the helper", () -> hc.head(si).offset() >= 6_000_000, up);
                }
                helper.kill();
                TimeUnit.SECONDS.sleep(3); // the client meets a closed port for a while
                assertFalse(up.isDone(), "the client must not give up while the helper is away");
                helper = HelperProcess.start(dir.resolve("helper"), grid.serversYaml(), conv, port);
                UploadReport r = up.get(240, TimeUnit.SECONDS);
                String expected = Chk.capabilityOf(() -> Files.newInputStream(file), size,
                        Base32.decode(ClientNodes.CONVERGENCE.strip()), EncodingParameters.DEFAULTS).uri();
                assertEquals(expected, r.cap().uri());
                assertTrue(r.bytesSent() < size + 3_000_000, "resumed, not restarted: sent " + r.bytesSent());
                assertTrue(rec.notes.stream().anyMatch(n -> n.contains("trying again")), rec.notes.toString());
                Path out = dir.resolve("out");
                try (OutputStream o = Files.newOutputStream(out)) {
                    client.download(r.cap(), o, ProgressListener.NONE);
                }
                assertArrayEquals(Files2.sha256(file), Files2.sha256(out));
            } finally {
                helper.close();
            }
        }
    }

    /** A wrong token ends the upload before a byte of the file is read (before: after hashing it all). */
    @Test
    void aWrongTokenIsReportedBeforeHashing() throws Exception {
        try (TestGrid grid = TestGrid.start(dir.resolve("grid"));
             HelperProcess helper = HelperProcess.start(dir.resolve("helper"), grid.serversYaml(),
                     ClientNodes.convergenceFile(dir.resolve("conv")))) {
            Path node = ClientNodes.node(dir.resolve("node"), grid, helper);
            Path big = dir.resolve("sparse");
            try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                f.setLength(50L << 30); // 50 GiB: hashing it would take minutes
            }
            NodeDirectory.Overrides wrong = new NodeDirectory.Overrides();
            wrong.token = "not-the-token-0123456789";
            Recorder rec = new Recorder();
            try (LafsClient client = new LafsClient(NodeDirectory.open(node).config(wrong))) {
                LafsException e = assertThrows(LafsException.class, () -> client.upload(big, rec));
                assertTrue(e.getMessage().contains("refused our token"), e.getMessage());
                assertEquals(List.of(), rec.phases, "no phase started: the file was not read");
            }
        }
    }

    private static byte[] siOf(Path file, long size) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return StorageIndex.of(ConvergentKey.derive(in, size, Base32.decode(ClientNodes.CONVERGENCE.strip()),
                    EncodingParameters.DEFAULTS));
        }
    }

    /** Polls {@code cond} (helper errors count as "not yet") until true; fails if {@code upload} ended first. */
    private static void waitFor(String what, Check cond, CompletableFuture<?> upload) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                if (cond.ok()) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the upload may not exist yet
            }
            assertFalse(upload.isDone(), "the upload ended before " + what + ": " + upload);
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }
}
