package org.lafs.loadtest.scenario;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.GbsClientOptions;
import org.lafs.gbs.Nurl;
import org.lafs.grid.ServerInfo;
import org.lafs.grid.ServersYaml;
import org.lafs.loadtest.net.DelayProxy;
import org.lafs.loadtest.net.TokenBucket;
import org.lafs.loadtest.proc.GridProcess;
import org.lafs.loadtest.proc.HelperProcess;
import org.lafs.loadtest.proc.MemoryProbe;
import org.lafs.loadtest.sim.Await;
import org.lafs.loadtest.sim.Ciphertext;
import org.lafs.loadtest.sim.SimulatedClient;
import org.lafs.loadtest.sim.UploadOutcome;

/**
 * The scenario workbench: one Vert.x for the loadtest's own proxies and GBS clients, a scratch
 * directory (deleted on {@link #close}), a storage grid process, helper processes and proxies.
 * Everything started here is stopped by {@link #close} (and children by a shutdown hook).
 */
final class Lab implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(60);
    final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    final Path dir;
    /** Where the grid keeps its shares: {@link #dir}, or a scratch directory of its own. */
    private final Path gridDir;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<DelayProxy> proxies = new ArrayList<>();
    private GridProcess grid;
    private int helpers;

    Lab(Path workDir) throws IOException {
        this(workDir, null);
    }

    /** {@code gridRoot} null: the grid lives in the work directory like everything else. */
    Lab(Path workDir, Path gridRoot) throws IOException {
        Files.createDirectories(workDir);
        this.dir = Files.createTempDirectory(workDir, "loadtest-");
        if (gridRoot == null) {
            this.gridDir = dir.resolve("grid");
        } else {
            Files.createDirectories(gridRoot);
            this.gridDir = Files.createTempDirectory(gridRoot, "loadtest-grid-");
        }
    }

    /** Where the grid's shares go: in the work directory, or under {@code --grid-dir}. */
    Path gridDir() {
        return gridDir;
    }

    GridProcess grid(int count) throws Exception {
        if (grid == null) {
            grid = GridProcess.start(gridDir, count, "768m");
        }
        return grid;
    }

    /** A helper process (own state directory) pushing to {@code serversYaml}. */
    HelperProcess helper(Path serversYaml, int window, String heap) throws Exception {
        return helper(serversYaml, window, heap, List.of());
    }

    HelperProcess helper(Path serversYaml, int window, String heap, List<String> extraJvm) throws Exception {
        return helper(serversYaml, window, org.lafs.upload.UploadOptions.DEFAULT_SEGMENTS_PER_WRITE, heap, extraJvm);
    }

    HelperProcess helper(Path serversYaml, int window, int segmentsPerWrite, String heap, List<String> extraJvm) throws Exception {
        return helper(serversYaml, window, segmentsPerWrite, 0, heap, extraJvm);
    }

    /** With {@code listen.event-loops} {@code eventLoops} (0: the helper's default, one per core). */
    HelperProcess helper(Path serversYaml, int window, int segmentsPerWrite, int eventLoops, String heap, List<String> extraJvm)
            throws Exception {
        // push.window-bytes 0 is stop-and-wait: one write in flight per server.
        HelperProcess h = HelperProcess.start(dir.resolve("helper-" + (helpers++)), serversYaml, window, segmentsPerWrite,
                eventLoops, heap, extraJvm);
        closing.add(h);
        return h;
    }

    /** Stops a helper now and deletes its state (spool, RocksDB), bounding disk use. */
    void stop(HelperProcess h) throws IOException {
        h.close();
        closing.remove(h);
        deleteTree(h.gcLog().getParent().resolve("state"));
    }

    DelayProxy proxy(String host, int port, long oneWayDelayNanos, TokenBucket bucket) throws Exception {
        DelayProxy p = new DelayProxy(vertx, host, port, oneWayDelayNanos, bucket);
        Await.get(p.start(), START);
        proxies.add(p);
        return p;
    }

    /** Proxies in front of {@code servers} and a servers.yaml pointing at them (same pin, swissnum). */
    Proxied proxiedServers(List<ServerInfo> servers, long oneWayDelayNanos, TokenBucket bucket, String name) throws Exception {
        List<ServerInfo> out = new ArrayList<>();
        List<DelayProxy> ps = new ArrayList<>();
        for (ServerInfo s : servers) {
            Nurl n = s.nurl();
            DelayProxy p = proxy(n.connectHost(), n.port(), oneWayDelayNanos, bucket);
            ps.add(p);
            out.add(new ServerInfo(s.serverId(), s.nickname(), s.furl(),
                    List.of(new Nurl(n.spkiHash(), "127.0.0.1", p.port(), n.swissnum(), false)), s.permutationSeedBase32()));
        }
        Path yaml = dir.resolve(name + "-servers.yaml");
        ServersYaml.write(yaml, out);
        return new Proxied(yaml, ps);
    }

    /** A servers.yaml naming proxies, and the proxies. */
    record Proxied(Path serversYaml, List<DelayProxy> proxies) {
        long bytesUp() {
            return proxies.stream().mapToLong(DelayProxy::bytesUp).sum();
        }
    }

    /** GBS clients for the servers listed in a servers.yaml (closed with the lab). */
    List<GbsClient> gbsClients(Path serversYaml) throws IOException {
        List<GbsClient> cs = new ArrayList<>();
        for (ServerInfo s : ServersYaml.read(serversYaml)) {
            GbsClient c = GbsClient.create(vertx, s.nurl());
            closing.add(c);
            cs.add(c);
        }
        return cs;
    }

    /**
     * One unmeasured 1 MiB upload on a fresh helper: its first upload pays seconds of one-time
     * costs (JIT, TLS set-up to every server, RocksDB) that no later upload pays.
     */
    void warmUp(HelperProcess h, int k, int n) throws Exception {
        warmUp(h, k, n, 1 << 20, 1);
    }

    /**
     * Unmeasured uploads of {@code total} bytes (in files of at most 64 MiB, {@code clients} at a
     * time, like the measured runs, so that the same concurrent code paths get compiled) so that
     * the helper's and the grid's JIT compilers have settled before anything is measured: on 2
     * cores C2 spends most of a core for the first few hundred MB (docs/performance.md).
     */
    WarmUp warmUp(HelperProcess h, int k, int n, long total, int clients) throws Exception {
        return warmUp(h, k, n, total, clients, 0, total);
    }

    /**
     * What a warm-up did: bytes uploaded (dedup hits not counted), the CPU seconds the helper's
     * JIT compiler threads took meanwhile, and their CPU ms per MB in the last round.
     */
    record WarmUp(long bytes, double jitSeconds, double lastRoundJitMsPerMb) {}

    /**
     * As {@link #warmUp(HelperProcess, int, int, long, int)}, then more rounds (each
     * {@code clients} x 64 MiB and a dedup hit) while the helper's compiler threads still took
     * more than {@code settleMsPerMb} CPU ms per MB in the previous round, up to {@code max} bytes
     * in all. A fresh helper's C2 compiles over a thousand methods, one at a time on this
     * machine, and was still busy after 2 GiB (docs/performance.md, third round): a fixed
     * warm-up left the first measured repeats paying for it.
     */
    WarmUp warmUp(HelperProcess h, int k, int n, long total, int clients, double settleMsPerMb, long max)
            throws Exception {
        List<SimulatedClient> cs = new ArrayList<>();
        double jit0 = MemoryProbe.jitCpuSeconds(h.pid());
        long done = 0;
        double lastRound = Double.NaN;
        try {
            for (int c = 0; c < clients; c++) {
                cs.add(new SimulatedClient(h.endpoint()));
            }
            while (done < Math.max(1, total) || (settleMsPerMb > 0 && !(lastRound <= settleMsPerMb) && done < max)) {
                long budget = done < total ? total - done : Math.min(max - done, clients * (64L << 20));
                double roundJit0 = MemoryProbe.jitCpuSeconds(h.pid());
                long roundBytes = 0;
                List<Future<UploadOutcome>> round = new ArrayList<>();
                String firstSi = Ciphertext.randomStorageIndex();
                long firstSize = Math.max(1, Math.min(budget, 64L << 20));
                for (SimulatedClient c : cs) {
                    long size = Math.min(budget - roundBytes, 64L << 20);
                    if (size <= 0 && !round.isEmpty()) {
                        break;
                    }
                    size = Math.max(1, size);
                    roundBytes += size;
                    String si = round.isEmpty() ? firstSi : Ciphertext.randomStorageIndex();
                    round.add(c.upload(si, size, k, n, n, Ciphertext.effectiveSegmentSize(size, k, 131072), 30));
                }
                Await.get(Future.all(round), Duration.ofSeconds(600));
                // a dedup hit too, as the measured runs do: the grid check reads shares back
                Await.get(cs.get(0).upload(firstSi, firstSize, k, n, n,
                        Ciphertext.effectiveSegmentSize(firstSize, k, 131072), 30), Duration.ofSeconds(600));
                dropFinishedShares();
                done += roundBytes;
                lastRound = (MemoryProbe.jitCpuSeconds(h.pid()) - roundJit0) / (roundBytes / 1e6) * 1000;
            }
        } finally {
            for (SimulatedClient c : cs) {
                c.close();
            }
        }
        return new WarmUp(done, MemoryProbe.jitCpuSeconds(h.pid()) - jit0, lastRound);
    }

    /**
     * Waits (at most {@code max}) until the JIT compiler threads of every process in {@code pids}
     * have used no CPU for a second: C2 works through its queue for a while after a warm-up,
     * and would otherwise bill the first measured run for it.
     */
    static void awaitJitQuiet(Duration max, long... pids) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        double last = -2;
        int quiet = 0;
        while (System.nanoTime() < deadline && quiet < 2) {
            double sum = 0;
            for (long pid : pids) {
                sum += MemoryProbe.jitCpuSeconds(pid);
            }
            quiet = sum == last ? quiet + 1 : 0;
            last = sum;
            Thread.sleep(500);
        }
    }

    /**
     * Deletes the finished shares the grid holds so far (its nodes find finished shares on disk
     * only, and no upload is running now), so that a long warm-up does not fill a tmpfs
     * {@code --grid-dir}: 3.3 bytes of shares per ciphertext byte for 3-of-10.
     */
    void dropFinishedShares() throws IOException {
        if (grid == null) {
            return;
        }
        try (Stream<Path> nodes = Files.list(gridDir)) {
            for (Path node : nodes.filter(p -> p.getFileName().toString().startsWith("node-")).toList()) {
                Path shares = node.resolve("storage").resolve("shares");
                if (!Files.isDirectory(shares)) {
                    continue;
                }
                try (Stream<Path> prefixes = Files.list(shares)) {
                    for (Path prefix : prefixes.filter(p -> !p.getFileName().toString().equals("incoming")).toList()) {
                        deleteTree(prefix);
                    }
                }
            }
        }
    }

    /** A simulated client connecting straight to the helper (no proxy copying its bytes). */
    SimulatedClient client(HelperProcess h) {
        SimulatedClient c = new SimulatedClient(h.endpoint());
        closing.add(c);
        return c;
    }

    /** A simulated client connecting to the helper through {@code proxy}. */
    SimulatedClient client(HelperProcess h, DelayProxy proxy) {
        SimulatedClient c = new SimulatedClient(h.endpointVia(proxy.port()));
        closing.add(c);
        return c;
    }

    @Override
    public void close() {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        for (DelayProxy p : proxies) {
            try {
                Await.get(p.close(), Duration.ofSeconds(5));
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (grid != null) {
            grid.close();
        }
        try {
            Await.get(vertx.close(), Duration.ofSeconds(10));
        } catch (Exception ignored) {
            // best effort
        }
        if (System.getenv("LOADTEST_KEEP_WORK") != null) {
            System.err.println("work directory kept: " + dir + (gridDir.startsWith(dir) ? "" : ", grid: " + gridDir));
            return;
        }
        try {
            deleteTree(dir);
            deleteTree(gridDir);
        } catch (IOException ignored) {
            // leave it
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
