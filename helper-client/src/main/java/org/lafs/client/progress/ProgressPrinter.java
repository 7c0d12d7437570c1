package org.lafs.client.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.lafs.client.ProgressListener;
import org.lafs.format.ByteSize;

/**
 * Shows progress on standard error: a one-line bar redrawn in place (bytes, percentage, rate,
 * ETA) when it is a terminal, plain lines otherwise (at each phase start, then at most every
 * {@link #LINE_INTERVAL_NANOS} and at the end). Rate and ETA count only bytes of this run (not
 * bytes a resumed upload skipped), averaged over the phase.
 *
 * <p>Called from one worker thread at a time (the upload's); not thread-safe beyond that.
 */
public final class ProgressPrinter implements ProgressListener {
    /** Redraws of the bar at most ten times a second. */
    static final long BAR_INTERVAL_NANOS = 100_000_000L;
    /** Plain progress lines at most every five seconds. */
    static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
    static final int BAR_WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier clock;
    private String phase = "";
    private long total;
    private long startDone;
    private long startNanos;
    private long lastPrint;
    private long done;
    private boolean barOpen;

    public ProgressPrinter(PrintStream err, boolean terminal) {
        this(err, terminal, System::nanoTime);
    }

    ProgressPrinter(PrintStream err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Whether standard error is an interactive terminal (Java 22+ can tell; else console presence). */
    public static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void phase(String name, long total, long alreadyDone) {
        endBar();
        this.phase = name;
        this.total = total;
        this.startDone = alreadyDone;
        this.done = alreadyDone;
        this.startNanos = clock.getAsLong();
        this.lastPrint = startNanos;
        if (!terminal) {
            err.println(name + ": started" + (total > 0 && !name.equals("helper") ? " (" + ByteSize.format(total) + ")" : "")
                    + (alreadyDone > 0 ? ", " + ByteSize.format(alreadyDone) + " already done" : ""));
        } else {
            draw();
        }
    }

    @Override
    public void progress(long done) {
        this.done = done;
        long now = clock.getAsLong();
        boolean finished = total > 0 && done >= total;
        if (terminal) {
            if (now - lastPrint >= BAR_INTERVAL_NANOS || finished) {
                lastPrint = now;
                draw();
            }
        } else if (now - lastPrint >= LINE_INTERVAL_NANOS || finished) {
            lastPrint = now;
            err.println(line());
        }
    }

    @Override
    public void note(String message) {
        endBar();
        err.println(message);
    }

    /** Ends the bar line (call before printing anything else). */
    public void finish() {
        endBar();
    }

    private void endBar() {
        if (terminal && barOpen) {
            err.print("\n");
            err.flush();
            barOpen = false;
        }
    }

    private void draw() {
        String bar = "";
        if (total > 0 && !phase.equals("helper")) {
            int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
            bar = "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] ";
        }
        err.print("\r" + bar + line() + "\u001b[K");
        err.flush();
        barOpen = true;
    }

    /** {@code uploading: 12.3 MB of 100.0 MB (12%), 4.1 MB/s, ETA 0:21}. */
    String line() {
        if (phase.equals("helper")) {
            return "helper: encoding and pushing, " + done + (total > 0 ? " of " + total : "") + " segments stored";
        }
        StringBuilder b = new StringBuilder(phase).append(": ").append(ByteSize.format(done));
        if (total > 0) {
            b.append(" of ").append(ByteSize.format(total))
                    .append(String.format(Locale.ROOT, " (%d%%)", done * 100 / total));
        }
        double secs = (clock.getAsLong() - startNanos) / 1e9;
        long moved = done - startDone;
        if (secs > 0.2 && moved > 0) {
            double rate = moved / secs;
            b.append(", ").append(ByteSize.format(rate)).append("/s");
            if (total > 0 && done < total) {
                long eta = (long) ((total - done) / rate);
                b.append(String.format(Locale.ROOT, ", ETA %d:%02d", eta / 60, eta % 60));
            }
        }
        return b.toString();
    }
}
