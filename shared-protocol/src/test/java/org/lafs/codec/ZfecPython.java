package org.lafs.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's python3-zfec as the reference encoder. The interpreter is the system property
 * {@code zfec.python} (the parent pom sets it; default /usr/bin/python3). A missing interpreter
 * or module is a test failure with a message that says what to install: CI installs
 * python3-zfec, so a skip would hide a broken cross-check.
 */
final class ZfecPython {
    /** One encode job: k-of-n over k blocks of {@code blockSize} bytes, contiguous in data. */
    record Job(int k, int n, int blockSize, byte[] data) {}

    /**
     * Reads jobs from stdin (u16 k, u16 n, u32 blockSize, k*blockSize bytes, repeated) and
     * writes the n-k parity blocks of each to stdout, using zfec.Encoder(k, n).encode.
     */
    private static final String SCRIPT = String.join("\n",
            "import sys, struct",
            "import zfec",
            "data = sys.stdin.buffer.read()",
            "out = sys.stdout.buffer",
            "pos = 0",
            "while pos < len(data):",
            "    k, n, bs = struct.unpack('>HHI', data[pos:pos + 8]); pos += 8",
            "    blocks = [data[pos + j * bs: pos + (j + 1) * bs] for j in range(k)]; pos += k * bs",
            "    shares = zfec.Encoder(k, n).encode(blocks)",
            "    assert len(shares) == n",
            "    for j in range(k):",
            "        assert bytes(shares[j]) == blocks[j], 'zfec is not systematic?'",
            "    for r in range(k, n):",
            "        out.write(bytes(shares[r]))",
            "out.flush()",
            "");

    private ZfecPython() {}

    static String python() {
        return System.getProperty("zfec.python", "/usr/bin/python3");
    }

    /** The parity blocks python3-zfec computes for each job: {@code result[job][r - k]}. */
    static byte[][][] encode(List<Job> jobs) throws IOException, InterruptedException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        for (Job j : jobs) {
            out.writeShort(j.k());
            out.writeShort(j.n());
            out.writeInt(j.blockSize());
            out.write(j.data(), 0, j.k() * j.blockSize());
        }
        byte[] stdout = run(buf.toByteArray());
        byte[][][] result = new byte[jobs.size()][][];
        int pos = 0;
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            result[i] = new byte[j.n() - j.k()][];
            for (int r = 0; r < j.n() - j.k(); r++) {
                if (pos + j.blockSize() > stdout.length) {
                    throw new AssertionError("python3-zfec returned " + stdout.length + " bytes, fewer than expected");
                }
                result[i][r] = java.util.Arrays.copyOfRange(stdout, pos, pos + j.blockSize());
                pos += j.blockSize();
            }
        }
        if (pos != stdout.length) {
            throw new AssertionError("python3-zfec returned " + stdout.length + " bytes, expected " + pos);
        }
        return result;
    }

    private static byte[] run(byte[] stdin) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("zfec-check");
        Path script = dir.resolve("encode.py");
        Path in = dir.resolve("in.bin");
        Path err = dir.resolve("err.txt");
        try {
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            Files.write(in, stdin);
            Process p;
            try {
                p = new ProcessBuilder(python(), script.toString())
                        .redirectInput(in.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                throw new AssertionError("cannot run " + python() + " for the zfec cross-check (" + e.getMessage()
                        + "): install python3 and python3-zfec (apt-get install python3-zfec), or set -Dzfec.python", e);
            }
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("python3-zfec did not finish in 5 minutes");
            }
            if (p.exitValue() != 0) {
                String msg = Files.readString(err, StandardCharsets.UTF_8);
                if (msg.contains("No module named 'zfec'") || msg.contains("No module named zfec")) {
                    throw new AssertionError(python() + " has no zfec module: install python3-zfec "
                            + "(apt-get install python3-zfec); the codec cross-check needs it");
                }
                throw new AssertionError("python3-zfec failed (exit " + p.exitValue() + "): " + msg.strip());
            }
            return stdout;
        } finally {
            for (Path f : new Path[] {script, in, err, dir}) {
                Files.deleteIfExists(f);
            }
        }
    }
}
