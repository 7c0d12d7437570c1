package org.lafs.loadtest.proc;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.lafs.client.HelperEndpoint;

/**
 * The helper as a separate JVM ({@code org.lafs.helper.Main run --config FILE}), so that its heap
 * and RSS are its own. The loadtest writes the configuration: loopback, port 0, self-signed TLS,
 * one token, the given push window and servers.yaml. Heap comes from a GC log
 * ({@link MemoryProbe}). The URL and the certificate's SPKI pin are read from the lines the helper
 * prints at start ({@code helper-url:}, {@code spki-sha256:}), so clients trust it the way
 * {@code bin/helper-client} does ({@code helper.spki-sha256}), not blindly.
 */
public final class HelperProcess implements AutoCloseable {
    /** Bearer token the simulated clients use (a test value, not a secret). */
    public static final String TOKEN = "loadtest-token-not-secret-0123";

    private final Child child;
    private final URI url;
    private final String pin;
    private final Path gcLog;

    private HelperProcess(Child child, URI url, String pin, Path gcLog) {
        this.child = child;
        this.url = url;
        this.pin = pin;
        this.gcLog = gcLog;
    }

    /**
     * @param dir state and log directory (created)
     * @param serversYaml the grid the helper pushes to (maybe pointing at proxies)
     * @param windowBytes {@code push.window-bytes}
     * @param heap -Xmx value, e.g. {@code 512m}; null: neither -Xmx nor a collector is set
     */
    public static HelperProcess start(Path dir, Path serversYaml, int windowBytes, String heap)
            throws IOException, InterruptedException {
        return start(dir, serversYaml, windowBytes, heap, List.of());
    }

    /** As above with extra JVM flags (e.g. {@code -Xmn32m}). */
    public static HelperProcess start(Path dir, Path serversYaml, int windowBytes, String heap, List<String> extraJvm)
            throws IOException, InterruptedException {
        return start(dir, serversYaml, windowBytes, org.lafs.upload.UploadOptions.DEFAULT_SEGMENTS_PER_WRITE, heap, extraJvm);
    }

    /** As above with {@code push.segments-per-write}. */
    public static HelperProcess start(Path dir, Path serversYaml, int windowBytes, int segmentsPerWrite, String heap,
                                      List<String> extraJvm) throws IOException, InterruptedException {
        return start(dir, serversYaml, windowBytes, segmentsPerWrite, 0, heap, extraJvm);
    }

    /** As above with {@code listen.event-loops} ({@code 0}: the helper's default, one per core). */
    public static HelperProcess start(Path dir, Path serversYaml, int windowBytes, int segmentsPerWrite, int eventLoops, String heap,
                                      List<String> extraJvm) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = dir.resolve("helper.yaml");
        Files.writeString(config, String.join("\n",
                "listen: {host: 127.0.0.1, port: 0, event-loops: " + eventLoops + "}",
                "tls: {mode: self-signed}",
                "state: {dir: " + dir.resolve("state") + "}",
                "grid: {servers-yaml: " + serversYaml.toAbsolutePath() + "}",
                "push: {window-bytes: " + windowBytes + ", segments-per-write: " + segmentsPerWrite + "}",
                "limits: {spool-quota: 1T}",
                "token-defaults: {concurrent-uploads: 1000}",
                "tokens:",
                "  load: {secret: " + TOKEN + "}",
                ""));
        Path gc = dir.resolve("gc.log");
        // heap null: no -Xmx and no collector chosen here, extraJvm says it all (the rss scenario)
        List<String> jvm = new java.util.ArrayList<>(heap == null ? List.of("-Xlog:gc:file=" + gc)
                : List.of("-Xmx" + heap, "-XX:+UseParallelGC", "-Xlog:gc:file=" + gc));
        jvm.addAll(extraJvm);
        Child c = Child.startJava("helper", jvm,
                "org.lafs.helper.Main", List.of("run", "--config", config.toString()), dir.resolve("helper.log"));
        try {
            String line = c.awaitLine(l -> l.startsWith("helper-url: "), Duration.ofSeconds(120));
            // printed right after the URL (tls.mode self-signed always has a pin)
            String pin = c.awaitLine(l -> l.startsWith("spki-sha256: "), Duration.ofSeconds(10));
            return new HelperProcess(c, URI.create(line.substring("helper-url: ".length()).trim()),
                    pin.substring("spki-sha256: ".length()).trim(), gc);
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Base URL, e.g. {@code https://127.0.0.1:PORT/helper/v1}. */
    public URI url() {
        return url;
    }

    public int port() {
        return url.getPort();
    }

    /** The helper certificate's SPKI SHA-256 pin (unpadded base64url), as {@code helper.spki-sha256} takes it. */
    public String pin() {
        return pin;
    }

    /** Where a client reaches this helper directly: its URL, pin and the loadtest token. */
    public HelperEndpoint endpoint() {
        return new HelperEndpoint(url, pin, TOKEN);
    }

    /**
     * The same helper reached through a proxy on {@code 127.0.0.1:proxyPort} (TLS passes through
     * the proxy, so the pin still holds; the pin check ignores the host name).
     */
    public HelperEndpoint endpointVia(int proxyPort) {
        return new HelperEndpoint(URI.create("https://127.0.0.1:" + proxyPort + url.getRawPath()), pin, TOKEN);
    }

    public long pid() {
        return child.pid();
    }

    public Path gcLog() {
        return gcLog;
    }

    @Override
    public void close() {
        child.close();
    }
}
