package org.lafs.loadtest.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM on this process's class path (storage grid, helper). Its standard output lines are
 * collected (at most {@link #MAX_LINES}) so the caller can wait for a start-up line; standard
 * error goes to a log file. Every child is destroyed by {@link #close} and, as a safety net, by
 * a shutdown hook of this JVM.
 */
public final class Child implements AutoCloseable {
    static final int MAX_LINES = 1000;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(p -> {
            p.destroy();
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }), "loadtest-children"));
    }

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private Child(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readStdout, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java JVMFLAGS -cp <our class path> MAIN ARGS}.
     *
     * @param stderrLog file receiving the child's standard error
     */
    public static Child startJava(String name, List<String> jvmFlags, String mainClass, List<String> args, Path stderrLog)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(jvmFlags);
        // Extra flags for one kind of child, e.g. LOADTEST_HELPER_JVM="-XX:StartFlightRecording=..."
        // to profile the helper during a scenario.
        String extra = System.getenv("LOADTEST_" + name.toUpperCase(Locale.ROOT) + "_JVM");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderrLog.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        LIVE.add(p);
        return new Child(name, p);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until a standard-output line matches; fails when the child exits or time runs out. */
    public String awaitLine(Predicate<String> match, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (!process.isAlive() && seen == lines.size()) {
                    throw new IOException(name + " exited with status " + process.exitValue() + " before it was ready");
                }
                if (left <= 0) {
                    throw new IOException(name + " not ready after " + timeout.toSeconds() + " s");
                }
                lines.wait(Math.max(1, Math.min(200, left / 1_000_000)));
            }
        }
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    if (lines.size() < MAX_LINES) {
                        lines.add(line);
                    }
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the child went away
        }
    }

    /** SIGTERM, then SIGKILL after 5 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
    }
}
