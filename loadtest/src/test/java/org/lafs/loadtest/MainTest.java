package org.lafs.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The dispatcher and the codec subcommand's output contract (no timing asserts). */
class MainTest {

    private record Run(int status, String out, String err) {}

    private static Run run(String... argv) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(argv);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void codecPrintsEncodeRateAsLastLine() {
        Run r = run("codec", "--k", "3", "--n", "10", "--mib", "2", "--warmup-seconds", "0");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("encode MB/s: [0-9]+\\.[0-9]"), r.out());
        assertTrue(r.out().contains("decode MB/s: "), r.out());
    }

    @Test
    void codecRunsForcedScalarAndOddShapes() {
        Run r = run("codec", "--k", "101", "--n", "256", "--mib", "1", "--segment", "1001", "--impl", "scalar",
                "--warmup-seconds", "0");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("ScalarCodec, 101-of-256"), r.out());
    }

    @Test
    void misuseIsOneLineAndStatus2() {
        for (String[] argv : new String[][] {{"codec", "--k", "0"}, {"codec", "--n"}, {"codec", "--bogus"},
            {"nope"}, {"codec", "--k", "4", "--n", "3"}, {"codec", "--mib", "x"}}) {
            Run r = run(argv);
            assertEquals(2, r.status(), String.join(" ", argv));
            assertTrue(r.err().startsWith("error: ") && r.err().strip().lines().count() == 1, r.err());
        }
    }

    @Test
    void helpListsSubcommands() {
        Run r = run("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("codec ") && r.out().contains("codec-bench"), r.out());
    }

    @Test
    void scenarioMisuseIsOneLineAndStartsNothing() {
        Run r = run("throttle", "--codes", "3/2");
        assertEquals(2, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: --codes"), r.err());
        assertEquals(2, run("memory", "--heap", "lots").status());
        assertEquals(2, run("window", "--rtts", "5,x").status());
        assertEquals(2, run("throughput", "--clients", "0").status());
        assertEquals(2, run("quick", "--bogus").status());
        assertEquals(2, run("floor", "--size", "1K").status());
        assertEquals(2, run("throughput", "--settle-jit", "NaN").status());
        assertEquals(2, run("throughput", "--settle-jit", "-1").status());
        assertEquals(2, run("throughput", "--settle-jit", "2", "--warm-up", "1G", "--warm-up-max", "512M").status());
    }

    @Test
    void helpListsTheScenarios() {
        Run r = run("--help");
        for (String s : new String[] {"quick", "throttle", "memory", "window", "throughput", "floor"}) {
            assertTrue(r.out().contains("  " + s + " "), r.out());
        }
    }

    @Test
    void helpVersionAndUnknownOptionsOnEverySubcommand() {
        for (Subcommand s : Main.SUBCOMMANDS) {
            Run h = run(s.name(), "--help");
            assertEquals(0, h.status(), s.name());
            assertTrue(h.out().startsWith("usage: bin/loadtest " + s.name()) && h.out().contains("--version"), h.out());
            Run v = run(s.name(), "--version");
            assertEquals(0, v.status(), s.name());
            assertTrue(v.out().startsWith("loadtest " + org.lafs.BuildInfo.version() + " (built "), v.out());
            Run bad = run(s.name(), "--no-such-option");
            assertEquals(2, bad.status(), s.name());
            assertEquals("error: unknown option '--no-such-option'\n", bad.err());
        }
        assertEquals(0, run("--version").status());
        assertEquals("error: unknown option '--bogus' (try --help)\n", run("--bogus").err());
    }
}
