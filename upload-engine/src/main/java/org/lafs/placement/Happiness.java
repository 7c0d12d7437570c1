package org.lafs.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "servers of happiness" measure (Tahoe docs/specifications/servers-of-happiness.rst,
 * {@code happinessutil.servers_of_happiness}): the size of a maximum matching in the bipartite
 * graph of servers and shares, with an edge where a server holds (or will hold) a share. A
 * layout with happiness h has h servers each holding a share no other of them holds, so any k
 * of those h servers can recover the file. Pure, thread-safe.
 */
public final class Happiness {
    private Happiness() {}

    /**
     * Happiness of a layout.
     *
     * @param shareToServers share number -> the servers holding (or about to hold) it
     */
    public static int of(Map<Integer, ? extends Collection<String>> shareToServers) {
        Map<String, Set<Integer>> byServer = new LinkedHashMap<>();
        for (Map.Entry<Integer, ? extends Collection<String>> e : shareToServers.entrySet()) {
            for (String server : e.getValue()) {
                byServer.computeIfAbsent(server, x -> new LinkedHashSet<>()).add(e.getKey());
            }
        }
        return BipartiteMatching.maximum(new ArrayList<>(byServer.keySet()), byServer).size();
    }

    /**
     * Happiness of a layout given per server.
     *
     * @param serverToShares server -> the shares it holds (or is about to hold)
     */
    public static int ofServers(Map<String, ? extends Collection<Integer>> serverToShares) {
        List<String> servers = new ArrayList<>(serverToShares.keySet());
        return BipartiteMatching.maximum(servers, serverToShares).size();
    }

    /**
     * Happiness of a placement that puts each share on exactly one server: the number of
     * distinct servers (Tahoe {@code happiness_upload.calculate_happiness}).
     */
    public static int ofPlacement(Map<Integer, String> shareToServer) {
        return (int) shareToServer.values().stream().distinct().count();
    }
}
