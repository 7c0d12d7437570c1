package org.lafs.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives one {@code error:} line on stderr and a non-zero exit, never a stack trace. */
class CliErrorsTest {
    @TempDir
    Path tmp;
    Path file;
    Path secret;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        file = tmp.resolve("plain");
        Files.write(file, new byte[1000]);
        secret = tmp.resolve("secret");
        Files.writeString(secret, "aaaaaaaaaaaaaaaaaaaaaaaaaa\n");
        env = Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString(), "LAFS_CLIENT_DIR", tmp.resolve("node").toString());
    }

    private void fails(int code, String message, String... args) {
        CliRunner r = CliRunner.run(env, args);
        assertEquals(code, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals("error: " + message + "\n", r.err());
        assertFalse(r.err().contains("\tat "));
    }

    @Test
    void usageErrors() {
        fails(2, "unknown command 'frobnicate' (try --help)", "frobnicate");
        fails(2, "unknown option '--bogus'", "cap", file.toString(), "--bogus", "1");
        fails(2, "option --needed needs a value", "cap", file.toString(), "--needed");
        fails(2, "--needed (11) must not exceed --total (10)", "cap", file.toString(), "--needed", "11");
        fails(2, "--total must be in 1..256, got 257", "cap", file.toString(), "--total", "257");
        fails(2, "--needed must be a decimal number, got 'x'", "cap", file.toString(), "--needed", "x");
        fails(2, "--happy (11) must not exceed --total (10)", "cap", file.toString(), "--happy", "11");
        fails(2, "--segment-size must be in 1..134217728, got 0", "cap", file.toString(), "--segment-size", "0");
        fails(2, "cap needs exactly one FILE argument, got 0", "cap");
        fails(2, "cap needs exactly one FILE argument, got 2", "cap", "a", "b");
        fails(2, "encode needs --out DIR", "encode", file.toString(), "--convergence", secret.toString());
        fails(2, "option --total given twice", "cap", file.toString(), "--total", "3", "--total=4");
    }

    @Test
    void runtimeErrors() throws Exception {
        fails(1, "no such file: " + tmp.resolve("missing"), "cap", tmp.resolve("missing").toString());
        fails(1, "not a regular file: " + tmp, "cap", tmp.toString());
        Path bad = tmp.resolve("bad-secret");
        Files.writeString(bad, "not b32!\n");
        fails(1, "malformed convergence secret in " + bad + ": invalid base32 character at position 3",
                "cap", file.toString(), "--convergence", bad.toString());
        Files.writeString(bad, "\n");
        fails(1, "malformed convergence secret in " + bad + ": file is empty",
                "cap", file.toString(), "--convergence", bad.toString());
        Files.writeString(bad, "aaaaaaaaaaaaaaaaaaaaaaaaab\n");
        fails(1, "malformed convergence secret in " + bad + ": base32 text has non-zero padding bits",
                "cap", file.toString(), "--convergence", bad.toString());
        fails(1, "convergence secret file not found: " + tmp.resolve("nope"),
                "cap", file.toString(), "--convergence", tmp.resolve("nope").toString());
        // an output "directory" below a regular file can never be created, even as root
        Path under = file.resolve("sub");
        fails(1, "cannot create output directory " + under + ": not a directory",
                "encode", file.toString(), "--out", under.toString(), "--convergence", secret.toString());
        fails(1, "cannot create output directory " + file + ": not a directory: " + file,
                "encode", file.toString(), "--out", file.toString(), "--convergence", secret.toString());
    }

    @Test
    void readOnlyOutputDirectory() throws Exception {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as root: permissions not enforced");
            fails(1, "output directory " + ro + " is not writable",
                    "encode", file.toString(), "--out", ro.toString(), "--convergence", secret.toString());
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void helpAndNoArguments() {
        CliRunner help = CliRunner.run(env, "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("cap"));
        assertTrue(help.out().contains("encode"));
        CliRunner capHelp = CliRunner.run(env, "cap", "--help");
        assertEquals(0, capHelp.exit());
        assertTrue(capHelp.out().contains("--convergence FILE"));
        CliRunner none = CliRunner.run(env);
        assertEquals(2, none.exit());
    }

    @Test
    void withoutConvergenceTheNodeDirectorySecretIsUsedAsPutUsesIt() throws Exception {
        CliRunner first = CliRunner.run(env, "cap", file.toString());
        assertEquals(0, first.exit(), first.err());
        Path created = tmp.resolve("node/private/convergence");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
        String text = Files.readString(created, StandardCharsets.US_ASCII);
        assertTrue(text.matches("[a-z2-7]{52}\n"), "32-byte base32 secret with newline");
        CliRunner second = CliRunner.run(env, "cap", file.toString());
        assertEquals(first.out(), second.out());
        assertEquals(text, Files.readString(created, StandardCharsets.US_ASCII));
        CliRunner explicit = CliRunner.run(env, "cap", file.toString(), "--convergence", created.toString());
        assertEquals(first.out(), explicit.out());
        CliRunner other = CliRunner.run(env, "cap", file.toString(), "--convergence", secret.toString());
        assertFalse(first.out().equals(other.out()), "the secret changes the cap");
        assertTrue(first.out().startsWith("URI:CHK:"));
        // --node-dir picks another node's secret, and nothing is created outside node directories
        CliRunner otherNode = CliRunner.run(env, "--node-dir", tmp.resolve("node2").toString(), "cap", file.toString());
        assertEquals(0, otherNode.exit(), otherNode.err());
        assertFalse(first.out().equals(otherNode.out()));
        assertTrue(Files.exists(tmp.resolve("node2/private/convergence")));
        assertFalse(Files.exists(tmp.resolve("config")), "no secret in ~/.config any more");
        // the node directory's parameters count too, as for put
        Files.writeString(tmp.resolve("node2/tahoe.cfg"), "[client]\nshares.needed = 2\nshares.total = 4\nshares.happy = 3\n");
        assertTrue(CliRunner.run(env, "--node-dir", tmp.resolve("node2").toString(), "cap", file.toString()).out().endsWith(":2:4:1000\n"));
    }

    @Test
    void helpVersionAndUnknownOptionsOnEveryCommand() {
        for (String c : new String[] {"put", "get", "check", "node", "cap", "encode"}) {
            CliRunner h = CliRunner.run(env, c, "--help");
            assertEquals(0, h.exit(), c);
            assertTrue(h.out().startsWith("usage: helper-client " + c) && h.out().contains("--version"), h.out());
            CliRunner v = CliRunner.run(env, c, "--version");
            assertEquals(0, v.exit(), c);
            assertTrue(v.out().startsWith("helper-client " + org.lafs.BuildInfo.version() + " (built "), v.out());
            CliRunner bad = CliRunner.run(env, c, "--no-such-option");
            assertEquals(2, bad.exit(), c);
            assertEquals("error: unknown option '--no-such-option'\n", bad.err());
        }
        assertEquals(0, CliRunner.run(env, "--version").exit());
        assertEquals("error: unknown option '--bogus' (try --help)\n", CliRunner.run(env, "--bogus").err());
    }

    @Test
    void litFiles() throws Exception {
        Path small = tmp.resolve("small");
        Files.writeString(small, "hello");
        CliRunner r = CliRunner.run(env, "cap", small.toString(), "--convergence", secret.toString());
        assertEquals("URI:LIT:nbswy3dp\n", r.out());
        Path empty = tmp.resolve("empty");
        Files.write(empty, new byte[0]);
        assertEquals("URI:LIT:\n", CliRunner.run(env, "cap", empty.toString(), "--convergence", secret.toString()).out());
        Path out = tmp.resolve("lit-out");
        CliRunner enc = CliRunner.run(env, "encode", small.toString(), "--out", out.toString(), "--convergence",
                secret.toString());
        assertEquals("URI:LIT:nbswy3dp\n", enc.out());
        try (var listing = Files.list(out)) {
            assertEquals(0, listing.count());
        }
    }
}
