package org.lafs.gbs;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server if and only if every certificate it presents has the pinned SPKI hash, like
 * Tahoe's verify callback (spec section 1.2). Dates, names, CAs and key usages are ignored.
 *
 * <p>It extends {@link X509ExtendedTrustManager} on purpose: the JDK wraps a plain
 * {@code X509TrustManager} in a wrapper that adds host-name and algorithm checks, which Tahoe's
 * client does not do. It refuses to act as a trust manager for client certificates.
 * Thread-safe (immutable).
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final String pin;

    public PinnedTrustManager(String spkiHash) {
        this.pin = spkiHash;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server presented no certificate");
        }
        for (X509Certificate c : chain) {
            if (!SpkiHash.matches(pin, SpkiHash.of(c))) {
                throw new CertificateException("server certificate does not match the pinned SPKI hash");
            }
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
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
