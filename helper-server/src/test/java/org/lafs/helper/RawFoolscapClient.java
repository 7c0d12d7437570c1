package org.lafs.helper;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.lafs.helper.foolscap.banana.BananaException;
import org.lafs.helper.foolscap.banana.Decoder;
import org.lafs.helper.foolscap.banana.Encoder;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.banana.Vocab;
import org.lafs.helper.foolscap.negotiation.BlockReader;
import org.lafs.helper.foolscap.negotiation.Decision;
import org.lafs.helper.foolscap.negotiation.HeaderBlock;
import org.lafs.helper.foolscap.negotiation.Hello;
import org.lafs.helper.foolscap.negotiation.TubId;
import org.lafs.helper.foolscap.pb.PbCodec;
import org.lafs.helper.foolscap.pb.PbMessage;
import org.lafs.helper.tls.HelperTls;

/**
 * A blocking Foolscap client written from the spec, for hostile-input tests: it can stop at any
 * phase and send anything. Uses the project's codec for the well-formed parts. Every read has a
 * timeout, so a test fails instead of hanging.
 */
final class RawFoolscapClient implements AutoCloseable {
    /** Upper bound on any one read; far above what a local helper needs, so never a timing assert. */
    static final int READ_TIMEOUT_MS = 30_000;

    private final Socket plain;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    final String tubId;
    private final Path certDir;
    private Encoder encoder;
    private Decoder decoder;
    private final BlockReader blocks = new BlockReader();
    private long nextReqId = 1;

    private RawFoolscapClient(Socket plain, Path certDir) throws IOException {
        this.plain = plain;
        this.socket = plain;
        this.in = plain.getInputStream();
        this.out = plain.getOutputStream();
        this.certDir = certDir;
        try {
            this.tubId = certDir == null ? null : TubId.of(certificate(certDir).getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    /** A client whose tub certificate lives in {@code certDir} (created once, so the TubID is stable). */
    static RawFoolscapClient connect(int port, Path certDir) throws IOException {
        if (certDir != null) {
            HelperTls.ensureSelfSigned(certDir);
        }
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(READ_TIMEOUT_MS);
        return new RawFoolscapClient(s, certDir);
    }

    void send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads until CRLFCRLF or the end of the stream; returns what arrived. */
    String readHeader() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] a = b.toByteArray();
            if (HeaderBlock.end(a, Math.max(0, a.length - 4), a.length) > 0) {
                break;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when the peer closes the connection (reads and drops whatever comes first). */
    boolean closedByPeer() {
        try {
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** The plaintext request and the 101, then the TLS handshake (with our certificate when we have one). */
    void upgrade(String helperTubId) throws Exception {
        send("GET /id/" + helperTubId + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n");
        String resp = readHeader();
        if (!resp.startsWith("HTTP/1.1 101 ")) {
            throw new IOException("no 101: " + resp);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (certDir != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("tub", privateKey(certDir), new char[0], new X509Certificate[] {certificate(certDir)});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {new TrustAll()}, new SecureRandom());
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
        tls.setUseClientMode(true);
        tls.setSoTimeout(READ_TIMEOUT_MS);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
    }

    /** Sends our Hello (claiming {@code claimedTubId}), reads theirs, exchanges the Decision; ready for Banana. */
    Map<String, String> negotiate(String claimedTubId) throws Exception {
        String incarnation = HexFormat.of().formatHex(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Hello ours = new Hello(3, 3, 0, 1, claimedTubId, incarnation, "none 0");
        send(ours.encode());
        Map<String, String> theirs = HeaderBlock.parse(nextBlock());
        if (theirs.containsKey("error")) {
            return theirs;
        }
        String helper = theirs.get("my-tub-id");
        int vocab;
        if (Decision.weAreMaster(claimedTubId, helper)) {
            send(new Decision(1, incarnation + " 1").encode());
            vocab = 1;
        } else {
            Map<String, String> d = HeaderBlock.parse(nextBlock());
            if (d.containsKey("error")) {
                return d;
            }
            vocab = Integer.parseInt(d.get("initial-vocab-table-index").split(" ")[0]);
        }
        encoder = new Encoder(Vocab.of(vocab));
        decoder = new Decoder(Vocab.of(vocab), new Decoder.Limits(1 << 20, 64, 100_000, 4 << 20));
        byte[] rest = blocks.drain();
        decoder.feed(rest);
        return theirs;
    }

    private String nextBlock() throws IOException, BananaException {
        byte[] buf = new byte[4096];
        while (true) {
            String b = blocks.nextBlock();
            if (b != null) {
                return b;
            }
            int n = in.read(buf);
            if (n < 0) {
                throw new EOFException("closed during negotiation");
            }
            blocks.feed(buf, 0, n);
        }
    }

    /** Sends a call; returns its reqID. */
    long call(long clid, String method, Value.Args args) throws IOException {
        long id = nextReqId++;
        send(PbCodec.encode(new PbMessage.Call(id, clid, method, args), encoder));
        return id;
    }

    void answer(long reqId, Value v) throws IOException {
        send(PbCodec.encode(new PbMessage.Answer(reqId, v), encoder));
    }

    Encoder encoder() {
        return encoder;
    }

    /** The next PB message from the helper (PINGs are answered and skipped). */
    PbMessage next() throws Exception {
        byte[] buf = new byte[65536];
        while (true) {
            Decoder.Event e = decoder.next();
            if (e instanceof Decoder.Message m) {
                return PbCodec.decode(m);
            }
            if (e instanceof Decoder.Ping p) {
                send(Encoder.pong(p.number()));
                continue;
            }
            if (e instanceof Decoder.PeerError pe) {
                throw new IOException("helper sent ERROR: " + pe.text());
            }
            if (e != null) {
                continue;
            }
            int n = in.read(buf);
            if (n < 0) {
                throw new EOFException("closed");
            }
            decoder.feed(buf, 0, n);
        }
    }

    /** The next event of any kind (PING included), or null at the end of the stream. */
    Decoder.Event nextEvent() throws Exception {
        byte[] buf = new byte[65536];
        while (true) {
            Decoder.Event e = decoder.next();
            if (e != null) {
                return e;
            }
            int n = in.read(buf);
            if (n < 0) {
                return null;
            }
            decoder.feed(buf, 0, n);
        }
    }

    /** A full bootstrap: upgrade, negotiate as our certificate's TubID, getReferenceByName; returns the helper's clid. */
    static RawFoolscapClient ready(int port, Path certDir, String helperTubId, String swissnum) throws Exception {
        RawFoolscapClient c = connect(port, certDir);
        c.upgrade(helperTubId);
        c.negotiate(c.tubId);
        return c;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        plain.close();
    }

    private static X509Certificate certificate(Path dir) throws IOException {
        try (InputStream s = Files.newInputStream(dir.resolve("helper-cert.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(s);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(e);
        }
    }

    private static PrivateKey privateKey(Path dir) throws IOException {
        try (Reader r = Files.newBufferedReader(dir.resolve("helper-key.pem")); PEMParser p = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
        }
    }

    /** Foolscap clients accept the server's certificate and check its hash against the FURL afterwards. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    static Value.Args kwargs(Map<String, Value> kw) {
        return new Value.Args(List.of(), List.copyOf(new java.util.TreeMap<>(kw).entrySet()));
    }
}
