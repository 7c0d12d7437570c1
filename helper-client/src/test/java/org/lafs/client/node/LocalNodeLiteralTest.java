package org.lafs.client.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.client.LafsClient;
import org.lafs.client.config.NodeDirectory;

@org.junit.jupiter.api.Timeout(60)
/** The web-API paths that need no grid: literal files, t=json, ranges, bad caps, status page. */
class LocalNodeLiteralTest {
    @TempDir
    Path dir;
    Vertx vertx;
    LafsClient client;
    LocalNode node;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        NodeDirectory.Overrides o = new NodeDirectory.Overrides();
        o.direct = true;
        client = new LafsClient(NodeDirectory.open(dir).config(o));
        node = LocalNode.start(vertx, client, "127.0.0.1", 0).await();
    }

    @AfterEach
    void stop() throws Exception {
        node.close().await();
        client.close();
        vertx.close().await();
    }

    @Test
    void literalPutGetJsonAndRanges() throws Exception {
        HttpResponse<String> put = NodeTestSupport.put(node.port(), "hello world".getBytes());
        assertEquals(200, put.statusCode());
        assertEquals("URI:LIT:nbswy3dpeb3w64tmmq", put.body());
        assertTrue(put.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));

        HttpResponse<byte[]> get = NodeTestSupport.get(node.port(), put.body(), null);
        assertEquals(200, get.statusCode());
        assertArrayEquals("hello world".getBytes(), get.body());
        HttpResponse<byte[]> part = NodeTestSupport.get(node.port(), put.body(), "bytes=6-");
        assertEquals(206, part.statusCode());
        assertEquals("world", new String(part.body()));
        assertEquals("bytes 6-10/11", part.headers().firstValue("Content-Range").orElse(""));
        assertEquals(416, NodeTestSupport.get(node.port(), put.body(), "bytes=11-").statusCode());

        HttpResponse<String> json = NodeTestSupport.getText(node.port(), "/uri/" + put.body() + "?t=json");
        assertEquals(200, json.statusCode());
        JsonArray a = new JsonArray(json.body());
        assertEquals("filenode", a.getString(0));
        assertEquals(false, a.getJsonObject(1).getBoolean("mutable"));
        assertEquals(11, a.getJsonObject(1).getLong("size"));
        assertEquals(put.body(), a.getJsonObject(1).getString("ro_uri"));

        HttpResponse<String> form = NodeTestSupport.postForm(node.port(), "form data".getBytes());
        assertEquals(200, form.statusCode(), form.body());
        assertEquals(new org.lafs.chk.cap.LitCap("form data".getBytes()).uri(), form.body());

        HttpResponse<String> empty = NodeTestSupport.put(node.port(), new byte[0]);
        assertEquals("URI:LIT:", empty.body());
        assertEquals(0, NodeTestSupport.get(node.port(), "URI:LIT:", null).body().length);

        try (var files = Files.list(dir.resolve("tmp"))) {
            assertEquals(0, files.count(), "spool files removed");
        }
    }

    @Test
    void badInputIsTahoeStyle() throws Exception {
        HttpResponse<byte[]> bad = NodeTestSupport.get(node.port(), "URI:CHK:garbage", null);
        assertEquals(400, bad.statusCode());
        assertTrue(new String(bad.body()).startsWith("Bad Request: malformed capability"));
        assertEquals(404, NodeTestSupport.getText(node.port(), "/nope").statusCode());
        assertEquals(400, NodeTestSupport.getText(node.port(), "/uri/URI:LIT:nbswy3dp?t=rename").statusCode());
        HttpResponse<String> status = NodeTestSupport.getText(node.port(), "/");
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("Recent uploads"));
        // no servers.yaml: a CHK download is a clean 4xx before any byte
        HttpResponse<byte[]> noGrid = NodeTestSupport.get(node.port(),
                "URI:CHK:aaaaaaaaaaaaaaaaaaaaaaaaaa:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:3:10:1000", null);
        assertEquals(400, noGrid.statusCode());
    }

    @Test
    void bodiesWithoutContentLengthAreBoundedToo() throws Exception {
        LocalNode small = LocalNode.start(vertx, client, "127.0.0.1", 0, 1000).await();
        try {
            // chunked: no Content-Length, so the node counts as the bytes arrive
            java.net.http.HttpRequest chunked = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + small.port() + "/uri"))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[5000])))
                    .build();
            HttpResponse<String> r = NodeTestSupport.HTTP.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode(), r.body());
            HttpResponse<String> form = NodeTestSupport.postForm(small.port(), new byte[5000]);
            assertEquals(413, form.statusCode(), form.body());
            // at the limit: accepted
            java.net.http.HttpRequest fits = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + small.port() + "/uri"))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[40])))
                    .build();
            assertEquals(200, NodeTestSupport.HTTP.send(fits, HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            small.close().await();
        }
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertEquals(0, files.count(), "spool files removed");
        }
    }
}
