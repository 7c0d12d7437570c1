package org.lafs.loadtest.floor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lafs.codec.CodecFactory;
import org.lafs.codec.ErasureCodec;
import org.lafs.loadtest.codec.Segments;
import org.lafs.loadtest.report.Report;
import org.lafs.loadtest.report.Summary;
import org.lafs.loadtest.scenario.Sizes;

/**
 * {@code bin/loadtest floor}: what the work an upload cannot avoid costs on this machine, in CPU
 * ms per MB of ciphertext, measured piece by piece with nothing else running: hashing, coding,
 * TLS on both hops, loopback TCP, the helper's spool and the grid's share writes. Their sum
 * against the cores gives the most any implementation could push here with the grid on the same
 * box, which is what {@code throughput} measures ours against (its framework, HTTP, RocksDB,
 * JIT and GC costs are all left out of this floor).
 */
public final class FloorScenario {
    /** @param ciphertext bytes of ciphertext each measurement stands for */
    public record Params(int k, int n, int segment, long ciphertext, int repeats) {}

    /** One row: the work, who does it end to end, how many bytes per ciphertext byte. */
    private record Item(String work, String who, String volume, Measure measure) {}

    @FunctionalInterface
    private interface Measure {
        double cpuSeconds(long ciphertext) throws Exception;
    }

    private FloorScenario() {}

    public static void run(Params p, Path scratch, Path gridDir, Report report) throws Exception {
        Shape shape = new Shape(p.k(), p.n(), p.segment());
        Files.createDirectories(scratch);
        Files.createDirectories(gridDir);
        Segments segs = new Segments(p.k(), p.segment(), 16, 11);
        byte[][] parity = new byte[p.n() - p.k()][shape.blockSize()];
        ErasureCodec codec = CodecFactory.create(p.k(), p.n(), CodecFactory.chosenKind());
        double x = shape.expansion();
        try (TlsWork tls = new TlsWork(scratch)) {
            List<Item> items = List.of(
                    new Item("SHA-256: segment, flat ciphertext and block hashes", "helper (encode workers)",
                            fmt(shape.hashedBytes()), c -> HashingWork.cpuSeconds(shape, segs, parity, c)),
                    new Item("Reed-Solomon encode (" + codec.getClass().getSimpleName() + ")", "helper (encode workers)",
                            "1 in, " + fmt(x - 1) + " out", c -> CodingWork.cpuSeconds(shape, codec, segs, parity, c)),
                    new Item("TLS: encrypt + decrypt (" + tls.describe() + ")", "client + helper, helper + grid",
                            fmt(1 + x), c -> tls.cpuSeconds(Math.round(c * (1 + x)))),
                    new Item("loopback TCP, both ends (NIO, direct buffers)", "client + helper, helper + grid",
                            fmt(1 + x), c -> LoopbackWork.cpuSeconds(Math.round(c * (1 + x)))),
                    new Item("spool: write with an fsync per MiB, read back (" + Files.getFileStore(scratch).type() + ")", "helper", "1 + 1",
                            c -> FileWork.spoolSeconds(scratch, shape, c)),
                    new Item("share writes (" + Files.getFileStore(gridDir).type() + ")", "grid", fmt(x),
                            c -> FileWork.sharesSeconds(gridDir, shape, c)));
            Map<String, List<Double>> perItem = new LinkedHashMap<>();
            List<Double> totals = new ArrayList<>();
            double mb = p.ciphertext() / 1e6;
            for (Item it : items) {
                it.measure().cpuSeconds(Math.min(p.ciphertext(), 32L << 20)); // warm-up: JIT, page cache, TLS keys
            }
            for (int rep = 0; rep < p.repeats(); rep++) {
                double total = 0;
                for (Item it : items) {
                    double ms = it.measure().cpuSeconds(p.ciphertext()) / mb * 1000;
                    perItem.computeIfAbsent(it.work(), k -> new ArrayList<>()).add(ms);
                    total += ms;
                }
                totals.add(total);
                System.out.printf(Locale.ROOT, "floor rep %d: %.2f CPU ms per MB of ciphertext%n", rep, total);
            }
            int cores = Runtime.getRuntime().availableProcessors();
            List<Double> ceiling = totals.stream().map(t -> cores * 1000.0 / t).toList();
            report.paragraph(String.format(Locale.ROOT, "**floor**: the work a %d-of-%d upload with %d-byte segments cannot "
                    + "avoid, each piece measured alone in this JVM on %s of ciphertext (CPU of the whole process, user + "
                    + "system), %d repeats after a warm-up. Left out: HTTP, tus, GBS and CBOR framing, futures and "
                    + "event loops, RocksDB, the JIT, GC, the client's own encryption. Ceiling = %d cores x 1000 / total: "
                    + "no implementation can accept and push faster than that on this machine with the grid on the "
                    + "same cores.", p.k(), p.n(), p.segment(), Sizes.human(p.ciphertext()), p.repeats(), cores));
            List<List<String>> rows = new ArrayList<>();
            for (Item it : items) {
                rows.add(List.of(it.work(), it.who(), it.volume(), Summary.of(perItem.get(it.work())).format(2)));
            }
            rows.add(List.of("**total**", "", "", Summary.of(totals).format(2)));
            rows.add(List.of("**ceiling on " + cores + " cores, MB/s**", "", "", Summary.of(ceiling).format(0)));
            report.table("The floor: CPU ms per MB of ciphertext", List.of("work", "who does it end to end",
                    "bytes per ciphertext byte", "CPU ms per MB"), rows);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("perItemMsPerMB", perItem);
            data.put("totalMsPerMB", totals);
            data.put("ceilingMBps", ceiling);
            data.put("tls", tls.describe());
            report.data("floor", data);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
