package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.StorageIndex;
import org.lafs.chk.ConvergentKey;
import org.lafs.client.LafsClient;
import org.lafs.client.ProgressListener;
import org.lafs.client.UploadReport;
import org.lafs.client.helper.HelperClient;
import org.lafs.format.Base32;

/**
 * {@code put} in a child JVM with {@code --throttle}, killed mid-upload; the re-run sends only
 * the rest (plus at most one helper checkpoint) and gives the same cap.
 */
@Timeout(300)
class ResumeAfterKillTest {
    /** The helper's durable checkpoint interval (ingest.checkpoint-bytes default, 1 MiB). */
    static final long CHECKPOINT = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void killedPutResumes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(HelperProcess.available(), "helper-server not available");
        try (TestGrid grid = TestGrid.start(dir.resolve("grid"));
             HelperProcess helper = HelperProcess.start(dir.resolve("helper"), grid.serversYaml(),
                     ClientNodes.convergenceFile(dir.resolve("conv")))) {
            Path node = ClientNodes.node(dir.resolve("node"), grid, helper);
            long size = 6_000_000;
            Path file = Files2.random(dir.resolve("file"), size, 42);
            byte[] secret = Base32.decode(ClientNodes.CONVERGENCE.strip());
            byte[] key;
            try (var in = Files.newInputStream(file)) {
                key = ConvergentKey.derive(in, size, secret, EncodingParameters.DEFAULTS);
            }
            byte[] si = StorageIndex.of(key);

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.lafs.client.cli.Main",
                    "put", file.toString(), "--node-dir", node.toString(), "--throttle", "1MB")
                    .redirectOutput(dir.resolve("child.out").toFile()).redirectError(dir.resolve("child.err").toFile()).start();
            long seen = 0;
            try (HelperClient hc = new HelperClient(ClientNodes.config(node).helper())) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (seen < 2 * CHECKPOINT) {
                    assertTrue(child.isAlive(), "child ended early: " + Files.readString(dir.resolve("child.err")));
                    assertTrue(System.nanoTime() < deadline, "no progress: " + Files.readString(dir.resolve("child.err")));
                    try {
                        seen = hc.head(si).offset();
                    } catch (java.io.IOException notYet) {
                        // upload not created yet
                    }
                    Thread.sleep(50); // polling a remote offset; no event to wait on
                }
            }
            child.destroyForcibly().waitFor();
            assertTrue(seen < size, "killed before the end");
            assertFalse(Files.readString(dir.resolve("child.out")).contains("URI:"), "the child never finished");

            try (LafsClient client = new LafsClient(ClientNodes.config(node))) {
                UploadReport r = client.upload(file, ProgressListener.NONE);
                String expected = Chk.capabilityOf(() -> Files.newInputStream(file), size, secret, EncodingParameters.DEFAULTS).uri();
                assertEquals(expected, r.cap().uri());
                assertTrue(r.resumedFrom() >= seen, r.toString());
                assertTrue(r.bytesSent() >= size - r.resumedFrom(), r.toString());
                assertTrue(r.bytesSent() <= size - seen + CHECKPOINT, "only the rest plus at most one checkpoint: " + r);
                assertFalse(r.phases().containsKey("hashing"), "the key came from the node directory: " + r.phases());
            }
        }
    }

    @Test
    void killedDirectPutResumes() throws Exception {
        try (TestGrid grid = TestGrid.start(dir.resolve("grid"))) {
            Path node = ClientNodes.node(dir.resolve("node"), grid, null);
            long size = 6_000_000;
            Path file = Files2.random(dir.resolve("file"), size, 43);
            byte[] secret = Base32.decode(ClientNodes.CONVERGENCE.strip());
            byte[] key;
            try (var in = Files.newInputStream(file)) {
                key = ConvergentKey.derive(in, size, secret, EncodingParameters.DEFAULTS);
            }
            Path journal = new org.lafs.client.upload.UploadRecords(node).journal(StorageIndex.of(key));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.lafs.client.cli.Main",
                    "put", file.toString(), "--node-dir", node.toString(), "--direct", "--throttle", "1MB")
                    .redirectOutput(dir.resolve("child.out").toFile()).redirectError(dir.resolve("child.err").toFile()).start();
            // a segment record is 2 + 32 * 11 bytes; wait for about 12 segments (1.5 MB) in the journal
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(journal) || Files.size(journal) < 1000 + 12 * 359) {
                assertTrue(child.isAlive(), "child ended early: " + Files.readString(dir.resolve("child.err")));
                assertTrue(System.nanoTime() < deadline, "no progress: " + Files.readString(dir.resolve("child.err")));
                Thread.sleep(50); // polling a file another process writes
            }
            child.destroyForcibly().waitFor();
            assertFalse(Files.readString(dir.resolve("child.out")).contains("URI:"), "the child never finished");

            try (LafsClient client = new LafsClient(ClientNodes.config(node))) {
                UploadReport r = client.upload(file, ProgressListener.NONE);
                String expected = Chk.capabilityOf(() -> Files.newInputStream(file), size, secret, EncodingParameters.DEFAULTS).uri();
                assertEquals(expected, r.cap().uri());
                assertTrue(r.resumedFrom() >= 10L * 131073, r.toString());
                // share bytes for the rest: (size - resumedFrom) * n / k, plus trailers and one segment of slack
                long rest = (size - r.resumedFrom()) * 10 / 3;
                assertTrue(r.bytesSent() <= rest + 10L * 131073 / 3 * 10 / 10 + 200_000, r.toString());
                assertFalse(r.phases().containsKey("hashing"), "the key came from the node directory: " + r.phases());
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                client.download(r.cap(), out, ProgressListener.NONE);
                assertEquals(java.util.Arrays.toString(Files2.sha256(file)),
                        java.util.Arrays.toString(java.security.MessageDigest.getInstance("SHA-256").digest(out.toByteArray())));
            }
        }
    }
}
