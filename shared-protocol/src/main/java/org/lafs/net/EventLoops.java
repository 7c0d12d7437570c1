package org.lafs.net;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event loops of one Vert.x instance, numbered, with one context on each: what spreads
 * network work over the cores (docs/helper-design.md, Threads).
 *
 * <p>Vert.x binds a server connection to the loop of the server instance that accepted it and a
 * client connection to the loop of the context that opened it; its connection pool then hands
 * that connection to any caller. So work lands on a loop only when it is started from a context
 * on that loop: {@link #context(int)} gives one for each.
 *
 * <p>Thread-safe (immutable after construction).
 */
public final class EventLoops {
    private final ContextInternal[] contexts;
    private final Map<EventExecutor, Integer> index = new IdentityHashMap<>();

    private EventLoops(VertxInternal vertx) {
        List<ContextInternal> list = new ArrayList<>();
        for (EventExecutor e : vertx.nettyEventLoopGroup()) {
            index.put(e, list.size());
            list.add(vertx.contextBuilder().withEventLoop((EventLoop) e).build());
        }
        contexts = list.toArray(new ContextInternal[0]);
    }

    /**
     * The event loops of {@code vertx}. Not cached (a cache keyed by the instance would keep every
     * closed instance alive through its contexts): keep the result.
     */
    public static EventLoops of(Vertx vertx) {
        return new EventLoops((VertxInternal) vertx);
    }

    public int size() {
        return contexts.length;
    }

    /** A context on loop {@code i} (0 <= i < {@link #size()}); everything run on it runs on that loop's thread. */
    public Context context(int i) {
        return contexts[i];
    }

    /** The loop the calling thread is, or -1 when it is not one of these event loops (a worker, any other thread). */
    public int current() {
        if (!Context.isOnEventLoopThread()) {
            return -1;
        }
        ContextInternal c = (ContextInternal) Vertx.currentContext();
        if (c == null) {
            return -1;
        }
        Integer i = index.get(c.nettyEventLoop());
        return i == null || !c.nettyEventLoop().inEventLoop() ? -1 : i;
    }

    /** The loop {@code context} runs its handlers on, or -1 when it is not an event-loop context of this instance. */
    public int indexOf(Context context) {
        if (!(context instanceof ContextInternal c) || !context.isEventLoopContext()) {
            return -1;
        }
        Integer i = index.get(c.nettyEventLoop());
        return i == null ? -1 : i;
    }
}
