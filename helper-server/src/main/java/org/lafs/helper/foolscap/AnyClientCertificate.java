package org.lafs.helper.foolscap;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.lafs.net.OneSidedTrustManager;

/**
 * Foolscap's TLS trust rule on the listener side (spec 1.3, 1.4; foolscap crypto.py): ask for a
 * client certificate and take whatever self-signed, expired or v1 certificate arrives. The
 * client is authenticated afterwards, when its Hello claims the TubID its certificate hashes to.
 * Only "no certificate at all" is refused ({@link OneSidedTrustManager} keeps the JDK from
 * re-applying algorithm and date checks). Immutable.
 */
final class AnyClientCertificate extends OneSidedTrustManager {
    AnyClientCertificate() {
        super(Peers.CLIENTS, "the Foolscap listener never acts as a TLS client");
    }

    @Override
    protected void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("a Foolscap client must present its tub certificate");
        }
    }
}
