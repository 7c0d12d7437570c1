package org.lafs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.BuildInfo;
import org.lafs.cli.ChildJvmCli;
import org.lafs.cli.ChildJvmCli.Run;

/** {@code storage-server} as a user runs it (a child JVM): help, version and mistakes, one line each. */
class StorageCliTest {
    @TempDir
    Path dir;

    Run run(String... args) throws Exception {
        return new ChildJvmCli("org.lafs.storage.Main", dir).run(args);
    }

    void fails(String message, String... args) throws Exception {
        new ChildJvmCli("org.lafs.storage.Main", dir).fails(message, args);
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
