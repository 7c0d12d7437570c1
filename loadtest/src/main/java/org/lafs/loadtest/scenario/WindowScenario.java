package org.lafs.loadtest.scenario;

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
 * Scenario 3: the helper's push throughput against its per-server window ({@code
 * push.window-bytes}) at several added round-trip times between helper and storage servers.
 * Each storage server sits behind a {@link DelayProxy} adding RTT/2 per direction; the helper's
 * servers.yaml names the proxies. One helper process per (RTT, window); the client is not
 * throttled. Throughput = file size / (creation to result {@code done}).
 */
final class WindowScenario {
    record Params(long size, List<Long> windows, List<Long> rttsMs, int k, int n, int repeats, int segmentsPerWrite, long warmUp) {}

    private WindowScenario() {}

    static void run(Lab lab, Params p, Report report) throws Exception {
        GridProcess grid = lab.grid(p.n());
        long seg = Ciphertext.effectiveSegmentSize(p.size(), p.k(), 131072);
        Duration limit = Duration.ofSeconds(600);
        List<List<String>> rows = new ArrayList<>();
        Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
        List<Map<String, Object>> raw = new ArrayList<>();
        for (long rtt : p.rttsMs()) {
            Lab.Proxied proxied = lab.proxiedServers(grid.servers().subList(0, p.n()), rtt * 1_000_000 / 2, null, "rtt" + rtt);
            List<Double> baseline = null;
            for (long window : p.windows()) {
                HelperProcess h = lab.helper(proxied.serversYaml(), (int) window, p.segmentsPerWrite(), "512m", List.of());
                lab.warmUp(h, p.k(), p.n(), p.warmUp(), 1);
                List<Double> mbps = new ArrayList<>();
                List<Double> after = new ArrayList<>();
                long peakRss;
                try (RssSampler rss = new RssSampler(h.pid(), 100)) {
                    DelayProxy cp = lab.proxy("127.0.0.1", h.port(), 0, null);
                    for (int rep = 0; rep < p.repeats(); rep++) {
                        UploadOutcome o = Await.get(lab.client(h, cp).upload(Ciphertext.randomStorageIndex(), p.size(), p.k(), p.n(), p.n(), seg, 30), limit);
                        if (!o.ok()) {
                            throw new IllegalStateException("upload ended " + o.finalState() + ": " + o.result());
                        }
                        mbps.add(p.size() / 1e6 / o.seconds());
                        after.add(o.secondsAfterLastByte());
                        raw.add(Map.of("rttMs", rtt, "window", window, "repeat", rep, "seconds", o.seconds(),
                                "afterLastByteSeconds", o.secondsAfterLastByte()));
                        System.out.printf(Locale.ROOT, "window %d rtt %d ms rep %d: %.1f MB/s (create %.2f s, ingest %.2f s, after last byte %.2f s)%n",
                                window, rtt, rep, p.size() / 1e6 / o.seconds(), o.createSeconds(),
                                o.seconds() - o.createSeconds() - o.secondsAfterLastByte(), o.secondsAfterLastByte());
                    }
                    peakRss = rss.peak();
                }
                MemoryProbe.Heap heap = MemoryProbe.heapFromGcLog(h.gcLog(), 0);
                lab.stop(h);
                if (baseline == null) {
                    baseline = mbps;
                }
                List<Double> ratio = new ArrayList<>();
                for (int i = 0; i < mbps.size(); i++) {
                    ratio.add(mbps.get(i) / baseline.get(i));
                }
                rows.add(List.of(rtt + " ms", Long.toString(window), Summary.of(mbps).format(1), Summary.of(ratio).format(2),
                        Summary.of(after).format(2), String.format(Locale.ROOT, "%.0f", peakRss / 1048576.0),
                        String.format(Locale.ROOT, "%.0f / %.0f", heap.maxLiveAfterGc() / 1048576.0, heap.maxUsedBeforeGc() / 1048576.0)));
                chart.computeIfAbsent("window " + window, x -> new LinkedHashMap<>()).put("RTT +" + rtt + " ms", Summary.of(mbps).median());
            }
        }
        report.paragraph(String.format(Locale.ROOT, "**window**: %s file, %d-of-%d, %d storage servers each behind a delaying "
                + "proxy; unthrottled client; %d uploads per configuration on a fresh helper. Ratio = MB/s divided by the "
                + "first window's MB/s at the same RTT (same repeat index). Heap from the helper's GC log "
                + "(max live after GC / max used before GC); RSS sampled every 100 ms. Each helper first does %s of unmeasured "
                + "warm-up uploads. Window 0 is stop-and-wait. Helper push.segments-per-write %d (%s).",
                Sizes.human(p.size()), p.k(), p.n(), p.n(), p.repeats(), Sizes.human(p.warmUp()), p.segmentsPerWrite(),
                p.segmentsPerWrite() == 1 ? "one block per write, as Tahoe 1.5" : "blocks of that many segments per write"));
        report.table("Push throughput vs window and added RTT", List.of("added RTT", "window bytes", "MB/s",
                "vs first window", "s after last byte", "peak RSS MiB", "heap live/peak MiB"), rows);
        String png = report.baseName() + "-window.png";
        Charts.bars(ResultsDir.get().resolve(png), "Helper push throughput by window and added RTT", "added RTT", "MB/s (median)", chart);
        report.chart(png, "window throughput");
        report.data("window", raw);
    }
}
