package org.lafs.client.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What {@code tahoe put}/{@code tahoe get} do against a web-API, with the JDK HTTP client. */
final class NodeTestSupport {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private NodeTestSupport() {}

    /** {@code tahoe put FILE}: PUT /uri with the body, expects the cap as text. */
    static HttpResponse<String> put(int port, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/uri"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code tahoe get CAP}: GET /uri/$CAP (URL-escaped, as Tahoe's CLI does). */
    static HttpResponse<byte[]> get(int port, String cap, String range) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/uri/"
                + java.net.URLEncoder.encode(cap, java.nio.charset.StandardCharsets.UTF_8)));
        if (range != null) {
            b.header("Range", range);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> getText(int port, String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A browser's form upload: multipart/form-data with field {@code file}. */
    static HttpResponse<String> postForm(int port, byte[] body) throws IOException, InterruptedException {
        String boundary = "----lafsboundary7MA4YWxkTrZu0gW";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nupload\r\n").getBytes());
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes());
        out.writeBytes(body);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes());
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/uri?t=upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
