package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.BuildInfo;
import org.lafs.cli.ChildJvmCli;
import org.lafs.cli.ChildJvmCli.Run;

/** {@code helper-server} as a user runs it (a child JVM): help, version and mistakes, one line each. */
class HelperCliTest {
    @TempDir
    Path dir;

    Run run(String... args) throws Exception {
        return new ChildJvmCli("org.lafs.helper.Main", dir).run(args);
    }

    void fails(String message, String... args) throws Exception {
        new ChildJvmCli("org.lafs.helper.Main", dir).fails(message, args);
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
