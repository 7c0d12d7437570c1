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
import org.lafs.loadtest.proc.MemoryProbe;
import org.lafs.loadtest.proc.RssSampler;
import org.lafs.loadtest.report.Charts;
import org.lafs.loadtest.report.Report;
import org.lafs.loadtest.report.Summary;
import org.lafs.loadtest.sim.Await;
import org.lafs.loadtest.sim.Ciphertext;
import org.lafs.loadtest.sim.UploadOutcome;

/**
 * Scenario 2: helper memory against file size (one upload of each size) and against concurrency
 * (C simultaneous uploads of one size). Every phase runs on a fresh helper JVM with a small young
 * generation ({@code -Xmn32m}) so that collections happen often and "live after GC" tracks what
 * the uploads hold; RSS is sampled from /proc every 100 ms.
 */
final class MemoryScenario {
    record Params(List<Long> sizes, List<Long> concurrency, long concurrentSize, int k, int n, int window,
                  String heap, int repeats) {}

    private MemoryScenario() {}

    /** Tahoe-style estimate of what one upload holds: segments in flight, their blocks, windows. */
    static long formula(long segment, int k, int n, int window, int segmentsInFlight) {
        long block = (segment + k - 1) / k;
        return segmentsInFlight * segment + (long) segmentsInFlight * n * block + (long) n * window;
    }

    static void run(Lab lab, Params p, Report report) throws Exception {
        GridProcess grid = lab.grid(p.n());
        List<List<String>> rows = new ArrayList<>();
        Map<String, Map<String, Double>> sizeChart = new LinkedHashMap<>();
        Map<String, Map<String, Double>> concChart = new LinkedHashMap<>();
        List<Map<String, Object>> raw = new ArrayList<>();
        List<long[]> phases = new ArrayList<>();
        for (long s : p.sizes()) {
            phases.add(new long[] {s, 1});
        }
        for (long c : p.concurrency()) {
            phases.add(new long[] {p.concurrentSize(), c});
        }
        for (long[] ph : phases) {
            long size = ph[0];
            int conc = (int) ph[1];
            List<Double> rssMiB = new ArrayList<>();
            List<Double> liveMiB = new ArrayList<>();
            List<Double> peakHeapMiB = new ArrayList<>();
            List<Double> mbps = new ArrayList<>();
            for (int rep = 0; rep < p.repeats(); rep++) {
                HelperProcess h = lab.helper(grid.serversYaml(), p.window(), p.heap(), List.of("-Xmn32m"));
                lab.warmUp(h, p.k(), p.n());
                long seg = Ciphertext.effectiveSegmentSize(size, p.k(), 131072);
                long idleRss = MemoryProbe.rssBytes(h.pid());
                long peak;
                long start = System.nanoTime();
                try (RssSampler rss = new RssSampler(h.pid(), 100)) {
                    DelayProxy cp = lab.proxy("127.0.0.1", h.port(), 0, null);
                    List<Future<UploadOutcome>> all = new ArrayList<>();
                    for (int i = 0; i < conc; i++) {
                        all.add(lab.client(h, cp).upload(Ciphertext.randomStorageIndex(), size, p.k(), p.n(), p.n(), seg, 30));
                    }
                    Duration limit = Duration.ofSeconds(300 + size * conc / 2_000_000);
                    List<UploadOutcome> outs = Await.get(Future.all(all), limit).list();
                    for (UploadOutcome o : outs) {
                        if (!o.ok()) {
                            throw new IllegalStateException("upload ended " + o.finalState() + ": " + o.result());
                        }
                    }
                    peak = rss.peak();
                }
                double secs = (System.nanoTime() - start) / 1e9;
                MemoryProbe.Heap heap = MemoryProbe.heapFromGcLog(h.gcLog(), 0);
                lab.stop(h);
                rssMiB.add(peak / 1048576.0);
                liveMiB.add(heap.maxLiveAfterGc() / 1048576.0);
                peakHeapMiB.add(heap.maxUsedBeforeGc() / 1048576.0);
                mbps.add(size * conc / 1e6 / secs);
                raw.add(Map.of("size", size, "concurrency", conc, "repeat", rep, "idleRssBytes", idleRss, "peakRssBytes", peak,
                        "maxLiveHeapAfterGcBytes", heap.maxLiveAfterGc(), "maxHeapBeforeGcBytes", heap.maxUsedBeforeGc(),
                        "collections", heap.collections(), "seconds", secs));
                System.out.printf(Locale.ROOT, "memory size %s x%d rep %d: RSS %.0f MiB, live heap %.0f MiB, %d GCs, %.1f MB/s%n",
                        Sizes.human(size), conc, rep, peak / 1048576.0, heap.maxLiveAfterGc() / 1048576.0, heap.collections(), size * conc / 1e6 / secs);
            }
            long seg = Ciphertext.effectiveSegmentSize(size, p.k(), 131072);
            double est = conc * formula(seg, p.k(), p.n(), p.window(), 3) / 1048576.0;
            rows.add(List.of(Sizes.human(size), Integer.toString(conc), Summary.of(rssMiB).format(0), Summary.of(liveMiB).format(0),
                    Summary.of(peakHeapMiB).format(0), String.format(Locale.ROOT, "%.1f", est), Summary.of(mbps).format(1)));
            if (conc == 1 && p.sizes().contains(size)) {
                sizeChart.computeIfAbsent("peak RSS MiB", x -> new LinkedHashMap<>()).put(Sizes.human(size), Summary.of(rssMiB).median());
                sizeChart.computeIfAbsent("max live heap after GC MiB", x -> new LinkedHashMap<>()).put(Sizes.human(size), Summary.of(liveMiB).median());
            }
            if (size == p.concurrentSize() && p.concurrency().contains((long) conc)) {
                concChart.computeIfAbsent("peak RSS MiB", x -> new LinkedHashMap<>()).put(conc + " uploads", Summary.of(rssMiB).median());
                concChart.computeIfAbsent("max live heap after GC MiB", x -> new LinkedHashMap<>()).put(conc + " uploads", Summary.of(liveMiB).median());
                concChart.computeIfAbsent("formula MiB", x -> new LinkedHashMap<>()).put(conc + " uploads", est);
            }
        }
        report.paragraph(String.format(Locale.ROOT, "**memory**: %d-of-%d, window %d bytes, helper -Xmx%s -Xmn32m "
                + "(ParallelGC), fresh helper per phase (after one unmeasured 1 MiB warm-up upload), %d repeat(s). Formula per upload (UploadOptions: 3 segments in "
                + "flight): M = F*S + F*n*ceil(S/k) + n*W with F=3, S = segment size, W = window; for 128 KiB segments "
                + "and 3-of-10: %.2f MiB per upload. Heap figures from the GC log: live = max heap after a collection, "
                + "peak = max heap before one (bounded by the young generation size).",
                p.k(), p.n(), p.window(), p.heap(), p.repeats(), formula(131073, p.k(), p.n(), p.window(), 3) / 1048576.0));
        report.table("Helper memory by file size and concurrency", List.of("file size", "concurrent uploads", "peak RSS MiB",
                "live heap MiB", "heap before GC MiB", "formula MiB (all uploads)", "MB/s (all uploads)"), rows);
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
