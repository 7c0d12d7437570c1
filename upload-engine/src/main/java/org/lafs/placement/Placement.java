package org.lafs.placement;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A share -> server assignment produced by {@link SharePlacement}: each placed share on exactly
 * one server. Shares that could not be placed (no writable server at all) are listed as
 * homeless. Immutable.
 *
 * @param shareToServer placed shares, sorted by share number
 * @param homeless shares with no server
 */
public record Placement(SortedMap<Integer, String> shareToServer, SortedSet<Integer> homeless) {

    public Placement {
        shareToServer = Collections.unmodifiableSortedMap(new TreeMap<>(shareToServer));
        homeless = Collections.unmodifiableSortedSet(new TreeSet<>(homeless));
    }

    /** The shares assigned to each server, servers in order of their lowest share. */
    public Map<String, SortedSet<Integer>> byServer() {
        Map<String, SortedSet<Integer>> out = new java.util.LinkedHashMap<>();
        shareToServer.forEach((share, server) -> out.computeIfAbsent(server, s -> new TreeSet<>()).add(share));
        return out;
    }

    /** The shares assigned to {@code server} (empty if none). */
    public SortedSet<Integer> sharesFor(String server) {
        SortedSet<Integer> out = new TreeSet<>();
        shareToServer.forEach((share, s) -> {
            if (s.equals(server)) {
                out.add(share);
            }
        });
        return out;
    }

    /** The number of distinct servers used: the happiness of this placement on its own. */
    public int happiness() {
        return Happiness.ofPlacement(shareToServer);
    }

    /** The servers used. */
    public Set<String> servers() {
        return new java.util.LinkedHashSet<>(shareToServer.values());
    }
}
