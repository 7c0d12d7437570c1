package org.lafs.loadtest.floor;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.lafs.helper.tls.HelperTls;

/**
 * TLS record protection without sockets: a client and a server engine of the kind our endpoints
 * use (BoringSSL when it loads, as {@code org.lafs.net.TlsEngine} picks), joined in memory, one
 * encrypting and the other decrypting full 16 KiB records. Each ciphertext byte crosses TLS once
 * from the client to the helper and 3.3 times (its shares) from the helper to the grid, and
 * every crossing is one encryption and one decryption.
 */
final class TlsWork implements AutoCloseable {
    /** The largest TLS plaintext record, RFC 8446 section 5.1. */
    private static final int RECORD = 16384;

    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteBuffer plain = ByteBuffer.allocateDirect(RECORD);
    private final ByteBuffer net;
    private final ByteBuffer received;

    TlsWork(Path scratch) throws Exception {
        SslProvider provider = io.netty.handler.ssl.OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        Path[] certAndKey = HelperTls.ensureSelfSigned(scratch);
        SslContext serverCtx = SslContextBuilder.forServer(certAndKey[0].toFile(), certAndKey[1].toFile())
                .sslProvider(provider).build();
        SslContext clientCtx = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .sslProvider(provider).build();
        server = serverCtx.newEngine(ByteBufAllocator.DEFAULT);
        client = clientCtx.newEngine(ByteBufAllocator.DEFAULT, "localhost", 443);
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        net = ByteBuffer.allocateDirect(packet * 2);
        received = ByteBuffer.allocateDirect(Math.max(RECORD * 2, server.getSession().getApplicationBufferSize()));
        handshake();
        plain.put(FileWork.filled(RECORD)).flip();
    }

    /** "TLSv1.3 TLS_AES_128_GCM_SHA256 (OpenSSL)" or the like, for the report. */
    String describe() {
        return client.getSession().getProtocol() + " " + client.getSession().getCipherSuite() + " ("
                + client.getClass().getSimpleName() + ")";
    }

    /** CPU seconds to protect and unprotect {@code bytes} of application data. */
    double cpuSeconds(long bytes) throws Exception {
        long records = (bytes + RECORD - 1) / RECORD;
        return CpuClock.seconds(() -> {
            for (long r = 0; r < records; r++) {
                plain.rewind();
                net.clear();
                check(client.wrap(plain, net));
                net.flip();
                received.clear();
                check(server.unwrap(net, received));
                if (received.position() != RECORD) {
                    throw new SSLException("record of " + received.position() + " bytes came out");
                }
            }
        });
    }

    private static void check(SSLEngineResult r) throws SSLException {
        if (r.getStatus() != SSLEngineResult.Status.OK) {
            throw new SSLException("engine said " + r);
        }
    }

    /** Both engines' handshake messages shuttled through memory, bounded in rounds. */
    private void handshake() throws Exception {
        ByteBuffer toServer = ByteBuffer.allocateDirect(net.capacity());
        ByteBuffer toClient = ByteBuffer.allocateDirect(net.capacity());
        ByteBuffer sink = ByteBuffer.allocateDirect(received.capacity());
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100; round++) {
            shuttle(client, toServer, server, sink);
            shuttle(server, toClient, client, sink);
            if (done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0) {
                return;
            }
        }
        throw new SSLException("in-memory handshake did not finish in 100 rounds");
    }

    /** What {@code from} has to send, into {@code to}, as far as {@code to} consumes it. */
    private static void shuttle(SSLEngine from, ByteBuffer wire, SSLEngine to, ByteBuffer sink) throws SSLException {
        from.wrap(ByteBuffer.allocate(0), wire);
        runTasks(from);
        wire.flip();
        while (wire.hasRemaining()) {
            sink.clear();
            SSLEngineResult r = to.unwrap(wire, sink);
            runTasks(to);
            if (r.bytesConsumed() == 0) {
                break;
            }
        }
        wire.compact();
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus s = e.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine e) {
        for (Runnable t; (t = e.getDelegatedTask()) != null; ) {
            t.run();
        }
    }

    @Override
    public void close() {
        ReferenceCountUtil.release(client);
        ReferenceCountUtil.release(server);
    }
}
