package org.lafs.gbs;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.lafs.net.EventLoops;

/**
 * The connection lanes of one {@link GbsClient}: one pooled HTTP client per event loop, each used
 * only from its loop. Vert.x opens a pooled connection on the loop of the context that asks for
 * it and then lends it to any caller, so one shared pool would carry every upload's requests on
 * the loops of whoever opened its first connections (docs/helper-design.md, Threads). Each
 * lane's client is created on first use; every view of the client shares these lanes.
 *
 * <p>Thread-safe.
 */
final class ConnectionLanes {
    private final EventLoops loops;
    private final HttpClientOptions httpOptions;
    private final PoolOptions poolOptions;
    private final Vertx vertx;
    private final HttpClientAgent[] clients;
    /** The next loop for callers that are on none of them. */
    private final AtomicInteger next = new AtomicInteger();
    private boolean closed;

    ConnectionLanes(Vertx vertx, HttpClientOptions httpOptions, PoolOptions poolOptions) {
        this.vertx = vertx;
        this.loops = EventLoops.of(vertx);
        this.httpOptions = httpOptions;
        this.poolOptions = poolOptions;
        this.clients = new HttpClientAgent[loops.size()];
    }

    /** The number of lanes: the Vert.x instance's event loops. */
    int size() {
        return clients.length;
    }

    /** The lane for a call: {@code fixedLane} when set (>= 0); else the caller's event loop; else the loops in turn. */
    int pick(int fixedLane) {
        if (fixedLane >= 0) {
            return fixedLane;
        }
        int here = loops.current();
        return here >= 0 ? here : Math.floorMod(next.getAndIncrement(), size());
    }

    /**
     * Runs a request chain on the thread of event loop {@code lane}, with that lane's pool, so the
     * connection, its TLS and HTTP work and every callback of the chain are on one thread. That
     * also keeps the body handler safe: Vert.x delivers a response's body as soon as the response
     * arrives, so the body handler of {@link GbsReply#collect} must be set in the same event-loop
     * turn that completes {@code send()}. Composed from any other thread (a worker, a test thread),
     * the callback can run late and the first chunks of the body are lost (seen as whole-share
     * reads missing their first 64 KiB); on the connection's own loop the callbacks run
     * synchronously at completion, so nothing is missed (GbsClientLanesTest).
     */
    <T> Future<T> onLane(int lane, Function<HttpClientAgent, Future<T>> chain) {
        Context target = loops.context(lane);
        if (loops.current() == lane) {
            try {
                return chain.apply(client(lane));
            } catch (IllegalStateException e) {
                return Future.failedFuture(e);
            }
        }
        Promise<T> promise = Promise.promise();
        target.runOnContext(v -> {
            HttpClientAgent http;
            try {
                http = client(lane);
            } catch (IllegalStateException e) {
                promise.tryFail(e);
                return;
            }
            chain.apply(http).onComplete(promise);
        });
        return promise.future();
    }

    /** Closes the pooled connections of every lane; no lane opens again. */
    Future<Void> closeAll() {
        List<Future<Void>> all = new ArrayList<>();
        for (HttpClientAgent c : created()) {
            all.add(c.close());
        }
        return Future.join(all).mapEmpty();
    }

    private synchronized HttpClientAgent client(int lane) {
        if (closed) {
            throw new IllegalStateException("client closed");
        }
        if (clients[lane] == null) {
            clients[lane] = vertx.createHttpClient(httpOptions, poolOptions);
        }
        return clients[lane];
    }

    /** Marks the lanes closed and returns the clients created so far. */
    private synchronized List<HttpClientAgent> created() {
        closed = true;
        List<HttpClientAgent> all = new ArrayList<>();
        for (HttpClientAgent c : clients) {
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }
}
