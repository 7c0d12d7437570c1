package org.lafs.helper.foolscap;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Foolscap's TLS trust rule on the listener side (spec 1.3, 1.4; foolscap crypto.py): ask for a
 * client certificate and take whatever self-signed, expired or v1 certificate arrives. The
 * client is authenticated afterwards, when its Hello claims the TubID its certificate hashes to.
 * Only "no certificate at all" is refused. Extended on purpose: the JDK wraps a plain
 * {@code X509TrustManager} and re-applies algorithm and date checks. Immutable.
 */
final class AnyClientCertificate extends X509ExtendedTrustManager {
    private static void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("a Foolscap client must present its tub certificate");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the Foolscap listener never acts as a TLS client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the Foolscap listener never acts as a TLS client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the Foolscap listener never acts as a TLS client");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
