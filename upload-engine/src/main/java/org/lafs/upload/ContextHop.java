package org.lafs.upload;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Brings completions back onto one Vert.x context, so pipeline state is touched by one thread. */
final class ContextHop {
    private final Context context;

    ContextHop(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    /** {@code f}, completed on this context. */
    <T> Future<T> here(Future<T> f) {
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> {
            if (Vertx.currentContext() == context) {
                p.handle(ar);
            } else {
                context.runOnContext(v -> p.handle(ar));
            }
        });
        return p.future();
    }

    /** Runs {@code r} on this context (now, if already there). */
    void run(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }
}
