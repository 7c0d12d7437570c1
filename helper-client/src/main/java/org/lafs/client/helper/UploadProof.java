package org.lafs.client.helper;

import org.lafs.format.TaggedHash;

/**
 * The proof of the convergent key a client sends with a creation ({@code upload-proof} in the tus
 * metadata, docs/helper-protocol.md): a tagged hash of the key under a tag of our own, so that it
 * neither reveals the key nor can be computed from the storage index (which is the key under
 * Tahoe's storage-index tag). With it, another client of the same file, under another token, may
 * join a running upload; without it, the helper refuses (docs/security.md).
 */
public final class UploadProof {
    /** Our tag (Tahoe's tags follow the same {@code name_v1} pattern; chk-format.md section 2). */
    static final String TAG = "lafs-helper_upload_proof_v1";

    private UploadProof() {}

    /** The 32-byte proof for a file's 16-byte convergent key. */
    public static byte[] of(byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("a CHK key has 16 bytes, not " + key.length);
        }
        return TaggedHash.hash(TAG, key);
    }
}
