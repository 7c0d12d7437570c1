package org.lafs.net;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that judges the peer on one side of TLS only (the servers a client dials, or
 * the clients a listener accepts) by one rule of its own, and refuses to act for the other side.
 * Both of ours (the GBS SPKI pin, the Foolscap listener's accept-any-client rule) take
 * certificates that PKIX would refuse, so it extends {@link X509ExtendedTrustManager} on
 * purpose: the JDK wraps a plain {@code X509TrustManager} and re-applies host-name, algorithm
 * and date checks. No CA is accepted as an issuer.
 */
public abstract class OneSidedTrustManager extends X509ExtendedTrustManager {
    /** Which peers the rule judges. */
    public enum Peers { SERVERS, CLIENTS }

    private final Peers judged;
    private final String otherSideRefusal;

    /**
     * @param judged the peers {@link #check} is for
     * @param otherSideRefusal the message when asked about the other side
     */
    protected OneSidedTrustManager(Peers judged, String otherSideRefusal) {
        this.judged = judged;
        this.otherSideRefusal = otherSideRefusal;
    }

    /** The rule: returns when {@code chain} (possibly null or empty) is trusted, else throws. */
    protected abstract void check(X509Certificate[] chain) throws CertificateException;

    private void judge(Peers side, X509Certificate[] chain) throws CertificateException {
        if (side != judged) {
            throw new CertificateException(otherSideRefusal);
        }
        check(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        judge(Peers.SERVERS, chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        judge(Peers.SERVERS, chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        judge(Peers.SERVERS, chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        judge(Peers.CLIENTS, chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        judge(Peers.CLIENTS, chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        judge(Peers.CLIENTS, chain);
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
