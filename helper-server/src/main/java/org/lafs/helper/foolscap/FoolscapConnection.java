package org.lafs.helper.foolscap;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import org.lafs.helper.foolscap.banana.BananaException;
import org.lafs.helper.foolscap.banana.Decoder;
import org.lafs.helper.foolscap.banana.Encoder;
import org.lafs.helper.foolscap.banana.Vocab;
import org.lafs.helper.foolscap.negotiation.BlockReader;
import org.lafs.helper.foolscap.negotiation.Decision;
import org.lafs.helper.foolscap.negotiation.HeaderBlock;
import org.lafs.helper.foolscap.negotiation.Hello;
import org.lafs.helper.foolscap.negotiation.NegotiationException;
import org.lafs.helper.foolscap.negotiation.TubId;
import org.lafs.helper.foolscap.negotiation.UpgradeRequest;
import org.lafs.helper.foolscap.pb.Broker;
import org.lafs.helper.foolscap.pb.PbCodec;
import org.lafs.log.Log;

/**
 * One accepted Foolscap connection, through its phases (spec 2.1): plaintext
 * {@code GET /id/<tubid>} and our 101, TLS (we are the TLS server and require the client's tub
 * certificate), both Hellos, the master's Decision (either side may be master), then Banana
 * carrying PB messages to and from a {@link Broker}.
 *
 * <p>This class is the I/O edge: the framing and every decision are the pure classes of the
 * {@code banana}, {@code negotiation} and {@code pb} packages. Any framing violation closes the
 * connection (with foolscap's refusal line, error block or ERROR token first); message-level
 * problems become PB errors and the connection stays. Bounds: 4096-byte negotiation blocks, the
 * decoder's limits, the broker's tables, the negotiation timeout and the idle timeout; when the
 * peer does not read our answers, we stop reading from it.
 *
 * <p>Threading: everything runs on the socket's event loop; {@link #close} may be called from
 * anywhere.
 */
final class FoolscapConnection {
    private enum Phase { PLAINTEXT, UPGRADING, HELLO, DECISION, BANANA, CLOSED }

    private final FoolscapServer server;
    private final NetSocket socket;
    private final Context context;
    private final Vertx vertx;
    private final String address;
    private final BlockReader blocks = new BlockReader();
    private Phase phase = Phase.PLAINTEXT;
    private String peerCertTubId;
    private Hello ours;
    private volatile Hello theirs;
    private volatile long seqnum;
    private Decoder decoder;
    private Broker broker;
    private HelperRemote helper;
    private long lastReceived = System.currentTimeMillis();
    private long lastPing;
    private long pings;
    private long negotiationTimer = -1;
    private long tickTimer = -1;
    private boolean pausedForWrites;
    private boolean cleaned;
    private String closeReason;

    FoolscapConnection(FoolscapServer server, NetSocket socket, Context context, String address) {
        this.server = server;
        this.socket = socket;
        this.context = context;
        this.vertx = context.owner();
        this.address = address;
    }

    void start() {
        socket.handler(this::onData);
        socket.closeHandler(v -> cleanup());
        socket.exceptionHandler(t -> close("io-error"));
        socket.drainHandler(v -> {
            if (pausedForWrites && phase != Phase.CLOSED) {
                pausedForWrites = false;
                socket.resume();
            }
        });
        negotiationTimer = vertx.setTimer(server.config().negotiationTimeout().toMillis(), id -> {
            if (phase != Phase.BANANA) {
                close("negotiation-timeout");
            }
        });
        // check idleness a few times per keepalive period (foolscap's own timers are this coarse)
        long tick = Math.max(100, Math.min(60_000, server.config().keepalive().toMillis() / 4));
        tickTimer = vertx.setPeriodic(tick, id -> tick());
    }

    /** The peer's TubID once its Hello was accepted, else null. */
    String peerTubId() {
        Hello h = theirs;
        return h == null ? null : h.tubId();
    }

    String peerIncarnation() {
        Hello h = theirs;
        return h == null ? null : h.incarnation();
    }

    long seqnum() {
        return seqnum;
    }

    Broker broker() {
        return broker;
    }

    private void onData(Buffer buf) {
        lastReceived = System.currentTimeMillis();
        byte[] b = buf.getBytes();
        switch (phase) {
            case PLAINTEXT -> {
                blocks.feed(b, 0, b.length);
                plaintext();
            }
            case HELLO, DECISION -> {
                blocks.feed(b, 0, b.length);
                negotiate();
            }
            case BANANA -> {
                decoder.feed(b);
                banana();
            }
            default -> close("protocol-error"); // bytes while TLS is being set up, or after close
        }
    }

    // ---------------------------------------------------------------- plaintext and TLS

    private void plaintext() {
        String request;
        try {
            request = blocks.nextBlock();
        } catch (BananaException e) {
            end(UpgradeRequest.refusal("Header too long"), "bad-request");
            return;
        }
        if (request == null) {
            return;
        }
        if (blocks.buffered() > 0) {
            // a Foolscap client waits for our 101 before sending anything else
            end(UpgradeRequest.refusal("not right"), "bad-request");
            return;
        }
        String refusal = UpgradeRequest.check(request, server.identity().tubId());
        if (refusal != null) {
            end(UpgradeRequest.refusal(refusal), "bad-request");
            return;
        }
        phase = Phase.UPGRADING;
        // Vert.x writes the 101, then installs TLS with reads paused in between, so the client's
        // ClientHello (sent after it reads the 101) always reaches the TLS handler
        socket.upgradeToSsl(server.sslOptions(), null, Buffer.buffer(UpgradeRequest.switchingProtocols())).onComplete(this::tlsUp);
    }

    private void tlsUp(AsyncResult<Void> ar) {
        if (phase != Phase.UPGRADING) {
            return;
        }
        if (ar.failed()) {
            close("tls-failed");
            return;
        }
        try {
            List<Certificate> chain = socket.peerCertificates();
            if (chain == null || chain.isEmpty()) {
                close("no-client-certificate");
                return;
            }
            peerCertTubId = TubId.of(chain.get(0).getEncoded());
        } catch (Exception e) {
            close("no-client-certificate");
            return;
        }
        ours = Hello.ours(server.identity().tubId(), server.incarnation());
        phase = Phase.HELLO;
        write(ours.encode());
        negotiate();
    }

    // ---------------------------------------------------------------- Hello and Decision

    private void negotiate() {
        try {
            while (phase == Phase.HELLO || phase == Phase.DECISION) {
                String block = blocks.nextBlock();
                if (block == null) {
                    return;
                }
                Map<String, String> fields = HeaderBlock.parse(block);
                if (phase == Phase.HELLO) {
                    hello(Hello.parseAndCheck(fields, peerCertTubId));
                } else {
                    established(Vocab.of(Decision.parseAndCheck(fields).vocabIndex()));
                }
            }
        } catch (NegotiationException e) {
            Log.info("foolscap-negotiation-failed", "address", address, "reason", e.getMessage());
            if (e.tellPeer()) {
                end(Decision.refusal(e.getMessage()), "negotiation-failed");
            } else {
                close("negotiation-failed");
            }
        } catch (BananaException e) {
            end(Decision.refusal(e.getMessage()), "negotiation-failed");
        }
    }

    private void hello(Hello h) throws NegotiationException {
        String me = server.identity().tubId();
        if (!Decision.weAreMaster(me, h.tubId())) {
            theirs = h;
            phase = Phase.DECISION;
            return;
        }
        FoolscapConnection existing = server.table().current(h.tubId());
        if (existing != null && existing != this) {
            if (!Decision.replacesExisting(h, existing.peerIncarnation(), existing.seqnum(), server.incarnation())) {
                end(Decision.refusal("Duplicate connection"), "duplicate");
                return;
            }
            existing.close("replaced");
        }
        theirs = h;
        seqnum = server.table().nextSeqnum(h.tubId());
        Decision d = Decision.asMaster(ours, h, seqnum);
        write(d.encode());
        established(Vocab.of(d.vocabIndex()));
    }

    private void established(Vocab vocab) {
        vertx.cancelTimer(negotiationTimer);
        phase = Phase.BANANA;
        FoolscapConnection old = server.table().establish(theirs.tubId(), this);
        if (old != null) {
            old.close("replaced"); // foolscap: a valid new connection replaces the old one
        }
        decoder = new Decoder(vocab, server.decoderLimits());
        broker = new Broker(new Encoder(vocab), this::write, r -> context.runOnContext(v -> r.run()), this::lookup,
                server.brokerLimits());
        Log.info("foolscap-connected", "client", theirs.tubId(), "address", address, "master",
                Decision.weAreMaster(server.identity().tubId(), theirs.tubId()) ? "helper" : "client", "vocab", vocab.index());
        byte[] rest = blocks.drain();
        if (rest.length > 0) {
            decoder.feed(rest);
            banana();
        }
    }

    private Broker.Target lookup(byte[] name) {
        if (!server.identity().isSwissnum(name)) {
            Log.info("foolscap-unknown-name", "client", theirs.tubId(), "address", address);
            return null;
        }
        if (helper == null) {
            helper = new HelperRemote(server.uploads(), theirs.tubId());
        }
        return helper;
    }

    // ---------------------------------------------------------------- Banana

    private void banana() {
        try {
            Decoder.Event e;
            while (phase == Phase.BANANA && (e = decoder.next()) != null) {
                if (e instanceof Decoder.Message m) {
                    try {
                        broker.receive(PbCodec.decode(m));
                    } catch (PbCodec.Unusable u) {
                        broker.receiveUnusable(u);
                    }
                } else if (e instanceof Decoder.Ping p) {
                    write(Encoder.pong(p.number()));
                } else if (e instanceof Decoder.PeerError pe) {
                    Log.info("foolscap-peer-error", "client", theirs.tubId(), "text", pe.text());
                    close("peer-error");
                }
            }
        } catch (BananaException ex) {
            Log.info("foolscap-protocol-error", "client", theirs.tubId(), "address", address, "error", ex.getMessage());
            end(Encoder.error(ex.getMessage()), "protocol-error");
        }
    }

    private void write(byte[] bytes) {
        if (phase == Phase.CLOSED) {
            return;
        }
        socket.write(Buffer.buffer(bytes));
        if (socket.writeQueueFull() && !pausedForWrites) {
            // the peer is not reading our answers: stop reading its requests until it does
            pausedForWrites = true;
            socket.pause();
        }
    }

    private void tick() {
        if (phase == Phase.CLOSED) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - lastReceived >= server.config().idleTimeout().toMillis()) {
            close("idle");
        } else if (phase == Phase.BANANA && now - lastReceived >= server.config().keepalive().toMillis()
                && now - lastPing >= server.config().keepalive().toMillis()) {
            lastPing = now;
            write(Encoder.ping(++pings));
        }
    }

    // ---------------------------------------------------------------- closing

    /** Writes {@code last} (a refusal or an error token), then closes. */
    private void end(byte[] last, String reason) {
        if (phase == Phase.CLOSED) {
            return;
        }
        closeReason = reason;
        phase = Phase.CLOSED;
        socket.end(Buffer.buffer(last)).onComplete(ar -> cleanup());
    }

    /** Closes the connection; safe from any thread. */
    void close(String reason) {
        if (Vertx.currentContext() != context) {
            context.runOnContext(v -> close(reason));
            return;
        }
        if (phase == Phase.CLOSED) {
            return;
        }
        closeReason = reason;
        phase = Phase.CLOSED;
        socket.close();
        cleanup();
    }

    private void cleanup() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        phase = Phase.CLOSED;
        vertx.cancelTimer(negotiationTimer);
        vertx.cancelTimer(tickTimer);
        Hello h = theirs;
        if (h != null) {
            server.table().remove(h.tubId(), this);
        }
        if (broker != null) {
            broker.lose("connection lost");
        }
        String reason = closeReason == null ? "peer-closed" : closeReason;
        Log.info("foolscap-closed", "client", h == null ? "-" : h.tubId(), "address", address, "reason", reason);
        server.connectionClosed(this, address, reason);
    }
}
