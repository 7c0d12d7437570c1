package org.lafs.loadtest.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that forwards bytes to one target after a fixed one-way delay in each
 * direction (so it adds {@code 2 x oneWayDelay} to every round trip), and optionally shapes the
 * client-to-target direction with a {@link TokenBucket} (a slow uplink). It forwards raw bytes:
 * TLS passes through untouched, so a NURL keeps its SPKI pin and swissnum and only its host and
 * port change.
 *
 * <p>Model per direction: a chunk read at time t leaves at max(previous chunk's departure,
 * t + bucket wait + delay); order is kept. Back-pressure: the source is paused while more than
 * {@link #HIGH_WATER} bytes wait (then the sender's TCP window fills, as on a real slow link)
 * and while the destination's write queue is full. Timers have millisecond resolution; a chunk
 * due within half a millisecond is sent.
 *
 * <p>Threading: each proxied connection lives on the event loop that accepted it.
 */
public final class DelayProxy {
    /** Queued bytes per direction above which the source is paused. */
    public static final int HIGH_WATER = 256 * 1024;
    private static final int LOW_WATER = HIGH_WATER / 2;

    private final Vertx vertx;
    private final String targetHost;
    private final int targetPort;
    private final long oneWayDelayNanos;
    private final TokenBucket uplink;
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private NetServer server;
    private NetClient client;

    /**
     * @param oneWayDelayNanos added delay per direction, >= 0
     * @param uplink shapes client-to-target bytes, or null for none; may be shared by proxies
     */
    public DelayProxy(Vertx vertx, String targetHost, int targetPort, long oneWayDelayNanos, TokenBucket uplink) {
        if (oneWayDelayNanos < 0) {
            throw new IllegalArgumentException("delay < 0");
        }
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.oneWayDelayNanos = oneWayDelayNanos;
        this.uplink = uplink;
    }

    /** Listens on 127.0.0.1 at a port the OS picks; completes with that port. */
    public Future<Integer> start() {
        client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000));
        server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
        server.connectHandler(this::accept);
        return server.listen().map(NetServer::actualPort);
    }

    /** The listening port (after {@link #start}). */
    public int port() {
        return server.actualPort();
    }

    /** Client-to-target bytes forwarded so far. */
    public long bytesUp() {
        return bytesUp.get();
    }

    /** Connections accepted so far (a TLS client pays one handshake per connection). */
    public int connections() {
        return connections.get();
    }

    /** Target-to-client bytes forwarded so far. */
    public long bytesDown() {
        return bytesDown.get();
    }

    public Future<Void> close() {
        Future<Void> s = server == null ? Future.succeededFuture() : server.close();
        return s.compose(v -> client == null ? Future.succeededFuture() : client.close());
    }

    private void accept(NetSocket in) {
        connections.incrementAndGet();
        in.pause();
        client.connect(targetPort, targetHost).onComplete(ar -> {
            if (ar.failed()) {
                in.close();
                return;
            }
            NetSocket out = ar.result();
            new Direction(in, out, uplink, bytesUp).start();
            new Direction(out, in, null, bytesDown).start();
            in.resume();
        });
    }

    /** One direction of one connection; confined to its event loop. */
    private final class Direction {
        private final NetSocket src;
        private final NetSocket dst;
        private final TokenBucket bucket;
        private final AtomicLong counter;
        private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
        private final ArrayDeque<Long> due = new ArrayDeque<>();
        private long lastDue;
        private long pending;
        private boolean paused;
        private boolean timerArmed;
        private boolean waitingDrain;
        private boolean ended;

        Direction(NetSocket src, NetSocket dst, TokenBucket bucket, AtomicLong counter) {
            this.src = src;
            this.dst = dst;
            this.bucket = bucket;
            this.counter = counter;
        }

        void start() {
            src.handler(this::onData);
            src.endHandler(v -> {
                ended = true;
                pump();
            });
            src.exceptionHandler(e -> dst.close());
            dst.closeHandler(v -> src.close());
        }

        private void onData(Buffer b) {
            long now = System.nanoTime();
            long wait = bucket == null ? 0 : bucket.reserve(b.length(), now);
            long at = Math.max(lastDue, now + wait + oneWayDelayNanos);
            lastDue = at;
            chunks.add(b);
            due.add(at);
            pending += b.length();
            if (pending > HIGH_WATER && !paused) {
                paused = true;
                src.pause();
            }
            pump();
        }

        private void pump() {
            if (waitingDrain || timerArmed) {
                return;
            }
            long now = System.nanoTime();
            while (!chunks.isEmpty() && due.peek() <= now + 500_000) {
                Buffer b = chunks.poll();
                due.poll();
                pending -= b.length();
                counter.addAndGet(b.length());
                dst.write(b);
                if (dst.writeQueueFull()) {
                    waitingDrain = true;
                    dst.drainHandler(v -> {
                        waitingDrain = false;
                        pump();
                    });
                    break;
                }
            }
            if (paused && pending < LOW_WATER && !waitingDrain) {
                paused = false;
                src.resume();
            }
            if (waitingDrain) {
                return;
            }
            if (!chunks.isEmpty()) {
                long ms = Math.max(1, Math.round((due.peek() - now) / 1e6));
                timerArmed = true;
                vertx.setTimer(ms, id -> {
                    timerArmed = false;
                    pump();
                });
            } else if (ended) {
                dst.end();
            }
        }
    }
}
