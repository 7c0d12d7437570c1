package org.lafs.gbs;

import java.time.Duration;

/**
 * Constants of the Great Black Swamp storage protocol (spec: gbs-storage-protocol.md). Every
 * number here is Tahoe's; the comment says where it comes from.
 */
public final class GbsProtocol {
    private GbsProtocol() {}

    /** Every path starts with this (spec section 2). */
    public static final String BASE_PATH = "/storage/v1/";

    /** The CBOR media type for request and response bodies (spec section 2). */
    public static final String CBOR = "application/cbor";

    /** Media type of share bytes returned by a read (spec section 3.6). */
    public static final String OCTET_STREAM = "application/octet-stream";

    /** Scheme word of the {@code Authorization} header (spec section 2). */
    public static final String AUTH_SCHEME = "Tahoe-LAFS";

    /** Header carrying one per-operation secret per line (spec section 2). */
    public static final String SECRET_HEADER = "X-Tahoe-Authorization";

    /** Key of the version document's protocol map (spec section 3.1). */
    public static final String V1_KEY = "http://allmydata.org/tahoe/protocols/storage/v1";

    /** Largest allocate request body: Tahoe's {@code read_encoded(max_size=8192)}. */
    public static final int MAX_ALLOCATE_BODY = 8192;

    /** Largest advise-corrupt body: Tahoe's {@code read_encoded(max_size=32768)}. */
    public static final int MAX_CORRUPT_BODY = 32768;

    /** Longest corruption reason in characters: Tahoe's CDDL {@code tstr .size (1..32765)}. */
    public static final int MAX_CORRUPT_REASON = 32765;

    /** Most share numbers in one allocate request: Tahoe's CDDL {@code #6.258([0*256 uint])}. */
    public static final int MAX_ALLOCATE_SHARES = 256;

    /**
     * Largest share number. zfec allows at most 256 shares (chk-format.md), numbered 0..255;
     * Tahoe's server does not check this, ours answers 400 for larger numbers in an allocate.
     */
    public static final int MAX_SHARE_NUMBER = 255;

    /** Lease lifetime: Tahoe's {@code DEFAULT_RENEWAL_TIME = 31 * 24 * 60 * 60}. */
    public static final Duration LEASE_DURATION = Duration.ofDays(31);

    /** Idle upload slots are aborted after this: Tahoe's BucketWriter {@code callLater(30 * 60)}. */
    public static final Duration UPLOAD_IDLE_TIMEOUT = Duration.ofMinutes(30);

    /** Length of a storage index in bytes and in URL base32 characters (spec section 2). */
    public static final int SI_BYTES = 16;
    public static final int SI_CHARS = 26;

    /** Length of lease renew and cancel secrets (spec section 2). */
    public static final int LEASE_SECRET_BYTES = 32;

    /** Tahoe's uploader uses 20 random bytes as the upload secret (spec section 4). */
    public static final int UPLOAD_SECRET_BYTES = 20;

    /** Path of the version document. */
    public static String versionPath() {
        return BASE_PATH + "version";
    }

    public static String immutablePath(String si) {
        return BASE_PATH + "immutable/" + si;
    }

    public static String sharePath(String si, int shnum) {
        return BASE_PATH + "immutable/" + si + "/" + shnum;
    }

    public static String abortPath(String si, int shnum) {
        return sharePath(si, shnum) + "/abort";
    }

    public static String corruptPath(String si, int shnum) {
        return sharePath(si, shnum) + "/corrupt";
    }

    public static String sharesPath(String si) {
        return BASE_PATH + "immutable/" + si + "/shares";
    }

    public static String leasePath(String si) {
        return BASE_PATH + "lease/" + si;
    }
}
