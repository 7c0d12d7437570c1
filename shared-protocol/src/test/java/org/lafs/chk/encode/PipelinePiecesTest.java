package org.lafs.chk.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.chk.share.ShareLayout;
import org.lafs.format.TaggedHash;
import org.junit.jupiter.api.Test;

/**
 * The pieces an upload pipeline uses (parallel {@link SegmentEncoder}, {@link SegmentHashes},
 * {@link ChkFinisher}) produce exactly the bytes of the sequential {@link ChkEncoder}.
 */
class PipelinePiecesTest {

    @Test
    void parallelEncodingMatchesSequential() throws Exception {
        int size = 50_000;
        byte[] ct = new byte[size];
        new Random(3).nextBytes(ct);
        FileGeometry g = new EncodingParameters(3, 7, 10, 4096).geometry(size);
        ShareLayout layout = ShareLayout.of(g);
        byte[][] expected = new byte[10][];
        ByteArrayOutputStream[] seq = new ByteArrayOutputStream[10];
        for (int i = 0; i < 10; i++) {
            seq[i] = new ByteArrayOutputStream();
        }
        ChkEncodeResult r = ChkEncoder.encode(new ByteArrayInputStream(ct), g, (sh, o, d, off, len) -> seq[sh].write(d, off, len));
        for (int i = 0; i < 10; i++) {
            expected[i] = seq[i].toByteArray();
        }

        byte[][] shares = new byte[10][(int) layout.allocatedSize()];
        SegmentEncoder enc = new SegmentEncoder(g);
        SegmentHashes hashes = new SegmentHashes(g);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int s = g.numSegments() - 1; s >= 0; s--) { // out of order on purpose
                int seg = s;
                jobs.add(pool.submit(() -> {
                    EncodedSegment e = enc.encode(seg, ct, (int) g.segmentOffset(seg), g.segmentLength(seg));
                    for (int i = 0; i < 10; i++) {
                        e.block(i).get(shares[i], (int) (layout.dataOffset() + g.blockOffset(seg)), e.blockLength());
                    }
                    hashes.add(e);
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        ShareTrailers t = ChkFinisher.finish(hashes, TaggedHash.hash(Tags.CRYPTTEXT, ct), layout);
        assertArrayEquals(r.uebHash(), t.uebHash());
        for (int i = 0; i < 10; i++) {
            byte[] h = t.header();
            System.arraycopy(h, 0, shares[i], 0, h.length);
            byte[] tr = t.trailer(i);
            System.arraycopy(tr, 0, shares[i], (int) t.trailerOffset(), tr.length);
            assertArrayEquals(expected[i], shares[i], "share " + i);
            // the same trailer read in pieces (region boundaries fall inside pieces)
            ShareTrailers.Trailer opened = t.open(i);
            assertEquals(tr.length, opened.size());
            for (int piece : new int[] {1, 7, 32, 1000, tr.length}) {
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                for (long from = 0; from < tr.length; from += piece) {
                    joined.write(opened.bytes(from, (int) Math.min(piece, tr.length - from)));
                }
                assertArrayEquals(tr, joined.toByteArray(), "share " + i + " in pieces of " + piece);
            }
        }
    }

    @Test
    void parallelWholeFileEncoderMatchesSequential() throws Exception {
        int size = 70_001;
        byte[] ct = new byte[size];
        new Random(4).nextBytes(ct);
        FileGeometry g = new EncodingParameters(5, 7, 9, 3000).geometry(size);
        ShareLayout layout = ShareLayout.of(g);
        ByteArrayOutputStream[] seq = new ByteArrayOutputStream[9];
        ByteArrayOutputStream[] par = new ByteArrayOutputStream[9];
        for (int i = 0; i < 9; i++) {
            seq[i] = new ByteArrayOutputStream();
            par[i] = new ByteArrayOutputStream();
        }
        ChkEncodeResult a = ChkEncoder.encode(new ByteArrayInputStream(ct), g, (sh, o, d, off, len) -> seq[sh].write(d, off, len));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int window : new int[] {1, 3}) {
                for (ByteArrayOutputStream b : par) {
                    b.reset();
                }
                ChkEncodeResult b = ChkEncoder.encode(new ByteArrayInputStream(ct), g, (sh, o, d, off, len) -> {
                    assertEquals(par[sh].size(), o, "in order");
                    par[sh].write(d, off, len);
                }, layout, org.lafs.codec.ErasureCodec.create(5, 9), pool, window);
                assertArrayEquals(a.uebHash(), b.uebHash());
                for (int i = 0; i < 9; i++) {
                    assertArrayEquals(seq[i].toByteArray(), par[i].toByteArray(), "share " + i + " window " + window);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void misuseIsRejected() {
        FileGeometry g = new EncodingParameters(3, 7, 10, 4096).geometry(10_000);
        SegmentEncoder enc = new SegmentEncoder(g);
        assertThrows(IllegalArgumentException.class, () -> enc.encode(0, new byte[5000], 0, 5000));
        assertThrows(IndexOutOfBoundsException.class, () -> enc.encode(7, new byte[5000], 0, 5000));
        SegmentHashes h = new SegmentHashes(g);
        EncodedSegment e = enc.encode(0, new byte[4098], 0, 4098);
        h.add(e);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> h.add(e));
        assertEquals("segment 0 added twice", twice.getMessage());
        assertThrows(IllegalStateException.class, () -> ChkFinisher.finish(h, new byte[32]));
    }
}
