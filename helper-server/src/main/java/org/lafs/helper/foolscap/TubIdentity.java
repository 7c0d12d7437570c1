package org.lafs.helper.foolscap;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.lafs.format.Base32;
import org.lafs.fs.PrivateFiles;
import org.lafs.helper.config.FoolscapConfig;
import org.lafs.helper.foolscap.negotiation.Furl;
import org.lafs.helper.foolscap.negotiation.TubId;
import org.lafs.helper.tls.HelperTls;

/**
 * The listener's tub identity: its TLS certificate and key (the TubID is the certificate's hash)
 * and the swissnum naming the helper object. Created on first start (key and swissnum files
 * 0600, their default directory 0700) and reused, so the FURL stays valid; a Tahoe node's
 * {@code private/node.pem} (certificate, then PKCS#8 or PKCS#1 key) can be named for both files
 * to keep an old helper's FURL. Immutable; {@link #load} blocks (file I/O, key generation).
 *
 * @param certificatePem the certificate, PEM
 * @param keyPem the private key, PKCS#8 PEM
 * @param tubId our TubID
 * @param swissnum the helper object's secret name (never logged)
 */
public record TubIdentity(String certificatePem, String keyPem, String tubId, String swissnum) {
    /** foolscap pb.py generates 160-bit swissnums: 32 base32 characters. */
    static final int SWISSNUM_BYTES = 20;

    /** Reads, or creates, the identity the configuration names. */
    public static TubIdentity load(FoolscapConfig c, Path stateDir) throws IOException {
        Path defaultDir = stateDir.resolve("foolscap");
        boolean defaults = c.certFile().equals(defaultDir.resolve("helper-cert.pem")) && c.keyFile().equals(defaultDir.resolve("helper-key.pem"));
        if (!Files.exists(c.certFile()) || !Files.exists(c.keyFile())) {
            if (!defaults) {
                throw new IOException("foolscap certificate or key file missing: " + c.certFile() + ", " + c.keyFile());
            }
            PrivateFiles.directory(defaultDir);
            HelperTls.ensureSelfSigned(defaultDir);
        } else if (defaults) {
            PrivateFiles.directory(defaultDir); // made owner-only also when an older version created it
        }
        byte[] der = null;
        String keyPem = null;
        for (Path p : c.certFile().equals(c.keyFile()) ? new Path[] {c.certFile()} : new Path[] {c.certFile(), c.keyFile()}) {
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
                Object o;
                while ((o = pem.readObject()) != null) {
                    if (o instanceof X509CertificateHolder h && der == null && p.equals(c.certFile())) {
                        der = h.getEncoded();
                    } else if (o instanceof PrivateKeyInfo k && keyPem == null && p.equals(c.keyFile())) {
                        keyPem = pkcs8(k);
                    } else if (o instanceof PEMKeyPair kp && keyPem == null && p.equals(c.keyFile())) {
                        keyPem = pkcs8(kp.getPrivateKeyInfo());
                    }
                }
            }
        }
        if (der == null || keyPem == null) {
            throw new IOException("no certificate in " + c.certFile() + " or no private key in " + c.keyFile());
        }
        String certPem = pem("CERTIFICATE", der);
        return new TubIdentity(certPem, keyPem, TubId.of(der), swissnum(c.swissnumFile()));
    }

    private static String swissnum(Path file) throws IOException {
        if (Files.exists(file)) {
            String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!s.matches("[\\x21-\\x2e\\x30-\\x7e]{16,200}")) {
                throw new IOException("swissnum file " + file + " must hold 16..200 printable characters without '/'");
            }
            return s;
        }
        byte[] b = new byte[SWISSNUM_BYTES];
        new SecureRandom().nextBytes(b);
        String s = Base32.encode(b);
        PrivateFiles.write(file, s + "\n");
        return s;
    }

    /** Whether {@code presented} is our swissnum, in constant time. */
    public boolean isSwissnum(byte[] presented) {
        return MessageDigest.isEqual(swissnum.getBytes(StandardCharsets.US_ASCII), presented);
    }

    /** The helper's FURL with these hints. */
    public Furl furl(java.util.List<String> hints) {
        return new Furl(tubId, hints, swissnum);
    }

    /** Writes the FURL for the operator (it holds the swissnum: owner-only). */
    public static void writeFurl(Path file, Furl furl) throws IOException {
        PrivateFiles.write(file, furl.uri() + "\n");
    }

    private static String pkcs8(PrivateKeyInfo k) throws IOException {
        return pem("PRIVATE KEY", k.getEncoded());
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(new PemObject(type, der));
        }
        return sw.toString();
    }

    @Override
    public String toString() {
        return "TubIdentity[tubId=" + tubId + ", swissnum=<redacted>]";
    }
}
