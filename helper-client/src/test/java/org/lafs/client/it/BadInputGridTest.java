package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.cap.ChkCap;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.client.cli.Main;

/** Malformed, unknown and mismatched caps, and a file changed between the passes, on a real grid. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class BadInputGridTest {
    @TempDir
    static Path dir;
    TestGrid grid;
    HelperProcess helper;
    Path helperNode;
    Path directNode;

    @BeforeAll
    void start() throws Exception {
        grid = TestGrid.start(dir.resolve("grid"));
        helper = HelperProcess.startIfAvailable(dir.resolve("helper"), grid.serversYaml(),
                ClientNodes.convergenceFile(dir.resolve("conv")));
        helperNode = ClientNodes.node(dir.resolve("node-h"), grid, helper);
        directNode = ClientNodes.node(dir.resolve("node-d"), grid, null);
    }

    @AfterAll
    void stop() throws Exception {
        if (helper != null) {
            helper.close();
        }
        grid.close();
    }

    record Run(int exit, String out, String err) {}

    Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("LAFS_CLIENT_DIR", directNode.toString()));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code cap} takes the node directory's secret and parameters exactly as {@code put} does. */
    @Test
    void capOfANodeDirectoryIsWhatPutGives() throws Exception {
        Path f = dir.resolve("cap-vs-put");
        byte[] data = new byte[300_000];
        new java.util.Random(77).nextBytes(data);
        java.nio.file.Files.write(f, data);
        Run put = cli("--node-dir", directNode.toString(), "put", f.toString(), "--quiet");
        assertEquals(0, put.exit(), put.err());
        Run cap = cli("cap", "--node-dir", directNode.toString(), f.toString());
        assertEquals(0, cap.exit(), cap.err());
        assertEquals(put.out(), cap.out());
        Run encode = cli("encode", f.toString(), "--node-dir", directNode.toString(), "--out", dir.resolve("enc").toString());
        assertEquals(put.out(), encode.out(), encode.err());
        if (helper != null) {
            Run viaHelper = cli("put", f.toString(), "--node-dir", helperNode.toString(), "--quiet");
            assertEquals(0, viaHelper.exit(), viaHelper.err());
            assertEquals(viaHelper.out(), cli("--node-dir", helperNode.toString(), "cap", f.toString()).out());
        }
    }

    @Test
    void capsThatDoNotWork() throws Exception {
        Path f = Files2.random(dir.resolve("f"), 1000, 1);
        Run put = cli("put", f.toString(), "--quiet");
        assertEquals(0, put.exit(), put.err());
        ChkCap cap = (ChkCap) LafsClient.parseCap(put.out().strip());

        Run malformed = cli("get", "URI:CHK:xyz");
        assertEquals(2, malformed.exit());
        assertEquals(1, malformed.err().lines().count(), malformed.err());

        Run unknown = cli("get", new ChkCap(new byte[16], cap.uebHash(), 3, 10, 1000).uri());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().startsWith("error: no shares of this file"), unknown.err());
        assertEquals("", unknown.out());

        byte[] wrong = cap.uebHash();
        wrong[0] ^= 1;
        Run mismatch = cli("get", new ChkCap(cap.key(), wrong, 3, 10, 1000).uri());
        assertEquals(1, mismatch.exit());
        assertTrue(mismatch.err().contains("do not match the cap"), mismatch.err());
        assertEquals("", mismatch.out());
        assertEquals(1, mismatch.err().lines().count());

        Run check = cli("check", cap.uri());
        assertEquals(0, check.exit(), check.out() + check.err());
        assertTrue(check.out().contains("healthy"));
    }

    @Test
    void fileChangedBetweenPassesThroughHelper() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(helper != null, "helper-server not available");
        changedBetweenPasses(helperNode);
    }

    @Test
    void fileChangedBetweenPassesDirect() throws Exception {
        changedBetweenPasses(directNode);
    }

    private void changedBetweenPasses(Path node) throws Exception {
        // distinct content per flow: a terminated helper upload may hold the SI's bucket slots a while
        Path f = Files2.random(dir.resolve("changing-" + node.getFileName()), 400_000, node.getFileName().toString().hashCode());
        try (LafsClient client = new LafsClient(ClientNodes.config(node))) {
            ProgressListener changeIt = new ProgressListener() {
                @Override
                public void phase(String name, long total, long done) {
                    if (name.equals("uploading")) {
                        try {
                            byte[] b = Files.readAllBytes(f);
                            b[b.length - 10] ^= 1;
                            Files.write(f, b);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            };
            LafsException e = assertThrows(LafsException.class, () -> client.upload(f, changeIt));
            assertEquals(LafsException.Kind.FILE_CHANGED, e.kind(), e.getMessage());
        }
    }
}
