package org.lafs.loadtest.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a child JVM, measured exactly: {@code jcmd <pid> GC.class_histogram} first runs
 * a full collection (the command's default, without {@code -all}) and then counts every reachable
 * object by class. Its "Total" line is therefore the live set at that moment, free of the garbage
 * that young-only collections leave promoted in the old generation (which is what "heap after a
 * young GC" from a GC log includes).
 *
 * <p>Cost: one short-lived {@code jcmd} JVM and one full-GC pause in the target (tens of ms for a
 * heap of a few hundred MiB); use it at a few chosen moments, not as a sampler.
 *
 * <p>Filler objects: the histogram walks the heap, and after a Parallel GC full collection the
 * "dense prefix" of the old generation is not compacted; its dead gaps are overwritten with filler
 * arrays ({@code [Ljdk.internal.vm.FillerElement;}, also {@code jdk.internal.vm.FillerObject}).
 * They are free space, not objects anyone holds (7-17 MiB in our runs), so {@link #liveBytes}
 * leaves them out.
 *
 * @param totalBytes the histogram's Total line (live objects plus fillers)
 * @param fillerBytes bytes of filler objects in it
 * @param instances number of objects
 * @param top the largest classes by bytes, at most the number asked for (fillers included)
 */
public record HeapHistogram(long totalBytes, long fillerBytes, long instances, List<Row> top) {
    /** One class: {@code name} as jcmd prints it ({@code [B} is byte[]), instances, bytes. */
    public record Row(String name, long instances, long bytes) {}

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    /** Longest jcmd may take (attach plus full GC plus histogram on a busy 2-core machine). */
    static final long TIMEOUT_SECONDS = 120;
    /** Output kept at most (a histogram of a few thousand classes is a few hundred KiB). */
    static final int MAX_OUTPUT = 16 << 20;

    /** Bytes held by reachable objects: the total minus fillers. */
    public long liveBytes() {
        return totalBytes - fillerBytes;
    }

    /** Runs {@code jcmd <pid> GC.class_histogram} and keeps the {@code topN} largest classes. */
    public static HeapHistogram take(long pid, int topN) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " GC.class_histogram did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return parse(out, topN);
    }

    /** Parses jcmd's histogram text (rows are already sorted by bytes, largest first). */
    static HeapHistogram parse(String text, int topN) throws IOException {
        List<Row> top = new ArrayList<>();
        long fillers = 0;
        for (String line : text.split("\n")) {
            Matcher t = TOTAL.matcher(line);
            if (t.matches()) {
                return new HeapHistogram(Long.parseLong(t.group(2)), fillers, Long.parseLong(t.group(1)), List.copyOf(top));
            }
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                long bytes = Long.parseLong(m.group(2));
                if (m.group(3).contains("jdk.internal.vm.Filler")) {
                    fillers += bytes;
                }
                if (top.size() < topN) {
                    top.add(new Row(m.group(3), Long.parseLong(m.group(1)), bytes));
                }
            }
        }
        String head = text.length() > 200 ? text.substring(0, 200) : text;
        throw new IOException("no Total line in jcmd output: " + head.strip());
    }
}
