package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.EncodingParameters;
import org.lafs.gbs.WriteResult;
import org.lafs.net.EventLoops;
import org.lafs.placement.RankedServer;
import org.lafs.storage.NodeConfig;

/**
 * One upload's server connections spread over the event loops: each server's writes go through
 * its own loop, the next after the previous server's, starting from the pipeline's loop, and
 * their answers still reach the pipeline (the upload is byte for byte what the offline encoder
 * makes). The servers are the real GBS clients of a real local grid, observed through a
 * recording wrapper.
 */
class PipelineLanesTest {
    private static final int LOOPS = 4;
    private static final EncodingParameters P = new EncodingParameters(3, 6, 6, 30_000);

    /** Records which lane each server was taken through, and on which thread its writes completed. */
    private static final class Recording implements UploadServer {
        final UploadServer real;
        final int lane;
        final Map<String, Set<Integer>> lanes;
        final Map<Integer, Set<Thread>> threads;

        Recording(UploadServer real, int lane, Map<String, Set<Integer>> lanes, Map<Integer, Set<Thread>> threads) {
            this.real = real;
            this.lane = lane;
            this.lanes = lanes;
            this.threads = threads;
        }

        @Override
        public UploadServer lane(int l) {
            int bound = Math.floorMod(l, LOOPS);
            lanes.computeIfAbsent(serverId(), x -> ConcurrentHashMap.newKeySet()).add(bound);
            return new Recording(real.lane(l), bound, lanes, threads);
        }

        @Override
        public Future<WriteResult> write(byte[] si, int share, byte[] secret, long offset, Buffer data) {
            // A write answered before andThen is attached runs the handler at once on the calling
            // (pipeline's) thread, which says nothing about where it completed: not recorded.
            Thread caller = Thread.currentThread();
            boolean[] attaching = {true};
            Future<WriteResult> f = real.write(si, share, secret, offset, data).andThen(ar -> {
                if (!(attaching[0] && Thread.currentThread() == caller)) {
                    threads.computeIfAbsent(lane, x -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread());
                }
            });
            attaching[0] = false;
            return f;
        }

        @Override public String serverId() { return real.serverId(); }
        @Override public RankedServer ranking() { return real.ranking(); }
        @Override public byte[] leaseSeed() { return real.leaseSeed(); }
        @Override public Future<Long> maximumImmutableShareSize() { return real.maximumImmutableShareSize(); }
        @Override public Future<Set<Integer>> listShares(byte[] si) { return real.listShares(si); }
        @Override public Future<Allocation> allocate(byte[] si, byte[] r, byte[] c, byte[] u, Set<Integer> s, long size) {
            return real.allocate(si, r, c, u, s, size);
        }
        @Override public Future<Buffer> read(byte[] si, int share, long offset, int length) { return real.read(si, share, offset, length); }
        @Override public Future<Void> abort(byte[] si, int share, byte[] secret) { return real.abort(si, share, secret); }
    }

    @Test
    void oneUploadsServersUseEveryLoopAndTheirAnswersReachThePipeline(@TempDir Path dir) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
        byte[] data = GridFixture.random(600_000, 41);
        GridFixture.Offline offline = GridFixture.offline(data, P);
        try (GridFixture f = GridFixture.startWith(vertx, dir, 6, i -> NodeConfig.of(dir.resolve("node-" + i)))) {
            EventLoops loops = EventLoops.of(vertx);
            Map<String, Set<Integer>> lanes = new ConcurrentHashMap<>();
            Map<Integer, Set<Thread>> threads = new ConcurrentHashMap<>();
            List<UploadServer> servers = new ArrayList<>();
            f.servers.forEach(s -> servers.add(new Recording(s, -1, lanes, threads)));
            UploadRequest req = new UploadRequest(GridFixture.si(41), P, GridFixture.source(data), servers, f.leases,
                    new MemoryUploadJournal(), UploadListener.NONE);
            int home = 2;
            Promise<UploadResult> done = Promise.promise();
            // started on loop 2, the pipeline's context is there
            loops.context(home).runOnContext(v -> f.pipeline(UploadOptions.DEFAULTS).upload(req).onComplete(done));
            UploadResult r = done.future().await();
            assertArrayEquals(offline.result().uebHash(), r.uebHash());

            assertEquals(6, lanes.size(), "every server was given a lane: " + lanes);
            List<Integer> used = new ArrayList<>();
            lanes.values().forEach(s -> {
                assertEquals(1, s.size(), "a server keeps one lane: " + lanes);
                used.addAll(s);
            });
            // six servers from loop 2: lanes 2, 3, 0, 1, 2, 3
            used.sort(null);
            assertEquals(List.of(0, 1, 2, 2, 3, 3), used);
            for (int lane = 0; lane < LOOPS; lane++) {
                Set<Thread> t = threads.get(lane);
                assertTrue(t != null && t.size() == 1, "lane " + lane + " writes completed on " + t);
                assertSame(threadOf(loops, lane), t.iterator().next(), "lane " + lane + " runs on its loop");
            }
        }
    }

    private static Thread threadOf(EventLoops loops, int loop) {
        Promise<Thread> p = Promise.promise();
        loops.context(loop).runOnContext(v -> p.complete(Thread.currentThread()));
        return p.future().await();
    }
}
