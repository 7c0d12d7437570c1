package org.lafs.loadtest.scenario;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lafs.loadtest.UsageException;
import org.lafs.loadtest.proc.GridProcess;
import org.lafs.loadtest.proc.HeapHistogram;
import org.lafs.loadtest.proc.HelperProcess;
import org.lafs.loadtest.proc.MemoryProbe;
import org.lafs.loadtest.report.Report;
import org.lafs.loadtest.sim.Await;
import org.lafs.loadtest.sim.Ciphertext;
import org.lafs.loadtest.sim.UploadOutcome;

/**
 * Does the helper give memory back? For each JVM setting: concurrent uploads, then an idle
 * period, sampling the helper's RSS (VmRSS) throughout; the live heap (a full-GC class histogram)
 * is taken only at the very end, because that collection itself would shrink the heap. Settings:
 * {@code parallel} (the Parallel collector with the JDK's default heap cap, what the launchers
 * shipped before), {@code shipped} (the flags in bin/_server_jvm.sh, which the launchers, the
 * systemd units and the container use now), or literal JVM flags.
 */
final class RssScenario {
    record Params(int concurrency, long size, int idleSeconds, List<String> settings, int k, int n) {}

    private static final double MIB = 1048576.0;
    /** RSS sampling period during and after the uploads. */
    static final Duration SAMPLE = Duration.ofSeconds(1);

    private RssScenario() {}

    /** The flags bin/_server_jvm.sh ships (its LAFS_SERVER_JVM_DEFAULTS line). */
    static List<String> shippedFlags() {
        Path root = Path.of(System.getProperty("lafs.root", "."));
        Path file = root.resolve("bin/_server_jvm.sh");
        try {
            Matcher m = Pattern.compile("(?m)^LAFS_SERVER_JVM_DEFAULTS=\"([^\"]+)\"").matcher(Files.readString(file));
            if (!m.find()) {
                throw new UsageException("no LAFS_SERVER_JVM_DEFAULTS line in " + file);
            }
            return Arrays.asList(m.group(1).trim().split("\\s+"));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + " (run from the checkout or via bin/loadtest)");
        }
    }

    static List<String> flags(String setting) {
        return switch (setting) {
            case "parallel" -> List.of("-XX:+UseParallelGC");
            case "shipped" -> shippedFlags();
            default -> Arrays.asList(setting.trim().split("\\s+"));
        };
    }

    static void run(Lab lab, Params p, Report report) throws Exception {
        GridProcess grid = lab.grid(p.n());
        long seg = Ciphertext.effectiveSegmentSize(p.size(), p.k(), 131072);
        List<List<String>> rows = new ArrayList<>();
        List<Map<String, Object>> raw = new ArrayList<>();
        for (String setting : p.settings()) {
            List<String> flags = flags(setting);
            HelperProcess h = lab.helper(grid.serversYaml(), 50_000, org.lafs.upload.UploadOptions.DEFAULT_SEGMENTS_PER_WRITE, null, flags);
            lab.warmUp(h, p.k(), p.n());
            long idleBefore = MemoryProbe.rssBytes(h.pid());
            long start = System.nanoTime();
            List<Future<UploadOutcome>> all = new ArrayList<>();
            for (int i = 0; i < p.concurrency(); i++) {
                all.add(lab.client(h).upload(Ciphertext.randomStorageIndex(), p.size(), p.k(), p.n(), p.n(), seg, 30));
            }
            Future<?> done = Future.all(all);
            List<double[]> series = new ArrayList<>(); // {seconds since start, RSS MiB}
            long deadline = System.nanoTime() + Duration.ofSeconds(600 + p.size() * p.concurrency() / 1_000_000).toNanos();
            while (!done.isComplete() && System.nanoTime() < deadline) {
                series.add(new double[] {(System.nanoTime() - start) / 1e9, MemoryProbe.rssBytes(h.pid()) / MIB});
                Thread.sleep(SAMPLE.toMillis());
            }
            for (Future<UploadOutcome> f : all) {
                UploadOutcome o = Await.get(f, Duration.ofSeconds(1));
                if (!o.ok()) {
                    throw new IllegalStateException("upload ended " + o.finalState() + ": " + o.result());
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            long atEnd = MemoryProbe.rssBytes(h.pid());
            long idleUntil = System.nanoTime() + Duration.ofSeconds(p.idleSeconds()).toNanos();
            while (System.nanoTime() < idleUntil) {
                Thread.sleep(SAMPLE.toMillis());
                series.add(new double[] {(System.nanoTime() - start) / 1e9, MemoryProbe.rssBytes(h.pid()) / MIB});
            }
            long afterIdle = MemoryProbe.rssBytes(h.pid());
            long peak = MemoryProbe.peakRssBytes(h.pid());
            HeapHistogram live = HeapHistogram.take(h.pid(), 5); // a full GC: only now
            lab.stop(h);
            rows.add(List.of(setting, String.join(" ", flags), fmt(peak / MIB), fmt(atEnd / MIB), fmt(afterIdle / MIB),
                    fmt(live.liveBytes() / MIB), fmt(idleBefore / MIB), fmt(p.size() * p.concurrency() / 1e6 / secs)));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("setting", setting);
            r.put("flags", flags);
            r.put("peak-rss-bytes", peak);
            r.put("rss-at-end-bytes", atEnd);
            r.put("rss-after-idle-bytes", afterIdle);
            r.put("live-heap-bytes", live.liveBytes());
            r.put("rss-before-bytes", idleBefore);
            r.put("upload-seconds", secs);
            r.put("rss-mib-series", series);
            raw.add(r);
        }
        report.paragraph(String.format(Locale.ROOT, "**rss**: %d concurrent uploads of %s, %d-of-%d, then %d s idle; helper RSS "
                + "sampled every %d s (VmRSS), peak = VmHWM; live heap from a full-GC class histogram taken after the idle "
                + "period (taking it earlier would shrink the heap itself).", p.concurrency(), org.lafs.format.ByteSize.format(p.size()), p.k(), p.n(),
                p.idleSeconds(), SAMPLE.toSeconds()));
        report.table("Helper memory: does it come back?", List.of("setting", "JVM flags", "peak RSS MiB", "RSS when uploads end MiB",
                "RSS after idle MiB", "live heap MiB", "RSS before MiB", "MB/s"), rows);
        report.data("rss", raw);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
