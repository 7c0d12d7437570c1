package org.lafs.helper;

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

/** {@code helper-server} as a user runs it (a child JVM): help, version and mistakes, one line each. */
class HelperCliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), "org.lafs.helper.Main"));
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
        for (String[] a : new String[][] {{"--help"}, {"run", "--help"}, {"dev", "--help"}}) {
            Run r = run(a);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("usage: helper-server run --config FILE"), r.out());
        }
        for (String[] a : new String[][] {{"--version"}, {"run", "-V"}, {"dev", "--version"}}) {
            Run r = run(a);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("helper-server " + BuildInfo.version() + " (built "), r.out());
        }
        assertEquals(2, run().exit());
    }

    @Test
    void mistakesAreOneLine() throws Exception {
        fails("unknown command 'serve' (try --help)", "serve");
        fails("unknown option '--bogus'", "dev", "--bogus");
        fails("unknown option '--dir'", "run", "--dir", "x");
        fails("option --config needs a value", "run", "--config");
        fails("option --config given twice", "run", "--config", "a", "--config", "b");
        fails("run needs --config FILE", "run");
        fails("unexpected argument 'extra'", "run", "--config", "a", "extra");
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "limits:\n  spool-quota: lots\n");
        Run r = run("run", "--config", cfg.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: config key limits.spool-quota must be a size") && r.err().lines().count() == 1, r.err());
    }
}
