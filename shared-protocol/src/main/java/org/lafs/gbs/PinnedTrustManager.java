package org.lafs.gbs;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.lafs.net.OneSidedTrustManager;

/**
 * Trusts a server if and only if every certificate it presents has the pinned SPKI hash, like
 * Tahoe's verify callback (spec section 1.2). Dates, names, CAs, key usages and algorithms
 * are ignored, as Tahoe's client ignores them ({@link OneSidedTrustManager}); it refuses to
 * judge client certificates. Thread-safe (immutable).
 */
public final class PinnedTrustManager extends OneSidedTrustManager {
    private final String pin;

    public PinnedTrustManager(String spkiHash) {
        super(Peers.SERVERS, "client certificates are not used");
        this.pin = spkiHash;
    }

    @Override
    protected void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server presented no certificate");
        }
        for (X509Certificate c : chain) {
            if (!SpkiHash.matches(pin, SpkiHash.of(c))) {
                throw new CertificateException("server certificate does not match the pinned SPKI hash");
            }
        }
    }
}
