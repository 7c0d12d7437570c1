package org.lafs.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** put/get/check bad input: one {@code error:} line, exit 1 or 2, nothing on stdout. */
class ClientCliErrorsTest {
    @TempDir
    Path tmp;
    Path file;
    Path node;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        file = tmp.resolve("plain");
        Files.write(file, new byte[1000]);
        node = tmp.resolve("node");
        env = Map.of("LAFS_CLIENT_DIR", node.toString());
    }

    private String fails(int code, String... args) {
        CliRunner r = CliRunner.run(env, args);
        assertEquals(code, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "));
        return r.err().strip();
    }

    @Test
    void usage() {
        assertEquals("error: --direct and --helper exclude each other",
                fails(2, "put", file.toString(), "--direct", "--helper", "https://127.0.0.1:1", "--token", "t"));
        assertTrue(fails(2, "put", file.toString(), "--throttle", "fast").contains("not a size"));
        assertEquals("error: --throttle must be at least 1KB (1000 bytes/s)", fails(2, "put", file.toString(), "--throttle", "10"));
        assertEquals("error: option --direct takes no value", fails(2, "put", file.toString(), "--direct=yes"));
        assertTrue(fails(2, "get", "URI:CHK:notacap").startsWith("error: malformed capability"));
        assertTrue(fails(2, "check", "hello").startsWith("error: malformed capability"));
        assertEquals("error: get needs exactly one CAP argument", fails(2, "get"));
        assertTrue(fails(2, "get", "URI:LIT:nbswy3dp", "--offset", "9").contains("outside the file"));
    }

    @Test
    void runtime() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String msg = fails(1, "put", file.toString(), "--helper", "https://127.0.0.1:" + port, "--token", "0123456789abcdef", "--quiet",
                "--retry-for", "2s");
        assertTrue(msg.contains("cannot connect to the helper"), msg);
        assertFalse(msg.contains("0123456789abcdef"), "token never printed");
        String noGrid = fails(1, "put", file.toString(), "--direct", "--quiet");
        assertTrue(noGrid.contains("servers.yaml"), noGrid);
        String getNoGrid = fails(1, "get", "URI:CHK:aaaaaaaaaaaaaaaaaaaaaaaaaa:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:3:10:1000");
        assertTrue(getNoGrid.contains("servers.yaml"), getNoGrid);
        assertTrue(fails(1, "put", tmp.resolve("missing").toString(), "--quiet").contains("no such file"));
    }

    @Test
    void literalRoundTripNeedsNoGrid() throws Exception {
        Path small = tmp.resolve("small");
        Files.writeString(small, "hello");
        CliRunner put = CliRunner.run(env, "put", small.toString(), "--direct");
        assertEquals(0, put.exit(), put.err());
        assertEquals("URI:LIT:nbswy3dp\n", put.out());
        CliRunner before = CliRunner.run(env, "--node-dir", node.toString(), "--direct", "put", small.toString());
        assertEquals(0, before.exit(), before.err());
        assertEquals("URI:LIT:nbswy3dp\n", before.out(), "global options before the command word");
        CliRunner get = CliRunner.run(env, "get", "URI:LIT:nbswy3dp");
        assertEquals("hello", get.out());
        Path out = tmp.resolve("out");
        assertEquals(0, CliRunner.run(env, "get", "URI:LIT:nbswy3dp", "-o", out.toString()).exit());
        assertEquals("hello", Files.readString(out));
    }
}
