package org.lafs.loadtest.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lafs.gbs.GbsClient;
import org.lafs.grid.ServersYaml;
import org.lafs.loadtest.net.DelayProxy;
import org.lafs.loadtest.net.TokenBucket;
import org.lafs.loadtest.proc.GridProcess;
import org.lafs.loadtest.proc.HelperProcess;
import org.lafs.loadtest.report.Charts;
import org.lafs.loadtest.report.Report;
import org.lafs.loadtest.report.Summary;
import org.lafs.loadtest.sim.Await;
import org.lafs.loadtest.sim.Ciphertext;
import org.lafs.loadtest.sim.DirectUploader;
import org.lafs.loadtest.sim.ShareBlaster;
import org.lafs.loadtest.sim.UploadOutcome;

/**
 * Scenario 1: on a slow uplink the helper removes the expansion penalty. The same file goes out
 * through a token bucket of {@code rate} bytes/s twice: to the helper (size bytes of
 * ciphertext), and directly to n storage servers (n shares of size/k bytes, all n connections
 * sharing one bucket: one uplink). Expected time ratio helper/direct ~ k/n.
 *
 * <p>The direct side runs the real {@link org.lafs.upload.UploadPipeline} in the loadtest process
 * ({@link DirectUploader}: select, encode, push, finish), or with {@code --direct shares} only
 * writes share-sized stand-in data with {@link ShareBlaster} (same wire bytes minus hash trees).
 */
final class ThrottleScenario {
    /** @param pipeline direct side = real UploadPipeline (else share-sized writes, {@link ShareBlaster}) */
    record Params(long size, long rate, long burst, List<int[]> codes, int repeats, boolean pipeline) {}

    private ThrottleScenario() {}

    static void run(Lab lab, Params p, Report report) throws Exception {
        int maxN = p.codes().stream().mapToInt(c -> c[1]).max().orElse(10);
        GridProcess grid = lab.grid(maxN);
        HelperProcess helper = lab.helper(grid.serversYaml(), 50_000, "512m");
        Duration limit = Duration.ofSeconds(Math.max(120, 4 * p.size() * maxN / p.rate()));
        Map<String, List<Double>> helperS = new LinkedHashMap<>();
        Map<String, List<Double>> directS = new LinkedHashMap<>();
        Map<String, List<Double>> ratio = new LinkedHashMap<>();
        Map<String, List<Double>> helperWire = new LinkedHashMap<>();
        Map<String, List<Double>> directWire = new LinkedHashMap<>();
        List<Map<String, Object>> raw = new ArrayList<>();
        // warm-up (not measured): JIT and TLS session set-up in the helper and in this JVM
        DelayProxy warm = lab.proxy("127.0.0.1", helper.port(), 0, null);
        for (int[] kn : p.codes()) {
            long wseg = Ciphertext.effectiveSegmentSize(1 << 20, kn[0], 131072);
            Await.get(lab.client(helper, warm).upload(Ciphertext.randomStorageIndex(), 1 << 20, kn[0], kn[1], kn[1], wseg, 30), limit);
            if (p.pipeline()) {
                try (DirectUploader du = new DirectUploader(lab.vertx, grid.servers(), 50_000)) {
                    Await.get(du.upload(1 << 20, kn[0], kn[1], kn[1]), limit);
                }
            }
        }
        for (int rep = 0; rep < p.repeats(); rep++) {
            for (int[] kn : p.codes()) {
                int k = kn[0];
                int n = kn[1];
                String key = k + "-of-" + n;
                long seg = Ciphertext.effectiveSegmentSize(p.size(), k, 131072);
                DelayProxy hp = lab.proxy("127.0.0.1", helper.port(), 0, new TokenBucket(p.rate(), p.burst()));
                UploadOutcome o = Await.get(lab.client(helper, hp).upload(Ciphertext.randomStorageIndex(), p.size(), k, n, n, seg, 30), limit);
                if (!o.ok()) {
                    throw new IllegalStateException("helper upload " + key + " ended " + o.finalState() + ": " + o.result());
                }
                Lab.Proxied direct = lab.proxiedServers(grid.servers().subList(0, n), 0, new TokenBucket(p.rate(), p.burst()), "direct-" + key + "-" + rep);
                long start = System.nanoTime();
                if (p.pipeline()) {
                    try (DirectUploader du = new DirectUploader(lab.vertx, ServersYaml.read(direct.serversYaml()), 50_000)) {
                        Await.get(du.upload(p.size(), k, n, n), limit);
                    }
                } else {
                    List<GbsClient> clients = lab.gbsClients(direct.serversYaml());
                    Await.get(ShareBlaster.upload(clients, (p.size() + k - 1) / k, (int) (seg / k), 50_000), limit);
                    clients.forEach(GbsClient::close);
                }
                double d = (System.nanoTime() - start) / 1e9;
                helperS.computeIfAbsent(key, x -> new ArrayList<>()).add(o.seconds());
                directS.computeIfAbsent(key, x -> new ArrayList<>()).add(d);
                ratio.computeIfAbsent(key, x -> new ArrayList<>()).add(o.seconds() / d);
                helperWire.computeIfAbsent(key, x -> new ArrayList<>()).add((double) hp.bytesUp());
                directWire.computeIfAbsent(key, x -> new ArrayList<>()).add((double) direct.bytesUp());
                raw.add(Map.of("code", key, "repeat", rep, "helperSeconds", o.seconds(), "helperAfterLastByteSeconds",
                        o.secondsAfterLastByte(), "helperCreateSeconds", o.createSeconds(), "directSeconds", d, "helperWireBytes", hp.bytesUp(), "directWireBytes", direct.bytesUp()));
                System.out.printf(Locale.ROOT, "throttle %s rep %d: helper %.2f s (create %.2f, after last byte %.2f), direct %.2f s, ratio %.3f (k/n %.3f)%n",
                        key, rep, o.seconds(), o.createSeconds(), o.secondsAfterLastByte(), d, o.seconds() / d, (double) k / n);
            }
        }
        lab.stop(helper);
        List<List<String>> rows = new ArrayList<>();
        Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
        for (int[] kn : p.codes()) {
            String key = kn[0] + "-of-" + kn[1];
            rows.add(List.of(key, Summary.of(helperS.get(key)).format(2), Summary.of(directS.get(key)).format(2),
                    Summary.of(ratio.get(key)).format(3), String.format(Locale.ROOT, "%.3f", (double) kn[0] / kn[1]),
                    Summary.of(helperWire.get(key).stream().map(x -> x / 1e6).toList()).format(2),
                    Summary.of(directWire.get(key).stream().map(x -> x / 1e6).toList()).format(2)));
            chart.computeIfAbsent("helper / direct (measured)", x -> new LinkedHashMap<>()).put(key, Summary.of(ratio.get(key)).median());
            chart.computeIfAbsent("k / n (expected)", x -> new LinkedHashMap<>()).put(key, (double) kn[0] / kn[1]);
        }
        report.paragraph(String.format(Locale.ROOT, "**throttle**: %s file, client uplink %.2f MB/s (token bucket, burst %s) "
                + "for both paths; %d repeats; direct side: " + (p.pipeline() ? "UploadPipeline in the loadtest JVM" : "share-sized writes (ShareBlaster)") + ". Helper time = POST to result `done` (includes the helper's push after the "
                + "last byte); direct time = allocate to all n shares closed. Wire bytes = TCP payload (TLS) through the throttle.",
                Sizes.human(p.size()), p.rate() / 1e6, Sizes.human(p.burst()), p.repeats()));
        report.table("Helper vs direct upload on a throttled uplink", List.of("k-of-n", "helper s", "direct s",
                "helper/direct", "k/n", "helper wire MB", "direct wire MB"), rows);
        String png = report.baseName() + "-throttle.png";
        Charts.bars(ResultsDir.get().resolve(png), "Upload time ratio helper/direct at " + p.rate() / 1e6 + " MB/s uplink",
                "code", "time ratio", chart);
        report.chart(png, "throttle ratio");
        report.data("throttle", raw);
    }
}
