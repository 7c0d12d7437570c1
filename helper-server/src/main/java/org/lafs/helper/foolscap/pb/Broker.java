package org.lafs.helper.foolscap.pb;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.lafs.helper.foolscap.banana.Encoder;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.log.Log;

/**
 * The PB state of one connection (spec 4.3 - 4.6; foolscap {@code broker.py},
 * {@code referenceable.py}): the objects we exported (clid, send count), the references the peer
 * sent us (clid, receive count), our outstanding calls, the peer's calls in progress, and the
 * Broker object itself (clid 0: {@code getReferenceByName}, {@code decref}, {@code decgift}).
 *
 * <p>Threading: confined to the connection's event loop ({@link #loop()}); {@link RemoteRef} hops
 * onto it. Every message goes out through {@link Wire#send} in the order it was serialized, so
 * open-ids are in wire order. Every table is bounded by {@link Limits}.
 */
public final class Broker {
    /** The byte sink of the connection: one call per top-level message, in order. */
    public interface Wire {
        void send(byte[] message);
    }

    /** An object we export to the peer. */
    public interface Target {
        /** The remote interface name sent with its {@code my-reference}. */
        String interfaceName();

        /**
         * Runs {@code method}; the future's value is the answer. Failing with
         * {@link CallRefused} sends that failure; any other failure is reported as an internal
         * error without details. Runs on the broker's loop.
         */
        Future<Value> invoke(Broker caller, String method, Value.Args args);
    }

    /**
     * Per-connection bounds.
     *
     * @param maxInboundCalls peer calls we are working on at once; more are refused
     * @param maxExports objects exported on this connection
     * @param maxImports distinct peer objects we hold references to
     * @param maxOutboundCalls our calls awaiting an answer
     */
    public record Limits(int maxInboundCalls, int maxExports, int maxImports, int maxOutboundCalls) {}

    private static final class Export {
        final Target target;
        long count;

        Export(Target target) {
            this.target = target;
        }
    }

    private final Encoder encoder;
    private final Wire wire;
    private final Executor loop;
    private final Function<byte[], Target> names;
    private final Limits limits;
    private final Map<Long, Export> exports = new HashMap<>();
    private final Map<Target, Long> exportIds = new IdentityHashMap<>();
    private final Map<Long, Integer> imports = new HashMap<>();
    private final Map<Long, Promise<Value>> pending = new HashMap<>();
    private final List<Runnable> lostListeners = new ArrayList<>();
    private long nextClid = 1; // 0 is the Broker itself
    private long nextReqId = 1; // 0 means "no answer wanted"
    private int inbound;
    private RuntimeException lost;

    /**
     * @param encoder this connection's outbound encoder
     * @param wire where serialized messages go
     * @param loop runs tasks on the connection's event loop
     * @param names resolves a swissnum to the published object, or null
     */
    public Broker(Encoder encoder, Wire wire, Executor loop, Function<byte[], Target> names, Limits limits) {
        this.encoder = encoder;
        this.wire = wire;
        this.loop = loop;
        this.names = names;
        this.limits = limits;
    }

    public Executor loop() {
        return loop;
    }

    public boolean isLost() {
        return lost != null;
    }

    /** Runs {@code r} when the connection ends (at once if it has). */
    public void onLost(Runnable r) {
        if (lost != null) {
            r.run();
        } else {
            lostListeners.add(r);
        }
    }

    /** Handles one message from the peer. */
    public void receive(PbMessage m) {
        if (lost != null) {
            return;
        }
        if (m instanceof PbMessage.Call c) {
            dispatch(c);
        } else if (m instanceof PbMessage.Answer a) {
            Promise<Value> p = pending.remove(a.reqId());
            if (p != null) {
                p.tryComplete(a.result());
            }
        } else {
            PbMessage.Error e = (PbMessage.Error) m;
            Promise<Value> p = pending.remove(e.reqId());
            if (p != null) {
                p.tryFail(new RemoteCallException(e.failure()));
            }
        }
    }

    /** Handles a message that framed correctly but could not be used. */
    public void receiveUnusable(PbCodec.Unusable u) {
        if (lost != null) {
            return;
        }
        if (u.call()) {
            if (u.reqId() > 0) {
                send(new PbMessage.Error(u.reqId(), CallRefused.violation(u.getMessage()).failure()));
            }
        } else if (u.reqId() > 0) {
            Promise<Value> p = pending.remove(u.reqId());
            if (p != null) {
                p.tryFail(new RemoteCallException(RemoteFailure.of(CallRefused.VIOLATION, u.getMessage())));
            }
        }
    }

    private void dispatch(PbMessage.Call c) {
        if (inbound >= limits.maxInboundCalls()) {
            answer(c.reqId(), Future.failedFuture(new CallRefused(CallRefused.HELPER, "too many outstanding calls on this connection")));
            return;
        }
        Future<Value> result;
        try {
            if (c.clid() == 0) {
                result = Future.succeededFuture(brokerMethod(c));
            } else {
                Export e = exports.get(c.clid());
                if (e == null) {
                    throw new CallRefused(CallRefused.KEY_ERROR, "no object with clid " + c.clid() + " on this connection");
                }
                result = e.target.invoke(this, c.method(), c.args());
            }
        } catch (RuntimeException ex) {
            result = Future.failedFuture(ex);
        }
        inbound++;
        result.onComplete(ar -> loop.execute(() -> {
            inbound--;
            answer(c.reqId(), ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause()));
        }));
    }

    private void answer(long reqId, Future<Value> done) {
        if (lost != null || reqId == PbMessage.NO_ANSWER) {
            return;
        }
        if (done.succeeded()) {
            send(new PbMessage.Answer(reqId, done.result()));
            return;
        }
        Throwable t = done.cause();
        RemoteFailure f;
        if (t instanceof CallRefused r) {
            f = r.failure();
        } else {
            Log.warn("foolscap-call-failed", "error", t.getClass().getSimpleName() + ": " + t.getMessage());
            f = RemoteFailure.of("builtins.RuntimeError", "internal error in the helper");
        }
        send(new PbMessage.Error(reqId, f));
    }

    /** RIBroker, the object with clid 0 (foolscap broker.py {@code RIBroker}). */
    private Value brokerMethod(PbMessage.Call c) {
        Value.Args a = c.args();
        switch (c.method()) {
            case "getReferenceByName": {
                if (a.size() != 1 || !(a.get(0, "name") instanceof Value.Bytes name)) {
                    throw CallRefused.violation("getReferenceByName takes one byte string, name");
                }
                Target t = names.apply(name.value());
                if (t == null) {
                    // foolscap answers KeyError; we do not echo any part of the name
                    throw new CallRefused(CallRefused.KEY_ERROR, "unable to find reference for this name");
                }
                return export(t);
            }
            case "decref": {
                long clid = integer(a.get(0, "clid"), "clid");
                long count = integer(a.get(1, "count"), "count");
                Export e = exports.get(clid);
                if (e != null) {
                    e.count -= count;
                    if (e.count <= 0) {
                        exports.remove(clid);
                        exportIds.remove(e.target);
                    }
                }
                return Value.None.INSTANCE;
            }
            case "decgift":
                return Value.None.INSTANCE; // we never send gifts
            default:
                throw CallRefused.noSuchMethod(c.method(), "RIBroker");
        }
    }

    private static long integer(Value v, String name) {
        if (v instanceof Value.Int i && i.value().signum() >= 0 && i.value().bitLength() < 63) {
            return i.value().longValue();
        }
        throw CallRefused.violation(name + " must be a non-negative integer");
    }

    /** A reference to our object {@code t} for an answer; counts one more send (spec 4.3). */
    public Value.MyRef export(Target t) {
        Long clid = exportIds.get(t);
        if (clid == null) {
            if (exports.size() >= limits.maxExports()) {
                throw new CallRefused(CallRefused.HELPER, "too many objects on this connection");
            }
            clid = nextClid++;
            exports.put(clid, new Export(t));
            exportIds.put(t, clid);
        }
        exports.get(clid).count++;
        // always the exact interface name, never a FURL (spec 4.3, recommended)
        return new Value.MyRef(clid, t.interfaceName(), null);
    }

    /** Accepts a reference to one of the peer's objects that arrived in a call's arguments. */
    public RemoteRef importRef(Value.MyRef r) {
        Integer had = imports.get(r.clid());
        if (had == null && imports.size() >= limits.maxImports()) {
            throw new CallRefused(CallRefused.HELPER, "too many references held on this connection");
        }
        imports.put(r.clid(), had == null ? 1 : had + 1);
        return new RemoteRef(this, r.clid(), r.interfaceName());
    }

    /** Calls {@code method} on the peer's object {@code clid}; on the loop. */
    Future<Value> call(long clid, String method, Value.Args args) {
        if (lost != null) {
            return Future.failedFuture(lost);
        }
        if (pending.size() >= limits.maxOutboundCalls()) {
            return Future.failedFuture(new IllegalStateException("too many outstanding calls to the peer"));
        }
        long id = nextReqId++;
        Promise<Value> p = Promise.promise();
        pending.put(id, p);
        send(new PbMessage.Call(id, clid, method, args));
        return p.future();
    }

    /** Tells the peer we dropped every receipt of {@code clid} (foolscap decref); on the loop. */
    void release(long clid) {
        Integer count = imports.remove(clid);
        if (count == null || lost != null) {
            return;
        }
        call(0, "decref", new Value.Args(List.of(), List.of(Map.entry("clid", Value.Int.of(clid)), Map.entry("count", Value.Int.of(count)))));
    }

    private void send(PbMessage m) {
        wire.send(PbCodec.encode(m, encoder));
    }

    /** The connection ended: every outstanding call fails, listeners run once. */
    public void lose(String reason) {
        if (lost != null) {
            return;
        }
        lost = new ConnectionLostException(reason);
        List<Promise<Value>> waiting = new ArrayList<>(pending.values());
        pending.clear();
        exports.clear();
        exportIds.clear();
        imports.clear();
        waiting.forEach(p -> p.tryFail(lost));
        List<Runnable> ls = new ArrayList<>(lostListeners);
        lostListeners.clear();
        for (Runnable r : ls) {
            try {
                r.run();
            } catch (RuntimeException e) {
                Log.warn("foolscap-lost-listener-failed", "error", String.valueOf(e.getMessage()));
            }
        }
    }

    /** Counts for status and leak checks. */
    public int exportCount() {
        return exports.size();
    }

    public int pendingCount() {
        return pending.size();
    }
}
