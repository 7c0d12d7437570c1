package org.lafs.helper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The helper as a separate JVM ({@code org.lafs.helper.Main run --config FILE} on the test class
 * path), so tests can kill it with SIGKILL ({@link Process#destroyForcibly()}) at any point.
 */
final class HelperProcess implements AutoCloseable {
    final Process process;
    final String url;
    final Path log;
    final Path out;

    private HelperProcess(Process process, String url, Path log, Path out) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.out = out;
    }

    /**
     * The value of a {@code name: value} line the process printed, waiting up to 30 s for it: the
     * lines after {@code helper-url:} may still be on their way when the test asks.
     */
    String printed(String name) throws java.io.IOException, InterruptedException {
        return awaitLine(process, out, name, 30, log);
    }

    /**
     * Polls the process's output file (the only signal a separate JVM gives) until a
     * {@code name: value} line appears; fails when the process exits or the deadline passes.
     */
    private static String awaitLine(Process p, Path out, String name, int seconds, Path log)
            throws java.io.IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith(name + ": ")) {
                    return line.substring(name.length() + 2).trim();
                }
            }
            if (System.nanoTime() > deadline || !p.isAlive()) {
                throw new AssertionError("no " + name + " line from the helper process; its log: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** Writes {@code flat} as YAML and starts the helper; waits for its {@code helper-url:} line. */
    static HelperProcess start(Path dir, Map<String, String> flat) throws Exception {
        Path cfg = dir.resolve("helper.yaml");
        StringBuilder yaml = new StringBuilder();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            yaml.append('"').append(e.getKey()).append("\": \"").append(e.getValue()).append("\"\n");
        }
        Files.writeString(cfg, yaml.toString());
        return startArgs(dir, List.of("run", "--config", cfg.toString()));
    }

    /** Starts {@code Main} with {@code args}; waits for the {@code helper-url:} line. */
    static HelperProcess startArgs(Path dir, List<String> args) throws Exception {
        Path log = Files.createTempFile(dir, "helper-", ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.lafs.helper.Main");
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "helper-", ".out");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(out.toFile()).start();
        String u;
        try {
            u = awaitLine(p, out, "helper-url", 60, log);
        } catch (AssertionError e) {
            p.destroyForcibly().waitFor();
            throw e;
        }
        return new HelperProcess(p, u, log, out);
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String root() {
        return url.substring(0, url.length() - "/helper/v1".length());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        if (System.getenv("KILL_TEST_LOG") != null) {
            try {
                System.out.println("---- helper log " + log + "\n" + Files.readString(log));
            } catch (java.io.IOException ignored) {
                // gone
            }
        }
    }
}
