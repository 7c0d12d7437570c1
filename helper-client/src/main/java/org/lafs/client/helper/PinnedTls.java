package org.lafs.client.helper;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS trust by SPKI pin (docs/helper-protocol.md "Transport and trust", the same pin form as a
 * GBS NURL, gbs-storage-protocol.md section 1.2): the server's leaf certificate is accepted iff
 * SHA-256 of its DER SubjectPublicKeyInfo, unpadded base64url, equals the pin (compared in
 * constant time). Host names, CAs and dates are not checked. Being an
 * {@link X509ExtendedTrustManager}, it also keeps the JDK from adding its own host-name check.
 */
public final class PinnedTls {
    private PinnedTls() {}

    /** The pin of a certificate. */
    public static String pinOf(X509Certificate cert) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** An SSL context trusting exactly the certificate whose SPKI hash is {@code pin}. */
    public static SSLContext context(String pin) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Pinned(pin)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is required by the Java platform", e);
        }
    }

    private static final class Pinned extends X509ExtendedTrustManager {
        private final byte[] pin;

        Pinned(String pin) {
            this.pin = pin.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("server sent no certificate");
            }
            byte[] actual = pinOf(chain[0]).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(actual, pin)) {
                throw new CertificateException("helper certificate does not match the configured helper.spki-sha256 pin");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
