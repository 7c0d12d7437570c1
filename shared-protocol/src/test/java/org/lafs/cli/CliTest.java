package org.lafs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lafs.BuildInfo;

/** The shared parser's forms and its one-line messages. */
class CliTest {
    static final List<Cli.Command> COMMANDS = List.of(
            new Cli.Command("put", Set.of("--node-dir", "--needed", "-o|--output"), Set.of("--direct"), true),
            new Cli.Command("run", Set.of("--config"), Set.of(), false));

    static String error(String... args) {
        return assertThrows(Cli.UsageError.class, () -> Cli.parse("tool", COMMANDS, args)).getMessage();
    }

    @Test
    void formsOfOptions() {
        Cli.Parsed p = Cli.parse("tool", COMMANDS, new String[] {"put", "F", "--node-dir", "D", "--needed=3", "--direct", "-o", "out", "G"});
        assertEquals("put", p.command());
        assertEquals(Map.of("--node-dir", "D", "--needed", "3", "-o", "out"), p.values());
        assertEquals(Set.of("--direct"), p.flags());
        assertEquals(List.of("F", "G"), p.positional());
        assertEquals("out", Cli.parse("tool", COMMANDS, new String[] {"put", "--output", "out"}).value("-o"), "aliases");
        assertEquals(null, Cli.parse("tool", COMMANDS, new String[] {}).command());
    }

    @Test
    void mistakesAreOneLine() {
        assertEquals("unknown command 'frob' (try --help)", error("frob"));
        assertEquals("unknown option '--bogus'", error("put", "--bogus", "1"));
        assertEquals("unknown option '--bogus'", error("put", "--bogus=1"));
        assertEquals("option --needed needs a value", error("put", "--needed"));
        assertEquals("option --needed given twice", error("put", "--needed", "3", "--needed=4"));
        assertEquals("option --direct takes no value", error("put", "--direct=yes"));
        assertEquals("unexpected argument 'x'", error("run", "--config", "c", "x"));
        assertEquals("unknown option '--node-dir'", error("run", "--node-dir", "d"));
    }

    @Test
    void helpAndVersionEverywhere() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"put", "--help"}, {"run", "-h", "--config", "x"}}) {
            assertThrows(Cli.HelpRequested.class, () -> Cli.parse("tool", COMMANDS, args));
        }
        assertEquals("put", assertThrows(Cli.HelpRequested.class, () -> Cli.parse("tool", COMMANDS, new String[] {"put", "--help"})).command());
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"put", "--version"}}) {
            assertThrows(Cli.VersionRequested.class, () -> Cli.parse("tool", COMMANDS, args));
        }
        assertTrue(Cli.version("tool").startsWith("tool " + BuildInfo.version() + " (built "));
    }

    @Test
    void integersNameTheirOption() {
        Cli.Parsed p = Cli.parse("tool", COMMANDS, new String[] {"put", "--needed", "x"});
        assertEquals("--needed must be a decimal number, got 'x'", assertThrows(Cli.UsageError.class, () -> Cli.integer(p, "--needed", 3, 1, 256)).getMessage());
        Cli.Parsed q = Cli.parse("tool", COMMANDS, new String[] {"put", "--needed", "300"});
        assertEquals("--needed must be in 1..256, got 300", assertThrows(Cli.UsageError.class, () -> Cli.integer(q, "--needed", 3, 1, 256)).getMessage());
        assertEquals(3, Cli.integer(Cli.parse("tool", COMMANDS, new String[] {"put"}), "--needed", 3, 1, 256));
    }
}
