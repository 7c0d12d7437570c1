package org.lafs.loadtest.codec;

import java.util.Locale;
import java.util.Set;
import org.lafs.codec.CodecFactory;
import org.lafs.codec.ErasureCodec;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.Subcommand;
import org.lafs.loadtest.UsageException;

/**
 * {@code bin/loadtest codec}: single-thread encode (and decode) throughput of the codec this JVM
 * picks, on random 128 KiB segments, after a warm-up. The last line printed is exactly
 * {@code encode MB/s: <number>}, MB = 10^6 bytes of codec input, for scripts.
 */
public final class CodecThroughputCommand implements Subcommand {
    /** Distinct segments cycled through: 8 x 128 KiB = 1 MiB, about the L2 cache size here. */
    private static final int POOL = 8;
    /** Default warm-up: long enough for C2 to compile the kernels on JDK 17 and 25 (< 1 s here). */
    private static final int DEFAULT_WARMUP_SECONDS = 2;

    /** Bound on the segment pool plus parity and decode buffers: a typo must not exhaust the heap. */
    private static final long MAX_MEMORY = 512L << 20;

    @Override
    public String name() {
        return "codec";
    }

    @Override
    public String summary() {
        return "single-thread erasure-codec throughput (last line: encode MB/s: X)";
    }

    @Override
    public String usage() {
        return """
                  --k K            data shares, 1..256 (default 3)
                  --n N            total shares, k..256 (default 10)
                  --mib M          MiB of segments to encode after warm-up, 1..65536 (default 512)
                  --segment BYTES  segment size, 1..16777216 (default 131072)
                  --impl auto|scalar|vector   codec (default auto: what the helper would use)
                  --warmup-seconds S  warm-up before each measurement, 0..60 (default 2)
                  --no-decode      skip the decode measurement""";
    }

    @Override
    public int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("k", "n", "mib", "segment", "impl", "warmup-seconds"), Set.of("no-decode"));
        int k = a.integer("k", 3, 1, 256);
        int n = a.integer("n", 10, 1, 256);
        if (n < k) {
            throw new UsageException("--n must be >= --k, got k=" + k + " n=" + n);
        }
        int mib = a.integer("mib", 512, 1, 65536);
        int segment = a.integer("segment", Segments.DEFAULT_SEGMENT, 1, 16 << 20);
        long warmupNanos = a.integer("warmup-seconds", DEFAULT_WARMUP_SECONDS, 0, 60) * 1_000_000_000L;
        String impl = a.choice("impl", "auto", "auto", "scalar", "vector");
        CodecFactory.Kind kind = switch (impl) {
            case "scalar" -> CodecFactory.Kind.SCALAR;
            case "vector" -> CodecFactory.Kind.VECTOR;
            default -> CodecFactory.chosenKind();
        };
        if (kind == CodecFactory.Kind.VECTOR && !CodecFactory.vectorModulePresent()) {
            throw new UsageException("--impl vector needs java --add-modules jdk.incubator.vector");
        }
        long blockSize = (segment + k - 1) / k;
        long memory = POOL * (long) segment + (long) (n - k) * blockSize * 2 + (long) k * blockSize;
        if (memory > MAX_MEMORY) {
            throw new UsageException("--segment " + segment + " with n=" + n + " needs " + (memory >> 20)
                    + " MiB of buffers; the limit is " + (MAX_MEMORY >> 20) + " MiB");
        }
        ErasureCodec codec = CodecFactory.create(k, n, kind);
        Segments segs = new Segments(k, segment, POOL, 42);
        byte[][] parity = new byte[n - k][segs.blockSize];
        long total = (long) mib << 20;
        int iterations = (int) Math.max(1, (total + segs.inputBytes - 1) / segs.inputBytes);

        System.out.printf(Locale.ROOT, "java %s, codec %s, %d-of-%d, segment %d bytes (block %d), %d segments%n",
                Runtime.version(), codec.getClass().getSimpleName(), k, n, segment, segs.blockSize, iterations);
        long deadline = System.nanoTime() + warmupNanos;
        int i = 0;
        while (System.nanoTime() < deadline) {
            codec.encode(segs.get(i++), 0, segs.blockSize, parity, 0);
        }
        if (!a.flag("no-decode") && n > k) {
            System.out.printf(Locale.ROOT, "decode MB/s: %.1f (from shares %s)%n",
                    decodeRate(codec, segs, iterations, warmupNanos), describe(lastShares(k, n)));
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (i = 0; i < iterations; i++) {
            codec.encode(segs.get(i), 0, segs.blockSize, parity, 0);
        }
        long elapsed = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        double bytes = (double) iterations * segs.inputBytes;
        // Per CPU-second too: on a shared machine it shows the codec's speed apart from waiting
        // for a core; the last line is the wall-clock figure.
        System.out.printf(Locale.ROOT, "encode MB per CPU-second: %.1f%n", bytes / 1e6 / (cpu / 1e9));
        System.out.printf(Locale.ROOT, "encode MB/s: %.1f%n", bytes / 1e6 / (elapsed / 1e9));
        return 0;
    }

    /** Decodes from the last k shares (all parity when n - k >= k), after its own warm-up. */
    private static double decodeRate(ErasureCodec codec, Segments segs, int iterations, long warmupNanos) {
        int k = codec.k();
        int n = codec.n();
        int[] shares = lastShares(k, n);
        byte[][][] blocks = new byte[segs.count()][k][];
        byte[][] parity = new byte[n - k][segs.blockSize];
        for (int s = 0; s < segs.count(); s++) {
            byte[] src = segs.get(s);
            codec.encode(src, 0, segs.blockSize, parity, 0);
            for (int i = 0; i < k; i++) {
                int share = shares[i];
                blocks[s][i] = share < k
                        ? java.util.Arrays.copyOfRange(src, share * segs.blockSize, (share + 1) * segs.blockSize)
                        : parity[share - k].clone();
            }
        }
        byte[] dst = new byte[segs.inputBytes];
        long deadline = System.nanoTime() + warmupNanos / 2;
        for (int i = 0; System.nanoTime() < deadline; i++) {
            codec.decode(blocks[i % segs.count()], shares, segs.blockSize, dst, 0);
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            codec.decode(blocks[i % segs.count()], shares, segs.blockSize, dst, 0);
        }
        long elapsed = System.nanoTime() - start;
        return (double) iterations * segs.inputBytes / 1e6 / (elapsed / 1e9);
    }

    private static int[] lastShares(int k, int n) {
        int[] s = new int[k];
        for (int i = 0; i < k; i++) {
            s[i] = n - k + i;
        }
        return s;
    }

    private static String describe(int[] shares) {
        return shares[0] + ".." + shares[shares.length - 1];
    }
}
