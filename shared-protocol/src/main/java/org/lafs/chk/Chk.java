package org.lafs.chk;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import org.lafs.chk.cap.Capability;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.cap.LitCap;
import org.lafs.chk.encode.ChkEncodeResult;
import org.lafs.chk.encode.ChkEncoder;
import org.lafs.chk.encode.ShareSink;
import org.lafs.chk.share.ShareLayout;
import org.lafs.codec.ErasureCodec;

/**
 * Facade: plaintext in, capability (and optionally shares) out. Two passes over the plaintext
 * (chk-format.md section 4: the key needs the whole plaintext before any ciphertext exists):
 * derive the key, then encrypt and encode. Files of at most 55 bytes give a {@link LitCap}.
 * Blocking; call from a worker thread.
 */
public final class Chk {
    private Chk() {}

    /** Opens the plaintext from its start; called once per pass. */
    @FunctionalInterface
    public interface PlaintextSource {
        InputStream open() throws IOException;
    }

    /** The cap of a plaintext; nothing is stored. */
    public static Capability capabilityOf(PlaintextSource plaintext, long size, byte[] convergenceSecret,
                                          EncodingParameters params) throws IOException {
        return encode(plaintext, size, convergenceSecret, params, ShareSink.DISCARD);
    }

    /** The cap of an in-memory plaintext. */
    public static Capability capabilityOf(byte[] plaintext, byte[] convergenceSecret, EncodingParameters params) {
        try {
            return capabilityOf(() -> new ByteArrayInputStream(plaintext), plaintext.length, convergenceSecret, params);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream failed", e);
        }
    }

    /**
     * Encodes a plaintext into n shares written to {@code sink} and returns its cap. For a LIT
     * file nothing is written.
     */
    public static Capability encode(PlaintextSource plaintext, long size, byte[] convergenceSecret,
                                    EncodingParameters params, ShareSink sink) throws IOException {
        return encode(plaintext, size, convergenceSecret, params, sink, null);
    }

    /** Segments encoded concurrently by this many workers at most (buffers held: one each). */
    private static final int PARALLEL_WINDOW = 4;

    /**
     * As {@link #encode(PlaintextSource, long, byte[], EncodingParameters, ShareSink)}, with
     * erasure coding and block hashing on {@code workers} (null: on the calling thread).
     */
    public static Capability encode(PlaintextSource plaintext, long size, byte[] convergenceSecret,
                                    EncodingParameters params, ShareSink sink, Executor workers) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        if (size <= LitCap.MAX_DATA) {
            try (InputStream in = plaintext.open()) {
                byte[] data = in.readNBytes((int) size);
                if (data.length != size) {
                    throw new EOFException("plaintext ended before its declared size " + size);
                }
                return new LitCap(data);
            }
        }
        FileGeometry g = params.geometry(size);
        byte[] key;
        try (InputStream in = plaintext.open()) {
            key = ConvergentKey.derive(in, size, convergenceSecret, params);
        }
        ChkEncodeResult r;
        try (InputStream in = CtrCipher.stream(plaintext.open(), key, 0)) {
            if (workers == null) {
                r = ChkEncoder.encode(in, g, sink);
            } else {
                r = ChkEncoder.encode(in, g, sink, ShareLayout.of(g), ErasureCodec.create(g.k(), g.n()), workers,
                        PARALLEL_WINDOW);
            }
        }
        return new ChkCap(key, r.uebHash(), g.k(), g.n(), size);
    }
}
