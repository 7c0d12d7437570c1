package org.lafs.loadtest.scenario;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lafs.codec.CodecFactory;
import org.lafs.codec.ErasureCodec;
import org.lafs.loadtest.codec.Segments;
import org.lafs.loadtest.net.DelayProxy;
import org.lafs.loadtest.proc.GridProcess;
import org.lafs.loadtest.proc.HelperProcess;
import org.lafs.loadtest.proc.MemoryProbe;
import org.lafs.loadtest.report.Charts;
import org.lafs.loadtest.report.Report;
import org.lafs.loadtest.report.Summary;
import org.lafs.loadtest.sim.Await;
import org.lafs.loadtest.sim.Ciphertext;
import org.lafs.loadtest.sim.UploadOutcome;

/**
 * Scenario 4: helper throughput with unthrottled clients against the erasure-codec ceiling
 * (one thread encoding 128 KiB segments, measured in this process right after each upload, as
 * the {@code codec} subcommand does), the cost of a dedup hit (a second upload of the same
 * storage index: time and client bytes), and the time from the client's last byte to
 * {@code done}.
 */
final class ThroughputScenario {
    /**
     * @param segmentsPerWrite helper configurations compared side by side ({@code push.segments-per-write};
     *     1 = one block per request as in Tahoe 1.5), each on a fresh helper against the same grid
     */
    record Params(long size, int clients, int k, int n, int repeats, long warmUp, List<Integer> segmentsPerWrite,
                  double settleJitMsPerMb, long warmUpMax, int helperEventLoops) {
        /** A fixed warm-up of {@code warmUp} bytes, no settling rounds, the helper's default event loops. */
        Params(long size, int clients, int k, int n, int repeats, long warmUp, List<Integer> segmentsPerWrite) {
            this(size, clients, k, n, repeats, warmUp, segmentsPerWrite, 0, warmUp, 0);
        }
    }

    private ThroughputScenario() {}

    /** Every measure of one helper configuration, one value per repeat. */
    private static final class Runs {
        final List<Double> helperMbps = new ArrayList<>();
        final List<Double> codecMbps = new ArrayList<>();
        final List<Double> ratio = new ArrayList<>();
        final List<Double> afterLast = new ArrayList<>();
        final List<Double> dedupMs = new ArrayList<>();
        final List<Double> dedupBytes = new ArrayList<>();
        final List<Double> dedupWire = new ArrayList<>();
        final List<Double> dedupVsFirst = new ArrayList<>();
        final List<Double> helperCpuPerMb = new ArrayList<>();
        final List<Double> gridCpuPerMb = new ArrayList<>();
        final List<Double> helperJitPerMb = new ArrayList<>();
        final List<Double> gridJitPerMb = new ArrayList<>();
        final List<Double> warmUpMb = new ArrayList<>();
        final List<Double> warmUpJitSeconds = new ArrayList<>();
        final List<Double> warmUpLastJit = new ArrayList<>();
        final List<Map<String, Object>> raw = new ArrayList<>();
        /** The helper's CPU seconds per thread id over all measured repeats. */
        final Map<Long, MemoryProbe.ThreadCpu> threads = new LinkedHashMap<>();
    }

    static void run(Lab lab, Params p, Report report) throws Exception {
        GridProcess grid = lab.grid(p.n());
        ErasureCodec codec = CodecFactory.create(p.k(), p.n(), CodecFactory.chosenKind());
        Segments segs = new Segments(p.k(), 131072, 16, 7);
        byte[][] parity = new byte[p.n() - p.k()][segs.blockSize];
        codecRate(codec, segs, parity, 1_000_000_000L); // warm-up
        Map<Integer, Runs> all = new LinkedHashMap<>();
        for (int perWrite : p.segmentsPerWrite()) {
            all.put(perWrite, measure(lab, grid, p, perWrite, codec, segs, parity));
        }
        report.paragraph(String.format(Locale.ROOT, "Helper listen.event-loops: %s.", p.helperEventLoops() == 0 ? "default (one per core)"
                : String.valueOf(p.helperEventLoops())));
        report.paragraph(String.format(Locale.ROOT, "**throughput**: %d client(s) x %s, %d-of-%d, unthrottled loopback straight to the helper (no proxy), "
                + "TLS, helper -Xmx1g on the same 2 cores as the grid and the clients; for each helper configuration a "
                + "fresh helper, %s of unmeasured warm-up uploads%s, then %d measured repeats. Codec ceiling = one "
                + "thread of %s encoding 128 KiB segments in the loadtest JVM right after each upload (RS only: no "
                + "hashing, no I/O). Dedup hit = second upload of the first file's storage index. CPU from /proc "
                + "(helper, and the 10-node grid JVM) over each upload.",
                p.clients(), Sizes.human(p.size()), p.k(), p.n(), Sizes.human(p.warmUp()),
                p.settleJitMsPerMb() > 0 ? String.format(Locale.ROOT, " or more, in rounds, until a round cost the helper's "
                        + "JIT compiler threads under %.1f CPU ms per MB (at most %s)", p.settleJitMsPerMb(), Sizes.human(p.warmUpMax())) : "",
                p.repeats(),
                codec.getClass().getSimpleName()));
        List<String> header = new ArrayList<>(List.of("measure"));
        all.keySet().forEach(g -> header.add("segments per write " + g));
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("helper MB/s accepted and pushed (all clients)", all, r -> r.helperMbps, 1));
        rows.add(row("codec-only MB/s (same run)", all, r -> r.codecMbps, 0));
        rows.add(row("helper CPU ms per MB of ciphertext", all, r -> r.helperCpuPerMb, 1));
        rows.add(row("grid (10 nodes) CPU ms per MB of ciphertext", all, r -> r.gridCpuPerMb, 1));
        rows.add(row("of which JIT compiler threads: helper", all, r -> r.helperJitPerMb, 1));
        rows.add(row("of which JIT compiler threads: grid", all, r -> r.gridJitPerMb, 1));
        rows.add(row("helper / codec ratio", all, r -> r.ratio, 3));
        rows.add(row("s from client's last byte to done", all, r -> r.afterLast, 2));
        rows.add(row("dedup hit: ms to result", all, r -> r.dedupMs, 0));
        rows.add(row("dedup hit: ciphertext bytes sent", all, r -> r.dedupBytes, 0));
        rows.add(row("dedup hit: client wire bytes (TLS, both requests)", all, r -> r.dedupWire, 0));
        rows.add(row("dedup hit time / first upload time", all, r -> r.dedupVsFirst, 4));
        rows.add(row("warm-up uploaded before measuring, MB", all, r -> r.warmUpMb, 0));
        rows.add(row("warm-up: helper JIT compiler CPU s", all, r -> r.warmUpJitSeconds, 1));
        rows.add(row("warm-up: its last round's helper JIT CPU ms per MB", all, r -> r.warmUpLastJit, 1));
        report.table("Helper throughput, dedup and completion", header, rows);
        Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
        Map<String, Double> bars = chart.computeIfAbsent("MB/s", x -> new LinkedHashMap<>());
        all.forEach((g, r) -> bars.put("helper, " + g + " seg/write", Summary.of(r.helperMbps).median()));
        bars.put("codec only (1 thread)", Summary.of(all.values().iterator().next().codecMbps).median());
        String png = report.baseName() + "-throughput.png";
        Charts.bars(ResultsDir.get().resolve(png), "Helper throughput vs codec ceiling", "", "MB/s (median)", chart);
        report.chart(png, "throughput");
        threadTable(report, all);
        Map<String, Object> data = new LinkedHashMap<>();
        all.forEach((g, r) -> data.put("segmentsPerWrite=" + g, r.raw));
        all.forEach((g, r) -> {
            List<Map<String, Object>> t = new ArrayList<>();
            r.threads.forEach((tid, c) -> t.add(new LinkedHashMap<>(Map.of("tid", tid, "comm", c.comm(), "cpuSeconds", c.seconds()))));
            data.put("helperThreads(segmentsPerWrite=" + g + ")", t);
        });
        report.data("throughput", data);
    }

    private static List<String> row(String name, Map<Integer, Runs> all, java.util.function.Function<Runs, List<Double>> f,
                                    int decimals) {
        List<String> row = new ArrayList<>(List.of(name));
        all.values().forEach(r -> row.add(Summary.of(f.apply(r)).format(decimals)));
        return row;
    }

    private static Runs measure(Lab lab, GridProcess grid, Params p, int perWrite, ErasureCodec codec, Segments segs,
                                byte[][] parity) throws Exception {
        HelperProcess h = lab.helper(grid.serversYaml(), 50_000, perWrite, p.helperEventLoops(), "1g", List.of());
        Lab.WarmUp w = lab.warmUp(h, p.k(), p.n(), p.warmUp(), p.clients(), p.settleJitMsPerMb(), p.warmUpMax());
        Lab.awaitJitQuiet(Duration.ofSeconds(60), h.pid(), grid.pid());
        long seg = Ciphertext.effectiveSegmentSize(p.size(), p.k(), 131072);
        Duration limit = Duration.ofSeconds(600);
        Runs runs = new Runs();
        runs.warmUpMb.add(w.bytes() / 1e6);
        runs.warmUpJitSeconds.add(w.jitSeconds());
        runs.warmUpLastJit.add(w.lastRoundJitMsPerMb());
        System.out.printf(Locale.ROOT, "throughput (%d seg/write): warm-up %.0f MB, helper JIT %.1f s, last round %.1f ms/MB; measuring from %s%n",
                perWrite, w.bytes() / 1e6, w.jitSeconds(), w.lastRoundJitMsPerMb(), java.time.Instant.now());
        Map<Long, MemoryProbe.ThreadCpu> threads0 = MemoryProbe.threadCpu(h.pid());
        for (int rep = 0; rep < p.repeats(); rep++) {
            List<String> sis = new ArrayList<>();
            List<Future<UploadOutcome>> all = new ArrayList<>();
            double hCpu0 = MemoryProbe.cpuSeconds(h.pid());
            double gCpu0 = MemoryProbe.cpuSeconds(grid.pid());
            double hJit0 = MemoryProbe.jitCpuSeconds(h.pid());
            double gJit0 = MemoryProbe.jitCpuSeconds(grid.pid());
            long start = System.nanoTime();
            for (int c = 0; c < p.clients(); c++) {
                String si = Ciphertext.randomStorageIndex();
                sis.add(si);
                // straight to the helper: a proxy in this JVM would copy every byte on the same 2 cores
                all.add(lab.client(h).upload(si, p.size(), p.k(), p.n(), p.n(), seg, 30));
            }
            List<UploadOutcome> outs = Await.get(Future.all(all), limit).list();
            double secs = (System.nanoTime() - start) / 1e9;
            for (UploadOutcome o : outs) {
                if (!o.ok()) {
                    throw new IllegalStateException("upload ended " + o.finalState() + ": " + o.result());
                }
                runs.afterLast.add(o.secondsAfterLastByte());
            }
            double mb = p.clients() * p.size() / 1e6;
            double mbps = mb / secs;
            runs.helperCpuPerMb.add((MemoryProbe.cpuSeconds(h.pid()) - hCpu0) / mb * 1000);
            runs.gridCpuPerMb.add((MemoryProbe.cpuSeconds(grid.pid()) - gCpu0) / mb * 1000);
            runs.helperJitPerMb.add((MemoryProbe.jitCpuSeconds(h.pid()) - hJit0) / mb * 1000);
            runs.gridJitPerMb.add((MemoryProbe.jitCpuSeconds(grid.pid()) - gJit0) / mb * 1000);
            double codecRate = codecRate(codec, segs, parity, 2_000_000_000L);
            runs.helperMbps.add(mbps);
            runs.codecMbps.add(codecRate);
            runs.ratio.add(mbps / codecRate);
            // dedup hit: the same file (storage index) again, through a fresh proxy to count wire bytes
            DelayProxy dp = lab.proxy("127.0.0.1", h.port(), 0, null);
            UploadOutcome again = Await.get(lab.client(h, dp).upload(sis.get(0), p.size(), p.k(), p.n(), p.n(), seg, 30), limit);
            runs.dedupMs.add(again.seconds() * 1000);
            runs.dedupBytes.add((double) again.bytesSent());
            runs.dedupWire.add((double) dp.bytesUp());
            runs.dedupVsFirst.add(again.seconds() / outs.get(0).seconds());
            // each repeat writes fresh memory otherwise (3.3 bytes of shares per byte on a tmpfs
            // --grid-dir), and first-touched pages cost this VM several times a reused one
            // (docs/performance.md, third round): the next repeat reuses these pages instead
            lab.dropFinishedShares();
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("repeat", rep);
            raw.put("helperMBps", mbps);
            raw.put("codecMBps", codecRate);
            raw.put("secondsAfterLastByte", outs.stream().map(UploadOutcome::secondsAfterLastByte).toList());
            raw.put("dedupState", String.valueOf(again.createState()));
            raw.put("dedupSeconds", again.seconds());
            raw.put("dedupClientBytes", again.bytesSent());
            raw.put("dedupWireBytes", dp.bytesUp());
            raw.put("dedupConnections", dp.connections());
            raw.put("helperCpuMsPerMB", runs.helperCpuPerMb.get(rep));
            raw.put("gridCpuMsPerMB", runs.gridCpuPerMb.get(rep));
            raw.put("helperJitCpuMsPerMB", runs.helperJitPerMb.get(rep));
            raw.put("gridJitCpuMsPerMB", runs.gridJitPerMb.get(rep));
            runs.raw.add(raw);
            System.out.printf(Locale.ROOT, "throughput (%d seg/write) rep %d: helper %.1f MB/s (helper %.1f, grid %.1f CPU ms/MB; "
                    + "JIT %.1f, %.1f), codec %.1f MB/s, dedup %s %.0f ms %d bytes%n", perWrite, rep, mbps, runs.helperCpuPerMb.get(rep),
                    runs.gridCpuPerMb.get(rep), runs.helperJitPerMb.get(rep), runs.gridJitPerMb.get(rep), codecRate, again.createState(), again.seconds() * 1000, again.bytesSent());
        }
        MemoryProbe.threadCpu(h.pid()).forEach((tid, t) -> {
            MemoryProbe.ThreadCpu before = threads0.get(tid);
            runs.threads.put(tid, new MemoryProbe.ThreadCpu(t.comm(), t.seconds() - (before == null ? 0 : before.seconds())));
        });
        lab.stop(h);
        return runs;
    }

    /**
     * Where the helper's CPU went over the measured repeats: each event loop by itself (the
     * kernel cuts thread names to 15 characters, so they are told apart by thread id), with its
     * share of all event-loop CPU and of the helper's, and the other threads grouped by name.
     */
    private static void threadTable(Report report, Map<Integer, Runs> all) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<Integer, Runs> e : all.entrySet()) {
            double total = 0;
            double loops = 0;
            Map<String, Double> groups = new java.util.TreeMap<>();
            for (MemoryProbe.ThreadCpu c : e.getValue().threads.values()) {
                total += c.seconds();
                if (c.comm().startsWith("vert.x-eventloo")) {
                    loops += c.seconds();
                } else {
                    groups.merge(c.comm().replaceAll("[-#0-9 ]+$", ""), c.seconds(), Double::sum);
                }
            }
            for (Map.Entry<Long, MemoryProbe.ThreadCpu> t : e.getValue().threads.entrySet()) {
                if (t.getValue().comm().startsWith("vert.x-eventloo") && t.getValue().seconds() > 0) {
                    double sec = t.getValue().seconds();
                    rows.add(List.of(String.valueOf(e.getKey()), "event loop (tid " + t.getKey() + ")",
                            String.format(Locale.ROOT, "%.2f", sec), pct(sec, loops), pct(sec, total)));
                }
            }
            rows.add(List.of(String.valueOf(e.getKey()), "all event loops", String.format(Locale.ROOT, "%.2f", loops), pct(loops, loops),
                    pct(loops, total)));
            double shown = loops;
            for (Map.Entry<String, Double> g : groups.entrySet()) {
                if (g.getValue() >= 0.01 * total) {
                    rows.add(List.of(String.valueOf(e.getKey()), g.getKey(), String.format(Locale.ROOT, "%.2f", g.getValue()), "", pct(g.getValue(), total)));
                    shown += g.getValue();
                }
            }
            rows.add(List.of(String.valueOf(e.getKey()), "other threads (under 1 % each)", String.format(Locale.ROOT, "%.2f", total - shown), "",
                    pct(total - shown, total)));
        }
        report.table("Helper CPU by thread over the measured repeats", List.of("segments per write", "thread", "CPU s",
                "% of event loops", "% of helper"), rows);
    }

    private static String pct(double part, double whole) {
        return whole <= 0 ? "" : String.format(Locale.ROOT, "%.1f", 100 * part / whole);
    }

    /** MB/s of input encoded by one thread for about {@code nanos}. */
    static double codecRate(ErasureCodec codec, Segments segs, byte[][] parity, long nanos) {
        long start = System.nanoTime();
        long end = start + nanos;
        long bytes = 0;
        for (int i = 0; System.nanoTime() < end && i < 10_000_000; i++) {
            codec.encode(segs.get(i % segs.count()), 0, segs.blockSize, parity, 0);
            bytes += segs.inputBytes;
        }
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
}
