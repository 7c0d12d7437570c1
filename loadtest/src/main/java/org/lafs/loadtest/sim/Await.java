package org.lafs.loadtest.sim;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded blocking waits for the scenario threads (never called on an event loop). */
public final class Await {
    private Await() {}

    public static <T> T get(Future<T> f, Duration timeout) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + timeout.toSeconds() + " s");
        }
    }
}
