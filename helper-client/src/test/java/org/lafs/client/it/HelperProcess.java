package org.lafs.client.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real helper ({@code org.lafs.helper.Main run --config FILE}, helper-server at test scope)
 * in a child JVM, configured through its documented YAML; the URL and pin are read from the
 * lines it prints at start.
 */
final class HelperProcess implements AutoCloseable {
    static final String TOKEN = "client-test-token-0123456789";
    /** A second client of the same helper, which must never be able to change what the first uploads. */
    static final String OTHER_TOKEN = "other-client-token-9876543210";
    final Process process;
    final String url;
    final String pin;
    final Path log;

    private HelperProcess(Process process, String url, String pin, Path log) {
        this.process = process;
        this.url = url;
        this.pin = pin;
        this.log = log;
    }

    /** Whether the helper-server module (at test scope) has its launcher yet. */
    static boolean available() {
        try {
            Class.forName("org.lafs.helper.Main", false, HelperProcess.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Starts the helper, or returns null when the helper-server module is not available. */
    static HelperProcess startIfAvailable(Path dir, Path serversYaml, Path convergenceFile) throws Exception {
        return available() ? start(dir, serversYaml, convergenceFile) : null;
    }

    static HelperProcess start(Path dir, Path serversYaml, Path convergenceFile) throws Exception {
        return start(dir, serversYaml, convergenceFile, 0);
    }

    /** Starts the helper on {@code port} (0: any); the same {@code dir} again resumes its state and keeps its pin. */
    static HelperProcess start(Path dir, Path serversYaml, Path convergenceFile, int port) throws Exception {
        Files.createDirectories(dir);
        Path cfg = dir.resolve("helper.yaml");
        Files.writeString(cfg, "listen: {host: 127.0.0.1, port: " + port + "}\n"
                + "state: {dir: " + dir.resolve("state").toAbsolutePath() + "}\n"
                + "grid: {servers-yaml: " + serversYaml.toAbsolutePath() + "}\n"
                + "helper-as-client: {enabled: true, convergence-secret-file: " + convergenceFile.toAbsolutePath() + "}\n"
                + "tokens:\n  test: {secret: " + TOKEN + "}\n  other: {secret: " + OTHER_TOKEN + "}\n");
        Path log = dir.resolve("helper.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.lafs.helper.Main", "run", "--config", cfg.toString())
                .redirectError(log.toFile());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String url = null;
        String pin = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (url == null || pin == null) {
            String line = out.readLine();
            if (line == null || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("helper did not start: " + Files.readString(log));
            }
            if (line.startsWith("helper-url: ")) {
                url = line.substring("helper-url: ".length()).strip();
            } else if (line.startsWith("spki-sha256: ")) {
                pin = line.substring("spki-sha256: ".length()).strip();
            }
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException ignored) {
                // process ended
            }
        }, "helper-stdout");
        drain.setDaemon(true);
        drain.start();
        return new HelperProcess(p, url, pin, log);
    }

    /** The port it listens on. */
    int port() {
        return java.net.URI.create(url).getPort();
    }

    /** SIGKILL: no shutdown hook runs, as when the machine or the process dies. */
    void kill() throws Exception {
        process.destroyForcibly().waitFor();
    }

    /** The helper's root (for its own PUT /uri). */
    String rootUrl() {
        return url.substring(0, url.indexOf("/helper/v1"));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
