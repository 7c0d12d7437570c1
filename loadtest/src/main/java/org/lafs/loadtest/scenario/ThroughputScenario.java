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
    record Params(long size, int clients, int k, int n, int repeats, long warmUp) {}

    private ThroughputScenario() {}

    static void run(Lab lab, Params p, Report report) throws Exception {
        GridProcess grid = lab.grid(p.n());
        HelperProcess h = lab.helper(grid.serversYaml(), 50_000, "1g");
        lab.warmUp(h, p.k(), p.n(), p.warmUp());
        long seg = Ciphertext.effectiveSegmentSize(p.size(), p.k(), 131072);
        Duration limit = Duration.ofSeconds(600);
        List<Double> helperMbps = new ArrayList<>();
        List<Double> codecMbps = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        List<Double> afterLast = new ArrayList<>();
        List<Double> dedupMs = new ArrayList<>();
        List<Double> dedupBytes = new ArrayList<>();
        List<Double> dedupWire = new ArrayList<>();
        List<Double> dedupVsFirst = new ArrayList<>();
        List<Map<String, Object>> raw = new ArrayList<>();
        List<Double> helperCpuPerMb = new ArrayList<>();
        List<Double> gridCpuPerMb = new ArrayList<>();
        ErasureCodec codec = CodecFactory.create(p.k(), p.n(), CodecFactory.chosenKind());
        Segments segs = new Segments(p.k(), 131072, 16, 7);
        byte[][] parity = new byte[p.n() - p.k()][segs.blockSize];
        codecRate(codec, segs, parity, 1_000_000_000L); // warm-up
        for (int rep = 0; rep < p.repeats(); rep++) {
            DelayProxy cp = lab.proxy("127.0.0.1", h.port(), 0, null);
            List<String> sis = new ArrayList<>();
            List<Future<UploadOutcome>> all = new ArrayList<>();
            double hCpu0 = MemoryProbe.cpuSeconds(h.pid());
            double gCpu0 = MemoryProbe.cpuSeconds(grid.pid());
            long start = System.nanoTime();
            for (int c = 0; c < p.clients(); c++) {
                String si = Ciphertext.randomStorageIndex();
                sis.add(si);
                all.add(lab.client(h, cp).upload(si, p.size(), p.k(), p.n(), p.n(), seg, 30));
            }
            List<UploadOutcome> outs = Await.get(Future.all(all), limit).list();
            double secs = (System.nanoTime() - start) / 1e9;
            for (UploadOutcome o : outs) {
                if (!o.ok()) {
                    throw new IllegalStateException("upload ended " + o.finalState() + ": " + o.result());
                }
                afterLast.add(o.secondsAfterLastByte());
            }
            double mbps = p.clients() * p.size() / 1e6 / secs;
            double mb = p.clients() * p.size() / 1e6;
            helperCpuPerMb.add((MemoryProbe.cpuSeconds(h.pid()) - hCpu0) / mb * 1000);
            gridCpuPerMb.add((MemoryProbe.cpuSeconds(grid.pid()) - gCpu0) / mb * 1000);
            double codecRate = codecRate(codec, segs, parity, 2_000_000_000L);
            helperMbps.add(mbps);
            codecMbps.add(codecRate);
            ratio.add(mbps / codecRate);
            // dedup hit: the same file (storage index) again, through a fresh proxy to count wire bytes
            DelayProxy dp = lab.proxy("127.0.0.1", h.port(), 0, null);
            UploadOutcome again = Await.get(lab.client(h, dp).upload(sis.get(0), p.size(), p.k(), p.n(), p.n(), seg, 30), limit);
            dedupMs.add(again.seconds() * 1000);
            dedupBytes.add((double) again.bytesSent());
            dedupWire.add((double) dp.bytesUp());
            dedupVsFirst.add(again.seconds() / outs.get(0).seconds());
            raw.add(Map.of("repeat", rep, "helperMBps", mbps, "codecMBps", codecRate, "secondsAfterLastByte",
                    outs.stream().map(UploadOutcome::secondsAfterLastByte).toList(), "dedupState", String.valueOf(again.createState()),
                    "dedupSeconds", again.seconds(), "dedupClientBytes", again.bytesSent(), "dedupWireBytes", dp.bytesUp()));
            System.out.printf(Locale.ROOT, "throughput rep %d: helper %.1f MB/s (%.1f CPU ms/MB), codec %.1f MB/s, dedup %s %.0f ms %d bytes%n",
                    rep, mbps, helperCpuPerMb.get(helperCpuPerMb.size() - 1), codecRate, again.createState(), again.seconds() * 1000, again.bytesSent());
        }
        lab.stop(h);
        report.paragraph(String.format(Locale.ROOT, "**throughput**: %d client(s) x %s, %d-of-%d, unthrottled loopback, "
                + "TLS, helper -Xmx1g on the same 2 cores as grid, clients and proxies; %d repeats after %s of unmeasured warm-up uploads. Codec ceiling = one "
                + "thread of %s encoding 128 KiB segments in the loadtest JVM right after each upload (RS only: no "
                + "hashing, no I/O). Dedup hit = second upload of the first file's storage index.",
                p.clients(), Sizes.human(p.size()), p.k(), p.n(), p.repeats(), Sizes.human(p.warmUp()), codec.getClass().getSimpleName()));
        report.table("Helper throughput, dedup and completion", List.of("measure", "value"), List.of(
                List.of("helper MB/s accepted and pushed (all clients)", Summary.of(helperMbps).format(1)),
                List.of("codec-only MB/s (same run)", Summary.of(codecMbps).format(0)),
                List.of("helper CPU ms per MB of ciphertext", Summary.of(helperCpuPerMb).format(1)),
                List.of("grid (10 nodes) CPU ms per MB of ciphertext", Summary.of(gridCpuPerMb).format(1)),
                List.of("helper / codec ratio", Summary.of(ratio).format(3)),
                List.of("s from client's last byte to done", Summary.of(afterLast).format(2)),
                List.of("dedup hit: ms to result", Summary.of(dedupMs).format(0)),
                List.of("dedup hit: ciphertext bytes sent", Summary.of(dedupBytes).format(0)),
                List.of("dedup hit: client wire bytes (TLS, both requests)", Summary.of(dedupWire).format(0)),
                List.of("dedup hit time / first upload time", Summary.of(dedupVsFirst).format(4))));
        Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
        chart.computeIfAbsent("MB/s", x -> new LinkedHashMap<>()).put("helper end to end", Summary.of(helperMbps).median());
        chart.get("MB/s").put("codec only (1 thread)", Summary.of(codecMbps).median());
        String png = report.baseName() + "-throughput.png";
        Charts.bars(ResultsDir.get().resolve(png), "Helper throughput vs codec ceiling", "", "MB/s (median)", chart);
        report.chart(png, "throughput");
        report.data("throughput", raw);
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
