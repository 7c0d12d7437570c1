package org.lafs.gbs;

import java.util.Base64;

/**
 * The kinds of per-operation secret sent in {@code X-Tahoe-Authorization} headers
 * (spec section 2; Tahoe's {@code http_common.Secrets}).
 */
public enum SecretKind {
    LEASE_RENEW("lease-renew-secret"),
    LEASE_CANCEL("lease-cancel-secret"),
    UPLOAD("upload-secret"),
    WRITE_ENABLER("write-enabler");

    private final String wireName;

    SecretKind(String wireName) {
        this.wireName = wireName;
    }

    /** The kind as it appears on the wire, e.g. {@code upload-secret}. */
    public String wireName() {
        return wireName;
    }

    /** The kind with this wire name, or null. */
    public static SecretKind fromWire(String name) {
        for (SecretKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** One header value: {@code <kind> <standard base64 with padding>}. */
    public String headerValue(byte[] secret) {
        return wireName + " " + Base64.getEncoder().encodeToString(secret);
    }
}
