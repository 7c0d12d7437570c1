package org.lafs.client.download;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Asks every server, all at once, which shares of a storage index it holds, and lists the
 * answers in permuted server order (gbs-storage-protocol.md section 5 steps 1-2). Blocking.
 */
final class ShareFinder {
    /** A share on a server. */
    record Location(StorageServer server, int shnum) {}

    /** The answers: locations in permuted order, and the servers that did not answer. */
    record Found(List<Location> locations, List<String> unreachable) {
        Set<Integer> shareNumbers() {
            Set<Integer> s = new TreeSet<>();
            locations.forEach(l -> s.add(l.shnum()));
            return s;
        }
    }

    private ShareFinder() {}

    static Found find(List<StorageServer> servers, byte[] si, int n, long timeoutMillis) {
        List<StorageServer> ranked = ServerOrder.rank(si, servers);
        Map<StorageServer, Future<Set<Integer>>> asks = new LinkedHashMap<>();
        for (StorageServer s : ranked) {
            Future<Set<Integer>> f;
            try {
                f = s.listShares(si);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            asks.put(s, f);
        }
        List<Location> out = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (Map.Entry<StorageServer, Future<Set<Integer>>> e : asks.entrySet()) {
            try {
                for (int sh : new TreeSet<>(Await.get(e.getValue(), timeoutMillis, "listing shares"))) {
                    if (sh >= 0 && sh < n) {
                        out.add(new Location(e.getKey(), sh));
                    }
                }
            } catch (java.io.IOException ex) {
                unreachable.add(e.getKey().serverId());
            }
        }
        return new Found(out, unreachable);
    }
}
