package org.lafs.storage;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.lafs.format.Base32;
import org.lafs.gbs.SpkiHash;

/**
 * A storage node's long-lived identity, created on first start and kept in {@code <dir>/private}:
 * <ul>
 *   <li>{@code node.pem}: EC P-256 key and self-signed certificate, CN {@code newpb_thingy}
 *       like Tahoe's; the NURL pins its SPKI hash;</li>
 *   <li>{@code swissnum}: 32 base32 characters (160 random bits, like Tahoe's);</li>
 *   <li>{@code node.privkey}: Ed25519 key; the server id is {@code v0-<base32 public key>}.</li>
 * </ul>
 * The tub id (lease seed in the FURL) is SHA-1 over the certificate DER, as for Tahoe.
 * {@link #toString()} hides the secrets. Blocking file I/O: call from a worker or at startup.
 */
public final class NodeIdentity {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String certPem;
    private final String keyPem;
    private final X509Certificate cert;
    private final String swissnum;
    private final byte[] serverKey;

    private NodeIdentity(String certPem, String keyPem, X509Certificate cert, String swissnum, byte[] serverKey) {
        this.certPem = certPem;
        this.keyPem = keyPem;
        this.cert = cert;
        this.swissnum = swissnum;
        this.serverKey = serverKey;
    }

    /** Loads the identity from {@code nodeDir/private}, creating what is missing. */
    public static NodeIdentity loadOrCreate(Path nodeDir) throws IOException {
        Path priv = nodeDir.resolve("private");
        org.lafs.fs.PrivateFiles.directory(priv);
        Path pem = priv.resolve("node.pem");
        Path swiss = priv.resolve("swissnum");
        Path ed = priv.resolve("node.privkey");
        try {
            if (!Files.exists(pem)) {
                writePrivate(pem, createCertPem());
            }
            if (!Files.exists(swiss)) {
                byte[] s = new byte[20];
                RANDOM.nextBytes(s);
                writePrivate(swiss, Base32.encode(s) + "\n");
            }
            if (!Files.exists(ed)) {
                KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                byte[] pub = kp.getPublic().getEncoded();
                String text = "pub=" + Base32.encode(Arrays.copyOfRange(pub, pub.length - 32, pub.length)) + "\n"
                        + "priv=" + java.util.Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n";
                writePrivate(ed, text);
            }
            String pemText = Files.readString(pem, StandardCharsets.US_ASCII);
            X509Certificate cert = null;
            PrivateKey key = null;
            try (PEMParser p = new PEMParser(new StringReader(pemText))) {
                Object o;
                while ((o = p.readObject()) != null) {
                    if (o instanceof X509CertificateHolder h) {
                        cert = new JcaX509CertificateConverter().getCertificate(h);
                    } else if (o instanceof PrivateKeyInfo k) {
                        key = new JcaPEMKeyConverter().getPrivateKey(k);
                    } else if (o instanceof PEMKeyPair kp) {
                        key = new JcaPEMKeyConverter().getKeyPair(kp).getPrivate();
                    }
                }
            }
            if (cert == null || key == null) {
                throw new IOException(pem + " must hold a certificate and a private key");
            }
            String swissnum = Files.readString(swiss, StandardCharsets.US_ASCII).strip();
            if (!swissnum.matches("[a-z2-7]{16,64}")) {
                throw new IOException(swiss + " is malformed");
            }
            byte[] serverKey = null;
            for (String line : Files.readAllLines(ed, StandardCharsets.US_ASCII)) {
                if (line.startsWith("pub=")) {
                    serverKey = Base32.decode(line.substring(4).strip(), 32);
                }
            }
            if (serverKey == null) {
                throw new IOException(ed + " is malformed");
            }
            return new NodeIdentity(toPem(cert), toPem(key), cert, swissnum, serverKey);
        } catch (java.security.GeneralSecurityException | OperatorCreationException | IllegalArgumentException e) {
            throw new IOException("cannot load or create the node identity in " + priv + ": " + e.getMessage(), e);
        }
    }

    private static String createCertPem() throws java.security.GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=newpb_thingy");
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()));
        X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
        return toPem(kp.getPrivate()) + toPem(cert);
    }

    private static String toPem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            if (o instanceof PrivateKey k) {
                w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null));
            } else {
                w.writeObject(o);
            }
        }
        return sw.toString();
    }

    private static void writePrivate(Path p, String text) throws IOException {
        org.lafs.fs.PrivateFiles.write(p, text);
    }

    /** PEM of the certificate (for the TLS listener). */
    public String certificatePem() {
        return certPem;
    }

    /** PEM (PKCS#8) of the TLS private key. */
    public String privateKeyPem() {
        return keyPem;
    }

    public X509Certificate certificate() {
        return cert;
    }

    public String spkiHash() {
        return SpkiHash.of(cert);
    }

    public String swissnum() {
        return swissnum;
    }

    /** {@code v0-<base32 of the Ed25519 public key>}. */
    public String serverId() {
        return "v0-" + Base32.encode(serverKey);
    }

    /** The permutation seed announced: base32 of the Ed25519 public key (spec section 7). */
    public String permutationSeedBase32() {
        return Base32.encode(serverKey);
    }

    /** The tub id: base32 of SHA-1 over the certificate DER (Foolscap's rule). */
    public String tubId() {
        try {
            return Base32.encode(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + serverId() + ", spki=" + spkiHash() + "]";
    }

}
