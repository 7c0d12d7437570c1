package org.lafs.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.chk.EncodingParameters;
import org.lafs.placement.PermutedOrder;
import org.lafs.placement.PlacementException;
import org.lafs.storage.Fault;
import org.lafs.storage.FaultPolicy;

/** A server that dies during the push is replaced while happiness can still be met. */
class PipelineFailoverTest {
    /** Two segments per write: the fault policies count PATCHes, and a server must die mid-push. */
    private static final UploadOptions OPTIONS = UploadOptions.DEFAULTS.withSegmentsPerWrite(2);


    /** After {@code okPatches} successful writes the node drops every connection. */
    private static FaultPolicy diesAfter(int okPatches) {
        AtomicInteger patches = new AtomicInteger();
        boolean[] dead = {false};
        return (method, path) -> {
            if (dead[0] || (HttpMethod.PATCH.equals(method) && patches.incrementAndGet() > okPatches)) {
                dead[0] = true;
                return Fault.disconnect();
            }
            return Fault.NONE;
        };
    }

    /** The server that gets share 0 on an empty grid: the first in permuted order. */
    private static String firstInOrder(GridFixture f, byte[] si) {
        return PermutedOrder.rankIds(si, f.servers.stream().map(UploadServer::ranking).toList()).get(0);
    }

    private record Events(List<String> failed, List<String> moved) implements UploadListener {
        @Override
        public void serverFailed(String serverId, String reason) {
            failed.add(serverId);
        }

        @Override
        public void shareMoved(int share, String from, String to) {
            moved.add(share + ":" + from + "->" + to);
        }
    }

    @Test
    void failedServerIsReplacedAndItsShareRestartsElsewhere(@TempDir Path dir) {
        EncodingParameters p = new EncodingParameters(3, 7, 10, 131072);
        byte[] data = GridFixture.random(1_000_000, 11);
        byte[] si = GridFixture.si(11);
        GridFixture.Offline offline = GridFixture.offline(data, p);
        try (GridFixture f = GridFixture.start(dir, 12)) {
            String victim = firstInOrder(f, si);
            f.grid.node(f.node(victim)).faultPolicy(diesAfter(3));
            Events events = new Events(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()));
            UploadRequest req = new UploadRequest(si, p, GridFixture.source(data), f.servers, f.leases,
                    new MemoryUploadJournal(), events);

            UploadResult r = f.pipeline(OPTIONS).upload(req).await();

            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            assertEquals(List.of(victim), events.failed());
            assertEquals(1, events.moved().size());
            assertTrue(events.moved().get(0).startsWith("0:" + victim + "->"), events.moved().toString());
            assertEquals(10, r.pushedShares());
            assertEquals(10, r.happiness());
            int allocated = (int) offline.result().layout().allocatedSize();
            for (Map.Entry<Integer, Set<String>> e : r.sharemap().entrySet()) {
                String server = e.getValue().iterator().next();
                assertFalse(server.equals(victim));
                assertArrayEquals(offline.shares().get(e.getKey()), f.readShare(f.node(server), si, e.getKey(), allocated));
            }
        }
    }

    @Test
    void failureWithoutReplacementThatKeepsHappinessFailsClearly(@TempDir Path dir) {
        EncodingParameters p = new EncodingParameters(3, 10, 10, 131072);
        byte[] data = GridFixture.random(600_000, 12);
        byte[] si = GridFixture.si(12);
        try (GridFixture f = GridFixture.start(dir, 10)) {
            String victim = firstInOrder(f, si);
            f.grid.node(f.node(victim)).faultPolicy(diesAfter(2));
            UploadException e = assertThrows(UploadException.class, () -> f.pipeline(OPTIONS)
                    .upload(f.request(si, p, GridFixture.source(data), new MemoryUploadJournal())).await());
            assertTrue(e.getMessage().startsWith("server " + victim + " failed during the upload ("), e.getMessage());
            assertTrue(e.getMessage().contains("only 9 of the 10 servers needed are reachable and writable: "
                    + "10 servers known, 0 refused (full), 1 unreachable"), e.getMessage());
            assertTrue(e.getCause() instanceof PlacementException);
        }
    }

    @Test
    void lostAllocateAnswerIsRetriedAndTheSlotsKept(@TempDir Path dir) {
        EncodingParameters p = new EncodingParameters(3, 10, 10, 131072);
        byte[] data = GridFixture.random(300_000, 13);
        byte[] si = GridFixture.si(13);
        GridFixture.Offline offline = GridFixture.offline(data, p);
        try (GridFixture f = GridFixture.start(dir, 10)) {
            String unlucky = firstInOrder(f, si);
            // the server applies the allocation, then drops the connection without answering
            f.grid.node(f.node(unlucky)).faultPolicy(
                    FaultPolicy.times(1, HttpMethod.POST, "/storage/v1/immutable/[a-z2-7]{26}", Fault.dropResponse()));
            UploadResult r = f.pipeline(OPTIONS)
                    .upload(f.request(si, p, GridFixture.source(data), new MemoryUploadJournal())).await();
            assertArrayEquals(offline.result().uebHash(), r.uebHash());
            assertEquals(10, r.happiness(), "happy=10 on 10 servers needs the unlucky one too");
            assertEquals(Set.of(unlucky), r.sharemap().get(0));
        }
    }
}
