package org.lafs.loadtest.bench;

/** Constants shared by the JMH benchmarks and the python baseline so both see the same bytes. */
public final class BenchData {
    /** Seed of the random segment ({@link org.lafs.loadtest.codec.Segments}). */
    public static final long SEED = 20260101L;

    private BenchData() {}
}
