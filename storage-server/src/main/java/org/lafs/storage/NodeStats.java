package org.lafs.storage;

import java.util.concurrent.atomic.AtomicLong;
import org.lafs.storage.http.RequestCounters;

/**
 * Counters of a running node, for tests and the status line. Thread-safe.
 *
 * <p>{@link #patchBytesOutstanding()} counts the Content-Range lengths of PATCH requests whose
 * headers have arrived and whose response has not been sent yet; its maximum is an upper bound
 * seen from the server of a client's unacknowledged bytes, which the window test checks.
 */
public final class NodeStats {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong patchOutstanding = new AtomicLong();
    private final AtomicLong patchOutstandingMax = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();

    /** The mutators as the HTTP routes use them; they stay out of this class's public API. */
    RequestCounters counters() {
        return new RequestCounters() {
            @Override
            public void request() {
                requests.incrementAndGet();
            }

            @Override
            public void patchStarted(long bytes) {
                long now = patchOutstanding.addAndGet(bytes);
                patchOutstandingMax.accumulateAndGet(now, Math::max);
            }

            @Override
            public void patchFinished(long bytes) {
                patchOutstanding.addAndGet(-bytes);
            }

            @Override
            public void written(long bytes) {
                bytesWritten.addAndGet(bytes);
            }
        };
    }

    public long requests() {
        return requests.get();
    }

    public long patchBytesOutstanding() {
        return patchOutstanding.get();
    }

    public long maxPatchBytesOutstanding() {
        return patchOutstandingMax.get();
    }

    /** Share bytes written to disk (including identical rewrites). */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    public void resetMax() {
        patchOutstandingMax.set(patchOutstanding.get());
    }
}
