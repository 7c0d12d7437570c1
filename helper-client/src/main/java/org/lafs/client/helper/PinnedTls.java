package org.lafs.client.helper;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.lafs.gbs.PinnedTrustManager;
import org.lafs.gbs.SpkiHash;

/**
 * TLS trust by SPKI pin for the JDK HTTP client that talks to the helper
 * (docs/helper-protocol.md "Transport and trust"): the same pin form and the same trust manager
 * as a GBS NURL ({@link PinnedTrustManager}, gbs-storage-protocol.md section 1.2). Host names,
 * CAs and dates are not checked; being an {@code X509ExtendedTrustManager}, it also keeps the
 * JDK from adding its own host-name check.
 */
public final class PinnedTls {
    private PinnedTls() {}

    /** The pin of a certificate: SHA-256 of its SubjectPublicKeyInfo, unpadded base64url. */
    public static String pinOf(X509Certificate cert) {
        return SpkiHash.of(cert);
    }

    /** An SSL context trusting exactly the certificate whose SPKI hash is {@code pin}. */
    public static SSLContext context(String pin) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new PinnedTrustManager(pin)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is required by the Java platform", e);
        }
    }
}
