package org.lafs.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maximum bipartite matching between servers and share numbers (augmenting paths, Kuhn's
 * algorithm). Tahoe computes the same maximum size with Edmonds-Karp max-flow
 * ({@code happiness_upload._compute_maximum_graph}); any maximum matching has the same size.
 *
 * <p>Servers are tried in the given order and each server's shares in ascending order, so the
 * result is deterministic and "prefers earlier servers" (servers-of-happiness.rst steps 3, 5,
 * 7): an augmenting path never unmatches a server once matched, so the matched servers are
 * the earliest ones that any maximum matching can use greedily. O(V*E); at most a few hundred
 * servers and 256 shares. Not thread-safe (single use); pure.
 */
final class BipartiteMatching {
    private final List<String> servers;
    private final Map<String, List<Integer>> edges = new HashMap<>();
    private final Map<Integer, String> shareOwner = new HashMap<>();

    private BipartiteMatching(List<String> servers, Map<String, ? extends Collection<Integer>> edges) {
        this.servers = servers;
        for (String s : servers) {
            Collection<Integer> shares = edges.get(s);
            this.edges.put(s, shares == null ? List.of() : new ArrayList<>(new TreeSet<>(shares)));
        }
    }

    /**
     * A maximum matching.
     *
     * @param servers distinct server ids in preference order (earlier preferred)
     * @param edges for each server, the shares it may be matched with (missing = none); servers
     *     not in {@code servers} are ignored
     * @return share -> server for every matched pair, sorted by share number
     */
    static Map<Integer, String> maximum(List<String> servers, Map<String, ? extends Collection<Integer>> edges) {
        BipartiteMatching m = new BipartiteMatching(servers, edges);
        for (String s : servers) {
            m.augment(s, new HashSet<>());
        }
        return new TreeMap<>(m.shareOwner);
    }

    private boolean augment(String server, Set<Integer> visited) {
        // A free share first, so that on a complete graph share i goes to the i-th server.
        for (Integer share : edges.get(server)) {
            if (!shareOwner.containsKey(share)) {
                shareOwner.put(share, server);
                return true;
            }
        }
        for (Integer share : edges.get(server)) {
            if (!visited.add(share)) {
                continue;
            }
            String owner = shareOwner.get(share);
            if (owner == null || augment(owner, visited)) {
                shareOwner.put(share, server);
                return true;
            }
        }
        return false;
    }
}
