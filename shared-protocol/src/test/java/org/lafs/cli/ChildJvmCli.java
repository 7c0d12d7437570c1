package org.lafs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line main class run as a user runs it: in a child JVM on this test's class path,
 * with its output and error captured in files under a scratch directory. The CLI tests of the
 * servers share it so they check their commands the same way.
 */
public final class ChildJvmCli {
    /** How one run ended. */
    public record Run(int exit, String out, String err) {}

    private final String mainClass;
    private final Path dir;

    /** {@code dir} holds the captured output; each run overwrites the last one's. */
    public ChildJvmCli(String mainClass, Path dir) {
        this.mainClass = mainClass;
        this.dir = dir;
    }

    public Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ended");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A usage mistake: exit status 2 and exactly {@code error: message} on stderr. */
    public void fails(String message, String... args) throws Exception {
        Run r = run(args);
        assertEquals(2, r.exit(), r.err());
        assertEquals("error: " + message + "\n", r.err());
    }
}
