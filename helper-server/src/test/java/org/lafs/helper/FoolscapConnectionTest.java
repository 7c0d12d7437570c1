package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lafs.helper.foolscap.banana.Decoder;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.negotiation.Decision;
import org.lafs.helper.foolscap.pb.PbMessage;
import org.lafs.helper.upload.GridProbe;

/**
 * Connection life: silent peers are dropped (negotiation timeout, idle timeout after our
 * keepalive PINGs went unanswered), and a second connection from the same client follows
 * foolscap's duplicate rules in both master roles. Short timeouts here; the tests wait for the
 * outcome, they do not time it.
 */
class FoolscapConnectionTest extends FoolscapListenerFixture {
    @Override
    void configure(Map<String, String> c) {
        c.put("foolscap.negotiation-timeout", "1s");
        c.put("foolscap.keepalive", "1s");
        c.put("foolscap.idle-timeout", "3s");
    }

    @Test
    void aSilentConnectionIsClosedAfterTheNegotiationTimeout() throws Exception {
        try (RawFoolscapClient c = RawFoolscapClient.connect(port, null)) {
            assertTrue(c.closedByPeer());
        }
        TestHelpers.waitFor("closed for the negotiation timeout",
                () -> helper.metrics().registry().find("helper.foolscap.closed").tag("reason", "negotiation-timeout").counter() != null);
    }

    @Test
    void anIdlePeerIsPingedThenDropped() throws Exception {
        try (RawFoolscapClient c = RawFoolscapClient.ready(port, dir.resolve("a"), tubId, swissnum)) {
            Decoder.Event e = c.nextEvent();
            assertInstanceOf(Decoder.Ping.class, e, "the helper pings a quiet connection");
            // we never answer: the connection is closed for idleness
            Decoder.Event next;
            do {
                next = c.nextEvent();
            } while (next instanceof Decoder.Ping);
            assertNull(next);
        }
        TestHelpers.waitFor("closed as idle", () -> helper.metrics().registry().find("helper.foolscap.closed").tag("reason", "idle").counter() != null);
    }

    /**
     * What an old Tahoe node presents: foolscap's self-signed X.509 v1 certificate
     * ({@code CN=newpb_thingy}, serial 1, RSA-2048, SHA-256), valid for a year that ended long ago
     * (spec 1.3). Written where {@link RawFoolscapClient} looks for its tub certificate.
     */
    static Path expiredV1Certificate(Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        java.security.KeyPair kp = gen.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=newpb_thingy");
        java.time.Instant now = java.time.Instant.now();
        org.bouncycastle.cert.X509CertificateHolder cert = new org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder(name,
                java.math.BigInteger.ONE, java.util.Date.from(now.minus(java.time.Duration.ofDays(800))),
                java.util.Date.from(now.minus(java.time.Duration.ofDays(435))), name, kp.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()));
        for (Object[] f : new Object[][] {{"helper-cert.pem", cert}, {"helper-key.pem",
                new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(kp.getPrivate(), null)}}) {
            java.io.StringWriter w = new java.io.StringWriter();
            try (org.bouncycastle.openssl.jcajce.JcaPEMWriter pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(w)) {
                pem.writeObject(f[1]);
            }
            java.nio.file.Files.writeString(dir.resolve((String) f[0]), w.toString());
        }
        return dir;
    }

    @Test
    void anExpiredV1ClientCertificateIsAcceptedByBothTlsEngines() throws Exception {
        Path old = expiredV1Certificate(dir.resolve("old-node"));
        try (RawFoolscapClient c = RawFoolscapClient.ready(port, old, tubId, swissnum)) {
            assertInstanceOf(PbMessage.Answer.class, version(c), "default engine (BoringSSL when it loads)");
        }
        String before = System.getProperty(org.lafs.net.TlsEngine.PROPERTY);
        System.setProperty(org.lafs.net.TlsEngine.PROPERTY, "jdk");
        Helper jdk;
        try {
            Map<String, String> c = TestHelpers.baseConfig(dir.resolve("helper-jdk"));
            c.put("foolscap.enabled", "true");
            c.put("foolscap.listen.port", "0");
            jdk = Helper.start(vertx, TestHelpers.config(c), GridProbe.NONE, null).await();
        } finally {
            if (before == null) {
                System.clearProperty(org.lafs.net.TlsEngine.PROPERTY);
            } else {
                System.setProperty(org.lafs.net.TlsEngine.PROPERTY, before);
            }
        }
        try {
            String furl = jdk.foolscap().furl().uri();
            String jdkSwissnum = furl.substring(furl.lastIndexOf('/') + 1);
            try (RawFoolscapClient c = RawFoolscapClient.ready(jdk.foolscap().port(), old, jdk.foolscap().tubId(), jdkSwissnum)) {
                c.call(0, "getReferenceByName", RawFoolscapClient.kwargs(Map.of("name", Value.Bytes.ascii(jdkSwissnum))));
                assertInstanceOf(PbMessage.Answer.class, c.next(), "the JDK's SSLEngine");
            }
            TestHelpers.waitFor("closed", () -> jdk.foolscap().connectionCount() == 0);
        } finally {
            jdk.stop().await();
        }
    }

    /** A certificate directory whose TubID makes the wanted side the master. */
    private Path clientWhere(boolean helperIsMaster) throws Exception {
        for (int i = 0; ; i++) {
            Path d = dir.resolve("cert" + i);
            try (RawFoolscapClient c = RawFoolscapClient.connect(port, d)) {
                if (Decision.weAreMaster(tubId, c.tubId) == helperIsMaster) {
                    return d;
                }
            }
        }
    }

    private PbMessage version(RawFoolscapClient c) throws Exception {
        c.call(0, "getReferenceByName", RawFoolscapClient.kwargs(Map.of("name", Value.Bytes.ascii(swissnum))));
        return c.next();
    }

    @Test
    void helperAsMasterRefusesAParallelDuplicate() throws Exception {
        Path me = clientWhere(true);
        try (RawFoolscapClient first = RawFoolscapClient.ready(port, me, tubId, swissnum)) {
            assertInstanceOf(PbMessage.Answer.class, version(first));
            try (RawFoolscapClient second = RawFoolscapClient.connect(port, me)) {
                second.upgrade(tubId);
                // same incarnation, last-connection "none 0": foolscap's rule 3, a parallel attempt
                Map<String, String> d = second.negotiate(second.tubId);
                assertEquals("Duplicate connection", d.get("error"));
                assertTrue(second.closedByPeer());
            }
            assertInstanceOf(PbMessage.Answer.class, version(first), "the first connection is kept");
        }
    }

    @Test
    void clientAsMasterReplacesItsOldConnection() throws Exception {
        Path me = clientWhere(false);
        try (RawFoolscapClient first = RawFoolscapClient.ready(port, me, tubId, swissnum)) {
            assertInstanceOf(PbMessage.Answer.class, version(first));
            try (RawFoolscapClient second = RawFoolscapClient.ready(port, me, tubId, swissnum)) {
                assertTrue(first.closedByPeer(), "a master's new connection replaces the old one");
                assertInstanceOf(PbMessage.Answer.class, version(second));
            }
        }
    }
}
