package org.lafs.loadtest.bench;

import java.util.concurrent.TimeUnit;
import org.lafs.codec.CodecFactory;
import org.lafs.codec.ErasureCodec;
import org.lafs.loadtest.codec.Segments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: one 128 KiB segment per operation, single thread; k-of-n and codec kind are parameters.
 * MB/s = ops/s x {@link #inputBytes()} / 10^6 (the runner does that conversion). Run through
 * {@code bin/loadtest codec-bench}, which also times python3-zfec on the same data.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    @Param({"scalar", "vector"})
    public String impl;
    @Param({"3"})
    public int k;
    @Param({"10"})
    public int n;
    @Param({"131072"})
    public int segment;

    private ErasureCodec codec;
    private Segments segments;
    private byte[] src;
    private byte[][] parity;
    private byte[][] parityShares;
    private int[] parityShareNumbers;
    private byte[] decoded;

    @Setup(Level.Trial)
    public void setUp() {
        codec = CodecFactory.create(k, n, CodecFactory.Kind.valueOf(impl.toUpperCase(java.util.Locale.ROOT)));
        segments = new Segments(k, segment, 1, BenchData.SEED);
        src = segments.get(0);
        parity = new byte[n - k][segments.blockSize];
        codec.encode(src, 0, segments.blockSize, parity, 0);
        // Decode from the last min(k, n-k) parity shares plus the first data shares as needed.
        int fromParity = Math.min(k, n - k);
        parityShares = new byte[k][];
        parityShareNumbers = new int[k];
        for (int i = 0; i < k; i++) {
            if (i < fromParity) {
                parityShareNumbers[i] = n - fromParity + i;
                parityShares[i] = parity[n - fromParity + i - k].clone();
            } else {
                int data = i - fromParity;
                parityShareNumbers[i] = data;
                parityShares[i] = java.util.Arrays.copyOfRange(src, data * segments.blockSize,
                        (data + 1) * segments.blockSize);
            }
        }
        decoded = new byte[segments.inputBytes];
    }

    /** Codec input bytes per operation. */
    public int inputBytes() {
        return segments.inputBytes;
    }

    @Benchmark
    public byte[][] encode() {
        codec.encode(src, 0, segments.blockSize, parity, 0);
        return parity;
    }

    @Benchmark
    public byte[] decodeFromParity() {
        codec.decode(parityShares, parityShareNumbers, segments.blockSize, decoded, 0);
        return decoded;
    }
}
