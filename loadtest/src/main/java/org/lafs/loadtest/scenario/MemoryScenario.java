package org.lafs.loadtest.scenario;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lafs.loadtest.net.DelayProxy;
import org.lafs.loadtest.proc.GridProcess;
import org.lafs.loadtest.proc.HelperProcess;
import org.lafs.loadtest.proc.HeapHistogram;
import org.lafs.loadtest.proc.MemoryProbe;
import org.lafs.loadtest.report.Charts;
import org.lafs.loadtest.report.Report;
import org.lafs.loadtest.report.Summary;
import org.lafs.loadtest.sim.Await;
import org.lafs.loadtest.sim.Ciphertext;
import org.lafs.loadtest.sim.UploadOutcome;

/**
 * Scenario 2: helper memory against file size (one upload of each size) and against concurrency
 * (C simultaneous uploads of one size). Every phase runs on a fresh helper JVM ({@code -Xmn32m}).
 * The live heap is measured exactly, with full-GC class histograms ({@link HeapHistogram}): after
 * the warm-up (idle), during the uploads (at 25/50/75 % of the bytes sent, then every
 * {@link #SAMPLE_EVERY}; the largest kept) and after them; peak RSS is
 * the helper's VmHWM. The GC log's "heap after young GC" is kept in the JSON only: it counts
 * garbage promoted to the old generation and overstated the live set several times over.
 */
final class MemoryScenario {
    record Params(List<Long> sizes, List<Long> concurrency, long concurrentSize, int k, int n, int window,
                  String heap, int repeats) {}

    private static final double MIB = 1048576.0;
    /** Classes kept from each heap histogram. */
    static final int TOP = 15;
    /** Histograms at 25, 50 and 75 % of the bytes sent. */
    static final int MID_SAMPLES = 3;
    /** Phases with less ciphertext than this run on a throttled client uplink (see run). */
    static final long SMALL_BYTES = 16L << 20;
    /** ...lasting about this long, so that mid-upload histograms can be taken. */
    static final long SMALL_SECONDS = 6;

    /** Then one histogram (a full GC) per this period until the uploads are done. */
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(4);
    /** The helper's pipeline settings (UploadOptions defaults; the loadtest helper does not change them). */
    static final int F = org.lafs.upload.UploadOptions.DEFAULTS.segmentsInFlight();
    static final int G = org.lafs.upload.UploadOptions.DEFAULTS.segmentsPerWrite();
    static final String FORMULA_TEXT = "M = (F + U) * (S + (n-k)*B) + (n+1)*segments/8 + min(size, 768 KiB): push pipeline "
            + "with F = G + 2 segments being prepared (UploadOptions), U = ceil((W + G*B)/B) segments a server may hold "
            + "unacknowledged (window W per server plus one write of G = max(1, min(" + G + ", "
            + org.lafs.upload.UploadOptions.DEFAULT_WRITE_BYTES + " / B)) segments: 8 at 128 KiB, 1 at 1 MiB for 3-of-10), "
            + "S = segment size, B = ceil(S/k) "
            + "block size (data blocks are views of the segment, n-k parity arrays); one bit per segment for the pipeline and "
            + "one per share (the segment hashes and hash trees are in a scratch file, FileSegmentHashes); "
            + "ingest queue and write batch (IngestSession, 512 + 256 KiB)";

    private MemoryScenario() {}

    private static List<Map<String, Object>> rows(HeapHistogram h) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HeapHistogram.Row r : h.top()) {
            out.add(Map.of("class", r.name(), "instances", r.instances(), "bytes", r.bytes()));
        }
        return out;
    }

    /**
     * Helper ingest buffers of one PATCH: IngestSession.HIGH_WATER (512 KiB queued) + BATCH (256 KiB
     * write batch) in helper-server's org.lafs.helper.api.
     */
    static final long INGEST = (512 << 10) + (256 << 10);

    /**
     * What one upload holds at most in the helper: the push pipeline (UploadOptions: F segments in
     * flight, their n blocks, a window per server), a bit per segment for the pipeline and for each
     * share (the push's BitSets in ProgressRecorder and PushedShare; the hashes themselves are in a scratch file) and the ingest buffers.
     */
    static long formula(long size, long segment, int k, int n, int window, int segmentsInFlight, int segmentsPerWrite) {
        long segments = Math.max(1, (size + segment - 1) / segment);
        return pipeline(segment, k, n, window, segmentsInFlight, segmentsPerWrite) + ((n + 1) * segments + 7) / 8
                + Math.min(size, INGEST);
    }

    /**
     * The push pipeline's part: (F + U) segments with their parity blocks, F and G for this block
     * size from the write target (UploadOptions.segmentsPerWrite(int)).
     */
    static long pipeline(long segment, int k, int n, int window, int maxSegmentsInFlight, int maxSegmentsPerWrite) {
        long block = (segment + k - 1) / k;
        org.lafs.upload.UploadOptions o = new org.lafs.upload.UploadOptions(window, maxSegmentsInFlight, 1_000_000, 4,
                maxSegmentsPerWrite, org.lafs.upload.UploadOptions.DEFAULT_WRITE_BYTES);
        int segmentsPerWrite = o.segmentsPerWrite((int) Math.min(Integer.MAX_VALUE, block));
        int segmentsInFlight = o.segmentsInFlight((int) Math.min(Integer.MAX_VALUE, block));
        // one segment alive = its ciphertext (the k data blocks are views of it) + n-k parity arrays
        long perSegment = segment + (long) (n - k) * block;
        // segments whose blocks a server may still hold unacknowledged: the window plus one write
        long unacked = (window + (long) segmentsPerWrite * block + block - 1) / block;
        return (segmentsInFlight + unacked) * perSegment;
    }

    static void run(Lab lab, Params p, Report report) throws Exception {
        GridProcess grid = lab.grid(p.n());
        List<List<String>> rows = new ArrayList<>();
        Map<String, Map<String, Double>> sizeChart = new LinkedHashMap<>();
        Map<String, Map<String, Double>> concChart = new LinkedHashMap<>();
        List<Map<String, Object>> raw = new ArrayList<>();
        List<long[]> phases = new ArrayList<>();
        List<List<Object>> histograms = new ArrayList<>();
        long maxSize = p.sizes().stream().mapToLong(Long::longValue).max().orElse(0);
        long maxConc = p.concurrency().stream().mapToLong(Long::longValue).max().orElse(1);
        for (long s : p.sizes()) {
            phases.add(new long[] {s, 1});
        }
        for (long c : p.concurrency()) {
            phases.add(new long[] {p.concurrentSize(), c});
        }
        for (long[] ph : phases) {
            long size = ph[0];
            int conc = (int) ph[1];
            long seg = Ciphertext.effectiveSegmentSize(size, p.k(), 131072);
            double est = formula(size, seg, p.k(), p.n(), p.window(), F, G) / MIB;
            List<Double> rssMiB = new ArrayList<>();
            List<Double> idleMiB = new ArrayList<>();
            List<Double> midMiB = new ArrayList<>();
            List<Double> perUploadMiB = new ArrayList<>();
            List<Double> afterMiB = new ArrayList<>();
            List<Double> mbps = new ArrayList<>();
            for (int rep = 0; rep < p.repeats(); rep++) {
                HelperProcess h = lab.helper(grid.serversYaml(), p.window(), p.heap(), List.of("-Xmn32m"));
                lab.warmUp(h, p.k(), p.n());
                HeapHistogram idle = HeapHistogram.take(h.pid(), TOP);
                // Small files finish before a histogram (a full GC, ~1 s) can be taken: their client
                // gets a throttled uplink so the upload lasts about SMALL_SECONDS (memory does not
                // depend on the client's speed, only on what is in flight).
                long totalBytes = size * conc;
                org.lafs.loadtest.net.TokenBucket slow = totalBytes < SMALL_BYTES
                        ? new org.lafs.loadtest.net.TokenBucket(Math.max(16 << 10, totalBytes / SMALL_SECONDS), 64 << 10) : null;
                DelayProxy cp = lab.proxy("127.0.0.1", h.port(), 0, slow);
                long start = System.nanoTime();
                List<Future<UploadOutcome>> all = new ArrayList<>();
                for (int i = 0; i < conc; i++) {
                    all.add(lab.client(h, cp).upload(Ciphertext.randomStorageIndex(), size, p.k(), p.n(), p.n(), seg, 30));
                }
                Future<?> done = Future.all(all);
                // during the uploads: full-GC histograms once 25, 50 and 75 % of all ciphertext has
                // passed the client-side proxy, then every SAMPLE_EVERY until the uploads are done
                // (the peak comes after the last byte: pushing trails ingest); the largest is kept
                HeapHistogram mid = null;
                long midAtBytes = -1;
                double midAtSeconds = -1;
                int samples = 0;
                int marks = 0;
                long nextTimed = Long.MAX_VALUE;
                long deadline = System.nanoTime() + Duration.ofSeconds(300 + size * conc / 2_000_000).toNanos();
                while (!done.isComplete() && System.nanoTime() < deadline) {
                    long up = cp.bytesUp();
                    boolean mark = marks < MID_SAMPLES && up >= size * conc * (marks + 1) / (MID_SAMPLES + 1);
                    if (mark || System.nanoTime() >= nextTimed) {
                        if (mark) {
                            marks++;
                        }
                        samples++;
                        HeapHistogram hg = HeapHistogram.take(h.pid(), TOP);
                        if (!done.isComplete() && (mid == null || hg.liveBytes() > mid.liveBytes())) {
                            mid = hg;
                            midAtBytes = up;
                            midAtSeconds = (System.nanoTime() - start) / 1e9;
                        }
                        nextTimed = System.nanoTime() + SAMPLE_EVERY.toNanos();
                        continue;
                    }
                    Thread.sleep(20);
                }
                List<UploadOutcome> outs = new ArrayList<>();
                for (Future<UploadOutcome> f : all) {
                    outs.add(Await.get(f, Duration.ofSeconds(1)));
                }
                double secs = (System.nanoTime() - start) / 1e9;
                for (UploadOutcome o : outs) {
                    if (!o.ok()) {
                        throw new IllegalStateException("upload ended " + o.finalState() + ": " + o.result());
                    }
                }
                long peak = MemoryProbe.peakRssBytes(h.pid());
                HeapHistogram after = HeapHistogram.take(h.pid(), TOP);
                MemoryProbe.Heap gc = MemoryProbe.heapFromGcLog(h.gcLog(), 0);
                lab.stop(h);
                rssMiB.add(peak / MIB);
                idleMiB.add(idle.liveBytes() / MIB);
                afterMiB.add(after.liveBytes() / MIB);
                mbps.add(size * conc / 1e6 / secs);
                if (mid != null) {
                    midMiB.add(mid.liveBytes() / MIB);
                    perUploadMiB.add((mid.liveBytes() - idle.liveBytes()) / MIB / conc);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("size", size);
                r.put("concurrency", conc);
                r.put("repeat", rep);
                r.put("peakRssBytes", peak);
                r.put("liveIdleBytes", idle.liveBytes());
                r.put("fillerIdleBytes", idle.fillerBytes());
                r.put("liveMidUploadBytes", mid == null ? null : mid.liveBytes());
                r.put("fillerMidUploadBytes", mid == null ? null : mid.fillerBytes());
                r.put("midUploadSamples", samples);
                r.put("midUploadAtSeconds", midAtSeconds);
                r.put("midUploadAtClientBytes", midAtBytes);
                r.put("liveAfterPhaseBytes", after.liveBytes());
                r.put("fillerAfterPhaseBytes", after.fillerBytes());
                r.put("gcLogMaxHeapAfterYoungGcBytes", gc.maxLiveAfterGc());
                r.put("gcLogMaxHeapBeforeGcBytes", gc.maxUsedBeforeGc());
                r.put("gcLogCollections", gc.collections());
                r.put("formulaBytesPerUpload", formula(size, seg, p.k(), p.n(), p.window(), F, G));
                r.put("clientPollRounds", outs.stream().mapToInt(o -> o.result().getInteger("client-poll-rounds", 0)).max().orElse(0));
                r.put("seconds", secs);
                r.put("histogramIdle", rows(idle));
                r.put("histogramMidUpload", mid == null ? null : rows(mid));
                r.put("histogramAfterPhase", rows(after));
                raw.add(r);
                if (mid != null && (conc == maxConc || (conc == 1 && size == maxSize))) {
                    histograms.add(List.of(Sizes.human(size) + " x" + conc, mid));
                }
                System.out.printf(Locale.ROOT, "memory size %s x%d rep %d: peak RSS %.0f MiB, live idle %.1f / mid-upload %s / after %.1f MiB, %.1f MB/s%n",
                        Sizes.human(size), conc, rep, peak / MIB, idle.liveBytes() / MIB,
                        mid == null ? "-" : String.format(Locale.ROOT, "%.1f", mid.liveBytes() / MIB), after.liveBytes() / MIB,
                        size * conc / 1e6 / secs);
            }
            rows.add(List.of(Sizes.human(size), Integer.toString(conc), Summary.of(rssMiB).format(0), Summary.of(idleMiB).format(1),
                    midMiB.isEmpty() ? "-" : Summary.of(midMiB).format(1), perUploadMiB.isEmpty() ? "-" : Summary.of(perUploadMiB).format(2),
                    String.format(Locale.ROOT, "%.2f", est), Summary.of(afterMiB).format(1), Summary.of(mbps).format(1)));
            if (conc == 1 && p.sizes().contains(size)) {
                sizeChart.computeIfAbsent("peak RSS MiB", x -> new LinkedHashMap<>()).put(Sizes.human(size), Summary.of(rssMiB).median());
                if (!midMiB.isEmpty()) {
                    sizeChart.computeIfAbsent("live heap mid-upload MiB", x -> new LinkedHashMap<>()).put(Sizes.human(size), Summary.of(midMiB).median());
                }
            }
            if (size == p.concurrentSize() && p.concurrency().contains((long) conc)) {
                concChart.computeIfAbsent("peak RSS MiB", x -> new LinkedHashMap<>()).put(conc + " uploads", Summary.of(rssMiB).median());
                if (!midMiB.isEmpty()) {
                    concChart.computeIfAbsent("live heap mid-upload MiB", x -> new LinkedHashMap<>()).put(conc + " uploads", Summary.of(midMiB).median());
                }
                concChart.computeIfAbsent("live idle + formula MiB", x -> new LinkedHashMap<>())
                        .put(conc + " uploads", Summary.of(idleMiB).median() + conc * est);
            }
        }
        report.paragraph(String.format(Locale.ROOT, "**memory**: %d-of-%d, window %d bytes, helper -Xmx%s -Xmn32m "
                + "(ParallelGC), fresh helper per phase (after one unmeasured 1 MiB warm-up upload), %d repeat(s). "
                + "Live heap = the Total of `jcmd <pid> GC.class_histogram` (which runs a full GC first) minus filler objects "
                + "(dead gaps Parallel GC leaves in the uncompacted dense prefix): idle = after the warm-up, mid-upload = the largest of "
                + "the histograms taken when 25, 50 and 75 %% of all ciphertext had passed the client-side proxy and then every "
                + SAMPLE_EVERY.toSeconds() + " s until the uploads were done, after = once every upload is done. "
                + "Per upload = (mid-upload - idle) / concurrent uploads. Peak RSS = VmHWM of the helper at the end of the phase. Phases with under 16 MiB of ciphertext in all run on a client uplink throttled to last ~6 s, so that mid-upload histograms exist (MB/s is then the throttle's). "
                + "Formula per upload: %s; for 128 KiB segments and %d-of-%d: %.2f MiB plus %d bits per segment "
                + "(%.2f MiB for 1 GiB).",
                p.k(), p.n(), p.window(), p.heap(), p.repeats(), FORMULA_TEXT, p.k(), p.n(),
                (pipeline(131073, p.k(), p.n(), p.window(), F, G) + INGEST) / MIB, p.n() + 1,
                formula(1L << 30, 131073, p.k(), p.n(), p.window(), F, G) / MIB));
        report.table("Helper memory by file size and concurrency", List.of("file size", "concurrent uploads", "peak RSS MiB",
                "live idle MiB", "live mid-upload MiB", "per upload MiB", "formula MiB per upload", "live after MiB",
                "MB/s (all uploads)"), rows);
        for (List<Object> hg : histograms) {
            HeapHistogram hist = (HeapHistogram) hg.get(1);
            List<List<String>> hr = new ArrayList<>();
            for (HeapHistogram.Row row : hist.top()) {
                hr.add(List.of(row.name(), Long.toString(row.instances()), String.format(Locale.ROOT, "%.2f", row.bytes() / MIB)));
            }
            hr.add(List.of("Total (all classes)", Long.toString(hist.instances()), String.format(Locale.ROOT, "%.2f", hist.totalBytes() / MIB)));
            hr.add(List.of("live (Total minus fillers)", "", String.format(Locale.ROOT, "%.2f", hist.liveBytes() / MIB)));
            report.table("Live heap mid-upload, " + hg.get(0) + " (jcmd GC.class_histogram, top " + TOP + ")",
                    List.of("class", "instances", "MiB"), hr);
        }
        if (!sizeChart.isEmpty()) {
            String png = report.baseName() + "-memory-size.png";
            Charts.lines(ResultsDir.get().resolve(png), "Helper memory vs file size (one upload)", "file size", "MiB", sizeChart);
            report.chart(png, "memory vs size");
        }
        if (!concChart.isEmpty()) {
            String png = report.baseName() + "-memory-concurrency.png";
            Charts.lines(ResultsDir.get().resolve(png), "Helper memory vs concurrent uploads (" + Sizes.human(p.concurrentSize()) + " each)",
                    "concurrency", "MiB", concChart);
            report.chart(png, "memory vs concurrency");
        }
        report.data("memory", raw);
    }
}
