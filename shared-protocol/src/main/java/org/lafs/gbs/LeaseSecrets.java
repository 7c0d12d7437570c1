package org.lafs.gbs;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.lafs.format.TaggedHash;

/**
 * Lease secret derivation exactly as Tahoe's client does it (spec section 6, Tahoe's
 * {@code hashutil.my_renewal_secret_hash} and friends). Holds the node's 32-byte lease secret,
 * so {@link #toString()} is redacted. Thread-safe (immutable).
 */
public final class LeaseSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] clientRenew;
    private final byte[] clientCancel;

    /** @param leaseSecret the node's lease secret (Tahoe: 32 random bytes in private/secret) */
    public LeaseSecrets(byte[] leaseSecret) {
        if (leaseSecret.length == 0) {
            throw new IllegalArgumentException("lease secret must not be empty");
        }
        // Roles swapped on purpose: the node's secret is the tag, the constant is the value.
        this.clientRenew = TaggedHash.hash(leaseSecret, ascii("allmydata_client_renewal_secret_v1"));
        this.clientCancel = TaggedHash.hash(leaseSecret, ascii("allmydata_client_cancel_secret_v1"));
    }

    /** A fresh random 32-byte lease secret. */
    public static LeaseSecrets random() {
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        return new LeaseSecrets(s);
    }

    /** The renew secret sent to the server with lease seed {@code leaseSeed} (its 20-byte tub id). */
    public byte[] renewSecret(byte[] storageIndex, byte[] leaseSeed) {
        byte[] file = TaggedHash.pairHash("allmydata_file_renewal_secret_v1", clientRenew, storageIndex);
        return TaggedHash.pairHash("allmydata_bucket_renewal_secret_v1", file, leaseSeed);
    }

    /** The cancel secret sent to the server with lease seed {@code leaseSeed}. */
    public byte[] cancelSecret(byte[] storageIndex, byte[] leaseSeed) {
        byte[] file = TaggedHash.pairHash("allmydata_file_cancel_secret_v1", clientCancel, storageIndex);
        return TaggedHash.pairHash("allmydata_bucket_cancel_secret_v1", file, leaseSeed);
    }

    /** A fresh upload secret: 20 random bytes, as Tahoe's uploader uses (spec section 4). */
    public static byte[] randomUploadSecret() {
        byte[] s = new byte[GbsProtocol.UPLOAD_SECRET_BYTES];
        RANDOM.nextBytes(s);
        return s;
    }

    @Override
    public String toString() {
        return "LeaseSecrets[redacted]";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
