package org.lafs.helper.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The helper's TLS identity. In {@code self-signed} mode a certificate and key are generated
 * once into {@code <state>/tls/} and reused, so the pin a client stored stays valid across
 * restarts. Clients pin the certificate by its SPKI SHA-256 in unpadded base64url (the same form
 * as a GBS NURL's pin, gbs-storage-protocol.md section 1.1).
 */
public final class HelperTls {
    /** Self-signed certificates live long: the pin, not the date, is what clients check. */
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private HelperTls() {}

    /** The certificate and key paths for {@code self-signed} mode, generated when missing. */
    public static Path[] ensureSelfSigned(Path dir) throws IOException {
        Path cert = dir.resolve("helper-cert.pem");
        Path key = dir.resolve("helper-key.pem");
        if (Files.exists(cert) && Files.exists(key)) {
            return new Path[] {cert, key};
        }
        Files.createDirectories(dir);
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, new SecureRandom());
            KeyPair kp = gen.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=lafs-helper");
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()));
            // the key first: a certificate without its key would be kept and never match
            org.lafs.fs.PrivateFiles.write(key, pem(kp.getPrivate()));
            Path tmpCert = dir.resolve("helper-cert.pem.tmp");
            Files.writeString(tmpCert, pem(holder), StandardCharsets.US_ASCII);
            Files.move(tmpCert, cert, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Path[] {cert, key};
        } catch (NoSuchAlgorithmException | OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o instanceof java.security.PrivateKey pk ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pk, null) : o);
        }
        return sw.toString();
    }

    /** SPKI SHA-256 of the first certificate in a PEM file, unpadded base64url. */
    public static String spkiPin(Path certPem) throws IOException {
        try (var in = Files.newInputStream(certPem)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return spkiPin(c);
        } catch (CertificateException e) {
            throw new IOException("cannot read certificate " + certPem + ": " + e.getMessage(), e);
        }
    }

    public static String spkiPin(X509Certificate c) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
