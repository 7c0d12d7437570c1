package org.lafs.loadtest.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.lafs.client.HelperEndpoint;
import org.lafs.client.helper.HelperClient;
import org.lafs.client.helper.HelperException;
import org.lafs.format.Base32;

/**
 * A simulated helper client over the real one: {@code bin/helper-client}'s tus client
 * ({@link HelperClient}: JDK HTTP client, the helper's SPKI pin, {@code Expect: 100-continue})
 * sends stand-in ciphertext ({@link Ciphertext}) for a given storage index, so the load test
 * measures the client users run, not a second implementation of the protocol. What the CLI adds
 * on top ({@code HelperUpload}: the convergent key pass, AES-CTR, checking the result's hashes)
 * is left out: it needs the plaintext file and would put the client's hashing and encryption on
 * the same two cores as the helper and the grid.
 *
 * <p>One upload: creation, PATCHes of up to {@link #MAX_PATCH} bytes from the creation's offset
 * (after a PATCH that failed for a passing reason, including one the helper stopped taking bytes
 * of for {@code HelperClient.PATCH_IDLE}: HEAD and continue from the helper's durable offset, at
 * most {@link #MAX_RESUMES} times), then result long-polls until a final state, bounded by
 * {@link #MAX_POLLS}. This loop is not the CLI's ({@code HelperUpload}, with {@code Retry}'s
 * growing pauses and a time budget) on purpose: a load generator that waited out a failing
 * helper for minutes would hide the failure in the figures instead of reporting it. Throttling is not done here but by the {@link
 * org.lafs.loadtest.net.DelayProxy} the endpoint may point at, so it shapes TLS bytes on the wire
 * exactly as it does for a direct uploader.
 *
 * <p>Threading: {@link HelperClient} blocks, the scenarios start uploads and wait for their
 * futures; so each upload runs on a thread of its own (a memory phase runs 50 at once, more than
 * Vert.x's worker pool would run side by side). The returned future completes on that thread.
 */
public final class SimulatedClient implements AutoCloseable {
    /** Bytes per read of a PATCH body: the slices of the stand-in ciphertext are cut this size. */
    static final int CHUNK = 64 * 1024;
    /** Result polls per upload: one per pushed segment at most, so 8,192 for 1 GiB at 128 KiB, and headroom. */
    static final int MAX_POLLS = 100_000;
    /** Largest PATCH body; a resume resends from the helper's durable offset, not the whole PATCH. */
    static final long MAX_PATCH = 64L << 20;
    static final int MAX_RESUMES = 3;
    /** Transport failures of result polls in a row (e.g. a keep-alive connection the helper closed) before giving up. */
    static final int MAX_POLL_FAILURES = 3;
    private static final Set<String> FINAL = Set.of("done", "in-grid", "failed");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HelperClient client;
    private final ExecutorService uploads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sim-upload-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** @param endpoint the helper, or a proxy in front of it (with the helper's pin) */
    public SimulatedClient(HelperEndpoint endpoint) {
        this.client = new HelperClient(endpoint);
    }

    /** Uploads one file of stand-in ciphertext; completes when the helper reports a final state. */
    public Future<UploadOutcome> upload(String si, long size, int k, int happy, int n, long segmentSize, int pollSeconds) {
        Promise<UploadOutcome> done = Promise.promise();
        try {
            uploads.execute(() -> {
                try {
                    done.complete(run(si, size, k, happy, n, segmentSize, pollSeconds));
                } catch (Throwable e) { // whatever it is, the scenario waiting on the future must hear of it
                    done.fail(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.fail(new IllegalStateException("simulated client closed"));
        }
        return done.future();
    }

    private UploadOutcome run(String si, long size, int k, int happy, int n, long segmentSize, int pollSeconds)
            throws IOException {
        byte[] index = Base32.decode(si);
        long start = System.nanoTime();
        // no upload-proof: a random storage index has no convergent key behind it
        HelperClient.Created created = client.create(index, size, k, happy, n, Math.toIntExact(segmentSize), null);
        long createdAt = System.nanoTime();
        long sent = patchFrom(index, created.offset(), size);
        long lastByte = System.nanoTime();
        JsonObject result = poll(si, index, pollSeconds);
        return new UploadOutcome(si, size, created.state(), sent, start, createdAt, lastByte, System.nanoTime(),
                result.getString("state"), result);
    }

    /** PATCHes from {@code offset} to {@code size}; returns the ciphertext bytes the helper acknowledged. */
    private long patchFrom(byte[] si, long offset, long size) throws IOException {
        long sent = 0;
        int resumes = 0;
        while (offset < size) {
            long end = Math.min(size, offset + MAX_PATCH);
            long now;
            try {
                now = client.patch(si, offset, end - offset, new Body(offset, end));
            } catch (HelperException e) {
                if (!e.retryable() || resumes++ >= MAX_RESUMES) {
                    throw e;
                }
                offset = client.head(si).offset();
                continue;
            }
            if (now != end) {
                throw new HelperException(0, "protocol", "helper acknowledged offset " + now + " after a PATCH to " + end, null);
            }
            sent += end - offset;
            offset = end;
        }
        return sent;
    }

    /**
     * Long-polls the result until a final state; the helper answers at every pushed segment, so a
     * 1 GiB upload takes thousands of rounds. The final body gets {@code client-poll-rounds}.
     */
    private JsonObject poll(String name, byte[] si, int waitSeconds) throws IOException {
        int failures = 0;
        for (int round = 0; round < MAX_POLLS; round++) {
            JsonObject r;
            try {
                r = client.result(si, waitSeconds);
            } catch (HelperException e) {
                // no answer (a dropped keep-alive connection, a timeout): ask again on a new one
                if (!e.retryable() || e.status() != 0 || ++failures > MAX_POLL_FAILURES) {
                    throw e;
                }
                continue;
            }
            failures = 0;
            if (FINAL.contains(r.getString("state"))) {
                return r.put("client-poll-rounds", round + 1);
            }
        }
        throw new IOException("upload " + name + " not final after " + MAX_POLLS + " polls");
    }

    /**
     * The stand-in ciphertext of {@code [offset, end)}, read in {@link #CHUNK}-byte slices cut
     * from {@code offset} on (so the bytes are the same wherever a PATCH starts).
     */
    static final class Body extends InputStream {
        private long pos;
        private final long end;
        private Buffer slice;
        private int used;

        Body(long offset, long end) {
            this.pos = offset;
            this.end = end;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= end) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (slice == null || used == slice.length()) {
                slice = Ciphertext.slice(pos, (int) Math.min(CHUNK, end - pos));
                used = 0;
            }
            int n = Math.min(len, slice.length() - used);
            slice.getBytes(used, used + n, b, off);
            used += n;
            pos += n;
            return n;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** Stops taking uploads and interrupts running ones. */
    @Override
    public void close() {
        uploads.shutdownNow();
        client.close();
    }
}
