package org.lafs.client.upload;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.chk.tree.MerkleTree;
import org.lafs.format.TaggedHash;

/**
 * The second pass over a plaintext (helper-semantics.md section 7): reads the file from its
 * start, encrypts it (AES-CTR, chk-format.md section 6), and
 * <ul>
 *   <li>re-derives the convergent key from the bytes it reads and refuses to hand out the last
 *       ciphertext byte unless the key equals the first pass's key and the file has exactly the
 *       declared size: a file changed between the passes never becomes a complete upload;</li>
 *   <li>hashes the ciphertext (whole-file crypttext hash and segment hashes, chk-format.md
 *       section 7), so the helper's UEB can be checked against what we sent.</li>
 * </ul>
 * Bytes before the resume offset are read and hashed but not emitted ({@link #skipTo}); the rest
 * is emitted through {@link #chunk} streams, throttled.
 *
 * <p>Memory: one 64 KiB buffer and 32 bytes per segment. Not thread-safe; one pass per object.
 */
public final class CiphertextPass implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final InputStream plaintext;
    private final FileGeometry g;
    private final byte[] expectedKey;
    private final ConvergentKey.Deriver deriver;
    private final CtrCipher cipher;
    private final Throttle throttle;
    private final LongConsumer sent;
    private final TaggedHash.Hasher crypttext = TaggedHash.hasher(Tags.CRYPTTEXT);
    private final byte[] segmentHashes;
    private TaggedHash.Hasher segment = TaggedHash.hasher(Tags.CRYPTTEXT_SEGMENT);
    private int segmentIndex;
    private long segmentEnd;

    private final byte[] buf = new byte[BUFFER];
    private int bufPos;
    private int bufLen;
    /** Plaintext bytes read (and encrypted) so far. */
    private long read;
    /** Ciphertext bytes handed out or skipped so far. */
    private long position;
    private byte[] rootHash;
    private byte[] fileHash;

    /**
     * @param plaintext the plaintext from offset 0 (closed by {@link #close})
     * @param key the key from the first pass
     * @param sent called with the number of ciphertext bytes emitted by each read
     */
    public CiphertextPass(InputStream plaintext, FileGeometry g, byte[] convergenceSecret, byte[] key,
                          Throttle throttle, LongConsumer sent) {
        this.plaintext = plaintext;
        this.g = g;
        this.expectedKey = key.clone();
        this.deriver = ConvergentKey.deriver(convergenceSecret, g);
        this.cipher = CtrCipher.at(key, 0);
        this.throttle = throttle;
        this.sent = sent;
        this.segmentHashes = new byte[g.numSegments() * MerkleTree.HASH];
        this.segmentEnd = g.segmentLength(0);
    }

    /** Ciphertext offset of the next byte. */
    public long position() {
        return position;
    }

    /** Reads, encrypts and hashes up to {@code offset} without emitting anything. */
    public void skipTo(long offset) throws IOException {
        if (offset < position || offset > g.size()) {
            throw new IllegalArgumentException("cannot skip from " + position + " to " + offset);
        }
        while (position < offset) {
            if (bufPos == bufLen) {
                fill();
            }
            int n = (int) Math.min(bufLen - bufPos, offset - position);
            bufPos += n;
            position += n;
        }
    }

    /** A stream of the next {@code length} ciphertext bytes (throttled). */
    public InputStream chunk(long length) {
        if (length < 0 || position + length > g.size()) {
            throw new IllegalArgumentException("chunk of " + length + " at " + position + " runs past " + g.size());
        }
        long end = position + length;
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int r = read(one, 0, 1);
                return r < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= end) {
                    return -1;
                }
                if (bufPos == bufLen) {
                    fill();
                }
                int n = (int) Math.min(Math.min(len, bufLen - bufPos), end - position);
                throttle.acquire(n);
                System.arraycopy(buf, bufPos, b, off, n);
                bufPos += n;
                position += n;
                sent.accept(n);
                return n;
            }
        };
    }

    /** Reads the rest without emitting it (when the helper already holds everything). */
    public void finish() throws IOException {
        skipTo(g.size());
    }

    /** {@code H("allmydata_crypttext_v1", ciphertext)}; available once everything was read. */
    public byte[] crypttextHash() {
        if (fileHash == null) {
            throw new IllegalStateException("the pass has not reached the end");
        }
        return fileHash.clone();
    }

    /** Root of the crypttext (segment) hash tree; available once everything was read. */
    public byte[] crypttextRootHash() {
        if (rootHash == null) {
            throw new IllegalStateException("the pass has not reached the end");
        }
        return rootHash.clone();
    }

    private void fill() throws IOException {
        int want = (int) Math.min(buf.length, g.size() - read);
        if (want <= 0) {
            throw new IllegalStateException("read past the end");
        }
        int n = plaintext.read(buf, 0, want);
        if (n < 0) {
            throw new FileChangedException("the file became shorter during the upload (" + read + " of " + g.size() + " bytes)");
        }
        deriver.update(buf, 0, n);
        cipher.apply(buf, 0, n);
        crypttext.update(buf, 0, n);
        hashSegments(n);
        read += n;
        bufPos = 0;
        bufLen = n;
        if (read == g.size()) {
            verifyEnd();
        }
    }

    private void hashSegments(int n) {
        int off = 0;
        long p = read;
        while (off < n) {
            int take = (int) Math.min(n - off, segmentEnd - p);
            segment.update(buf, off, take);
            off += take;
            p += take;
            if (p == segmentEnd) {
                System.arraycopy(segment.digest(), 0, segmentHashes, segmentIndex * MerkleTree.HASH, MerkleTree.HASH);
                segmentIndex++;
                if (segmentIndex < g.numSegments()) {
                    segment = TaggedHash.hasher(Tags.CRYPTTEXT_SEGMENT);
                    segmentEnd = g.segmentOffset(segmentIndex) + g.segmentLength(segmentIndex);
                }
            }
        }
    }

    /** Before the last bytes leave: same size, same key as the first pass. */
    private void verifyEnd() throws IOException {
        if (plaintext.read() >= 0) {
            throw new FileChangedException("the file grew during the upload (it was " + g.size() + " bytes)");
        }
        if (!MessageDigest.isEqual(deriver.finish(), expectedKey)) {
            throw new FileChangedException("the file changed during the upload (its content no longer gives the same key)");
        }
        fileHash = crypttext.digest();
        rootHash = MerkleTree.ofFlat(segmentHashes, g.numSegments()).root();
    }

    @Override
    public void close() throws IOException {
        plaintext.close();
    }
}
