package org.lafs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.BuildInfo;

/** {@code storage-server} as a user runs it (a child JVM): help, version and mistakes, one line each. */
class StorageCliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), "org.lafs.storage.Main"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ended");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    void fails(String message, String... args) throws Exception {
        Run r = run(args);
        assertEquals(2, r.exit(), r.err());
        assertEquals("error: " + message + "\n", r.err());
    }

    @Test
    void helpAndVersionOnEveryCommand() throws Exception {
        for (String[] a : new String[][] {{"--help"}, {"run", "--help"}, {"grid", "-h"}}) {
            Run r = run(a);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("usage: storage-server run --dir DIR"), r.out());
        }
        for (String[] a : new String[][] {{"--version"}, {"run", "--version"}, {"grid", "-V"}}) {
            Run r = run(a);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("storage-server " + BuildInfo.version() + " (built "), r.out());
        }
        assertEquals(2, run().exit());
    }

    @Test
    void mistakesAreOneLine() throws Exception {
        fails("unknown command 'serve' (try --help)", "serve");
        fails("unknown option '--bogus'", "run", "--dir", dir.toString(), "--bogus", "1");
        fails("unknown option '--count'", "run", "--dir", dir.toString(), "--count", "3");
        fails("option --port needs a value", "run", "--dir", dir.toString(), "--port");
        fails("option --port given twice", "run", "--dir", dir.toString(), "--port", "1", "--port", "2");
        fails("--dir is required", "run");
        fails("--count is required", "grid", "--dir", dir.toString());
        fails("--port must be in 0..65535, got 70000", "run", "--dir", dir.toString(), "--port", "70000");
        fails("--reserved-space: 'lots' is not a size (examples: 500KB, 4MB, 1MiB, 65536)", "run", "--dir", dir.toString(),
                "--reserved-space", "lots");
    }
}
