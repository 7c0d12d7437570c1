package org.lafs.helper;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stock tus-js-client (npm, pinned in src/test/node/package.json) under Node against a
 * helper; the same directory has the Kubernetes schema validator (KubernetesManifestsTest). The first use installs it with {@code npm ci} when node_modules is missing; without
 * Node or npm the test fails with a message saying what to install (.ci/run does).
 */
final class StockTusClients {
    /** src/test/node of helper-server; Surefire runs with the module directory as working directory. */
    static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();

    private StockTusClients() {}

    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        Path modules = NODE_DIR.resolve("node_modules");
        if (Files.isDirectory(modules.resolve("tus-js-client")) && Files.isDirectory(modules.resolve("kubernetes-models"))
                && Files.isDirectory(modules.resolve("yaml"))) {
            return;
        }
        Path log = Files.createTempFile("npm-ci", ".log");
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("npm ci in " + NODE_DIR + " failed (needs Debian's nodejs and npm): " + Files.readString(log));
        }
    }

    /**
     * Uploads {@code data} with tus-js-client to {@code endpoint}; returns its report
     * ({@code success}, {@code retries}, {@code chunks}, {@code error}).
     */
    static JsonObject upload(String endpoint, String token, byte[] data, Map<String, String> metadata, Map<String, String> env)
            throws IOException, InterruptedException {
        ensureInstalled();
        Path file = Files.createTempFile("tus-js-", ".bin");
        Path out = Files.createTempFile("tus-js-", ".out");
        try {
            Files.write(file, data);
            List<String> cmd = new ArrayList<>(List.of("node", NODE_DIR.resolve("tus-upload.mjs").toString(), endpoint, token,
                    file.toString(), new JsonObject(new java.util.LinkedHashMap<String, Object>(metadata)).encode()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("tus-js-client did not finish: " + Files.readString(out));
            }
            String printed = Files.readString(out);
            String last = printed.strip().lines().reduce((a, b) -> b).orElse("");
            if (!last.startsWith("{")) {
                throw new AssertionError("tus-js-client printed no report (exit " + p.exitValue() + "): " + printed);
            }
            return new JsonObject(last);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
        }
    }
}
