package org.lafs.gbs;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.lafs.format.TaggedHash;

/**
 * The SPKI pin of spec section 1.1: SHA-256 over the DER SubjectPublicKeyInfo, URL-safe base64
 * without padding (43 characters). Pure functions.
 */
public final class SpkiHash {
    private SpkiHash() {}

    /** The pin of a certificate. */
    public static String of(X509Certificate cert) {
        return ofSpki(cert.getPublicKey().getEncoded());
    }

    /** The pin of a DER SubjectPublicKeyInfo (what {@code PublicKey.getEncoded()} returns for X.509 keys). */
    public static String ofSpki(byte[] spkiDer) {
        byte[] digest = TaggedHash.sha256().digest(spkiDer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** Compares two pins in constant time (for equal lengths). */
    public static boolean matches(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                actual.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
