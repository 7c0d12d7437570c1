package org.lafs.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local node as a user with a full disk and a web page with bad intentions would meet it
 * (issue 13, items 2 and 5): its node directory on a 6 MB tmpfs, a real grid behind it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class NodeHardeningTest {
    static final long DISK = 6L << 20;

    @TempDir
    static Path dir;
    TestGrid grid;
    Tmpfs disk;
    RunningNode node;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() throws Exception {
        grid = TestGrid.start(dir.resolve("grid"));
        disk = Tmpfs.mount(dir.resolve("small"), DISK);
        node = RunningNode.start(ClientNodes.node(disk.dir.resolve("node"), grid, null));
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
        disk.close();
        grid.close();
    }

    String base() {
        return node.base();
    }

    private long sharesInGrid() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("grid"))) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9]+") && p.toString().contains("/shares/")
                    && !p.toString().contains("incoming")).count();
        }
    }

    /**
     * Before: 200 and a cap for the first ~21 MB of a 30 MB body, zeros inside. Now: a body that
     * does not fit the disk gets 507 with the reason, no cap, nothing in the grid, no spool left.
     * With Content-Length and chunked alike.
     */
    @Test
    void aBodyThatDoesNotFitTheDiskIsRefusedNeverCapped() throws Exception {
        byte[] body = new byte[10 << 20];
        new Random(1).nextBytes(body);
        long before = sharesInGrid();
        HttpResponse<String> sized = http.send(HttpRequest.newBuilder(URI.create(base() + "/uri"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(base() + "/uri"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        for (HttpResponse<String> r : List.of(sized, chunked)) {
            assertEquals(507, r.statusCode(), r.body());
            assertTrue(r.body().contains("No space left on device"), r.body());
            assertFalse(r.body().contains("URI:"), r.body());
        }
        assertEquals(before, sharesInGrid(), "nothing was uploaded");
        try (Stream<Path> tmp = Files.list(disk.dir.resolve("node/tmp"))) {
            assertEquals(0, tmp.count(), "no spool file left");
        }
        // the node still works for what fits
        byte[] small = new byte[100_000];
        new Random(2).nextBytes(small);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base() + "/uri"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(small)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().startsWith("URI:CHK:"));
    }

    /** A body that stops short of its Content-Length is an error, not a shorter file. */
    @Test
    void aBodyShorterThanItsLengthIsRefused() throws Exception {
        RawHttp.Response r = RawHttp.exchange("127.0.0.1", node.port(), false,
                ("PUT /uri HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(5000)).getBytes(),
                true);
        // the client half-closed after 5,000 bytes: the node must not make a cap of them
        assertTrue(r.status() == 400 || r.status() == -1, r.toString());
        assertFalse(r.body().contains("URI:"), r.toString());
    }

    /** A web page the user visits can make the browser POST here; the node refuses what comes from another origin. */
    @Test
    void crossOriginWritesAndForeignHostNamesAreRefused() throws Exception {
        byte[] body = "a file a web page wants uploaded with the user's secret".repeat(10).getBytes();
        for (String[] h : new String[][] {{"Origin", "http://evil.example"}, {"Origin", "null"},
                {"Sec-Fetch-Site", "cross-site"}, {"Referer", "http://evil.example/page.html"}}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/uri")).header(h[0], h[1])
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode(), h[0] + ": " + r.body());
        }
        HttpResponse<String> same = http.send(HttpRequest.newBuilder(URI.create(base() + "/uri"))
                .header("Origin", base()).header("Sec-Fetch-Site", "same-origin")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, same.statusCode(), same.body());
        // DNS rebinding: evil.example resolved to 127.0.0.1, the browser sends its own name
        RawHttp.Response rebound = RawHttp.exchange("127.0.0.1", node.port(), false,
                "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".getBytes(), false);
        assertEquals(403, rebound.status(), rebound.toString());
        RawHttp.Response local = RawHttp.exchange("127.0.0.1", node.port(), false,
                ("GET / HTTP/1.1\r\nHost: localhost:" + node.port() + "\r\nConnection: close\r\n\r\n").getBytes(), false);
        assertEquals(200, local.status(), local.toString());
    }

    /** Malformed requests get a 4xx with a one-line reason (before: 500 and a 49-line stack trace). */
    @Test
    void malformedRequestsGetFourHundreds() throws Exception {
        String[] requests = {
            "POST /uri?t=upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello",
            "POST /uri?t=upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data\r\nContent-Length: 5\r\n\r\nhello",
            "PUT /uri HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 12abc\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET nopath HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /uri/URI:CHK:not-a-cap HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        };
        for (String req : requests) {
            RawHttp.Response r = RawHttp.exchange("127.0.0.1", node.port(), false, req.getBytes(), false);
            assertTrue(r.status() >= 400 && r.status() < 500, req + " -> " + r);
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.toString());
        }
    }

    /**
     * The node's private directories are owner-only, and so are the secrets it creates (the lease
     * secret appears with the first direct upload).
     */
    @Test
    void privateDirectoriesAndSecretsAreOwnerOnly() throws Exception {
        Path nodeDir = disk.dir.resolve("node");
        byte[] small = new byte[70_000];
        new Random(5).nextBytes(small);
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base() + "/uri"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(small)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals("rwx------", perms(nodeDir.resolve("private")));
        assertEquals("rwx------", perms(nodeDir.resolve("tmp")));
        assertEquals("rw-------", perms(nodeDir.resolve("private/secret")));
    }

    static String perms(Path p) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
