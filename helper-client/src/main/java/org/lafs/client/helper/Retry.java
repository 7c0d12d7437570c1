package org.lafs.client.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the client rides out a helper that restarts or is briefly out of reach: a call that fails
 * for a reason that can pass ({@link HelperException#retryable()}: no connection, a timeout,
 * 5xx such as 503 shutting-down, 423 locked) is tried again after a growing pause (0.5 s, doubled
 * up to {@link #MAX_PAUSE}), until the call succeeds or nothing has progressed for the budget.
 * Every other failure (401, 403, 4xx) ends at once: waiting would not change it.
 *
 * <p>{@link #progressed()} resets the budget: an upload that keeps moving is never given up on,
 * however often its connection drops. Not thread-safe; one per upload.
 */
public final class Retry {
    /** Longest pause between attempts: a restarted helper is found within this after it is back. */
    public static final Duration MAX_PAUSE = Duration.ofSeconds(15);
    /**
     * Default time without progress before giving up: long enough for a helper restart, a
     * dropped mobile or ADSL connection, or a rolling update of a deployment (minutes).
     */
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(10);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    /** One helper call. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    private final Duration budget;
    private final Consumer<String> notes;
    private long deadline;
    private Duration pause = FIRST_PAUSE;

    /**
     * @param budget time without progress after which a retryable failure is given up
     * @param notes receives one line per retry, for the user
     */
    public Retry(Duration budget, Consumer<String> notes) {
        this.budget = budget;
        this.notes = notes;
        progressed();
    }

    /** Something moved (bytes acknowledged, a phase ended): the budget starts again. */
    public void progressed() {
        deadline = System.nanoTime() + budget.toNanos();
        pause = FIRST_PAUSE;
    }

    /** Runs {@code call}, retrying it as the class says; the last failure when giving up. */
    public <T> T run(String what, Call<T> call) throws IOException {
        while (true) {
            try {
                return call.run();
            } catch (HelperException e) {
                waitBefore(what, e);
            }
        }
    }

    /**
     * After {@code failure} of {@code what}: waits before the next attempt, or rethrows when the
     * failure is final or the budget is spent.
     */
    public void waitBefore(String what, HelperException failure) throws HelperException, InterruptedIOException {
        if (!failure.retryable()) {
            throw failure;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new HelperException(failure.status(), failure.reason(), failure.getMessage() + " (gave up after "
                    + budget.toSeconds() + " s without progress)", failure);
        }
        Duration wait = pause.compareTo(Duration.ofNanos(left)) > 0 ? Duration.ofNanos(left) : pause;
        notes.accept(what + " failed (" + failure.getMessage() + "); trying again in "
                + Math.max(1, Math.round(wait.toMillis() / 1000.0)) + " s");
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        Duration doubled = pause.multipliedBy(2);
        pause = doubled.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : doubled;
    }
}
