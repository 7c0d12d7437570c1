package org.lafs.helper.upload;

import java.security.MessageDigest;
import java.util.Arrays;
import org.lafs.format.Base32;
import org.lafs.format.TaggedHash;

/**
 * A client's proof that it holds the convergent key of the file it uploads: 32 bytes the client
 * derives from the key with a tag of its own ({@code upload-proof} in the tus metadata,
 * docs/helper-protocol.md). The storage index is derived from the same key with another tag, so
 * knowing the storage index (which the grid and status pages reveal) does not give the proof;
 * only someone who could encrypt the file can present it. A second token may join a running
 * upload only with the proof its creator presented (docs/helper-design.md "Who may write an
 * upload").
 *
 * <p>The helper keeps only {@link #digest()} (SHA-256 of the proof), in memory and in RocksDB,
 * so a copy of its state does not let anyone join. Immutable.
 */
public final class KeyProof {
    /** Bytes of a proof: one SHA-256d output. */
    public static final int LENGTH = TaggedHash.LENGTH;

    private final byte[] digest;

    private KeyProof(byte[] digest) {
        this.digest = digest;
    }

    /**
     * Parses the base32 form a client sends.
     *
     * @throws HelperException 400 {@code bad-upload-proof} unless it is 52 base32 characters (32 bytes)
     */
    public static KeyProof parse(String base32) {
        byte[] proof;
        try {
            proof = Base32.decode(base32, LENGTH);
        } catch (IllegalArgumentException e) {
            throw new HelperException(400, "bad-upload-proof", "upload-proof must be 52 base32 characters");
        }
        return new KeyProof(TaggedHash.sha256().digest(proof));
    }

    /** A proof from its stored digest (see {@link #digest()}); null stays null. */
    public static KeyProof ofDigest(byte[] digest) {
        if (digest == null) {
            return null;
        }
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("a proof digest has " + LENGTH + " bytes, not " + digest.length);
        }
        return new KeyProof(digest.clone());
    }

    /** SHA-256 of the proof: what the helper stores. */
    public byte[] digest() {
        return digest.clone();
    }

    /** Constant-time: the same proof as {@code other} (a null {@code other} never matches). */
    public boolean sameAs(KeyProof other) {
        return other != null && MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyProof p && Arrays.equals(digest, p.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "KeyProof[<redacted>]";
    }
}
