package org.lafs.loadtest.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times python3-zfec (Debian's, C core) on the same segment bytes the JMH benchmark uses: its
 * own loop, one second per round, one warm-up round, median of the rest. With {@code tunedMalloc}
 * glibc is told to keep freed memory (the variables PERF-NOTES.md names); without it zfec loses
 * about a third of its speed to page churn, which is glibc's cost, not zfec's.
 */
final class ZfecBaseline {
    /** glibc malloc settings that stop zfec's per-call buffers from being returned to the OS. */
    static final Map<String, String> TUNED_MALLOC = Map.of(
            "MALLOC_TRIM_THRESHOLD_", "1073741824",
            "MALLOC_MMAP_THRESHOLD_", "67108864",
            "MALLOC_TOP_PAD_", "67108864");

    private static final String SCRIPT = String.join("\n",
            "import sys, time, zfec",
            "k, n, bs, rounds = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])",
            "data = open(sys.argv[1], 'rb').read()",
            "blocks = [data[j * bs:(j + 1) * bs] for j in range(k)]",
            "enc = zfec.Encoder(k, n)",
            "shares = enc.encode(blocks)",
            "nums = list(range(n - k, n)) if n - k >= k else list(range(n - k, n)) + list(range(0, 2 * k - n))",
            "nums = nums[:k]",
            "dec = zfec.Decoder(k, n)",
            "sub = [shares[i] for i in nums]",
            "assert [bytes(b) for b in dec.decode(sub, nums)] == blocks",
            "def rate(f):",
            "    t = time.perf_counter(); c = 0",
            "    while time.perf_counter() - t < 1.0:",
            "        f(); c += 1",
            "    return c * k * bs / 1e6 / (time.perf_counter() - t)",
            "print('version', zfec.__version__, sys.version.split()[0])",
            "rate(lambda: enc.encode(blocks))",
            "for _ in range(rounds): print('encode', rate(lambda: enc.encode(blocks)))",
            "rate(lambda: dec.decode(sub, nums))",
            "for _ in range(rounds): print('decode', rate(lambda: dec.decode(sub, nums)))",
            "");

    /** Median MB/s of encode and decode, and the zfec / python versions. */
    record Result(double encodeMBps, double decodeMBps, String zfecVersion, String pythonVersion,
                  List<Double> encodeRounds, List<Double> decodeRounds) {}

    private ZfecBaseline() {}

    static Result run(String python, Segments segs, int k, int n, int rounds, boolean tunedMalloc)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("zfec-bench");
        Path script = dir.resolve("bench.py");
        Path data = dir.resolve("segment.bin");
        try {
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            Files.write(data, segs.get(0));
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), data.toString(),
                    String.valueOf(k), String.valueOf(n), String.valueOf(segs.blockSize), String.valueOf(rounds))
                    .redirectErrorStream(true);
            for (String name : TUNED_MALLOC.keySet()) {
                pb.environment().remove(name);
            }
            if (tunedMalloc) {
                pb.environment().putAll(TUNED_MALLOC);
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("python3-zfec baseline failed (is python3-zfec installed?): " + out.strip());
            }
            List<Double> enc = new ArrayList<>();
            List<Double> dec = new ArrayList<>();
            String zfec = "?";
            String py = "?";
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                switch (f[0]) {
                    case "version" -> { zfec = f[1]; py = f[2]; }
                    case "encode" -> enc.add(Double.parseDouble(f[1]));
                    case "decode" -> dec.add(Double.parseDouble(f[1]));
                    default -> { }
                }
            }
            return new Result(median(enc), median(dec), zfec, py, enc, dec);
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(data);
            Files.deleteIfExists(dir);
        }
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        if (a.length == 0) {
            return Double.NaN;
        }
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
