package org.lafs.client;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The state of one file in the grid (Tahoe's checker results, simplified).
 *
 * @param storageIndex base32 storage index
 * @param k shares needed
 * @param n shares written
 * @param shares good shares found: share number -> server ids holding a good copy
 * @param corrupt shares found corrupt ("3@v0-...: reason"); each was reported with advise-corrupt
 * @param unreachableServers servers that did not answer
 * @param verified whether every block was read and checked (otherwise only the hashes and UEB)
 */
public record CheckReport(String storageIndex, int k, int n, SortedMap<Integer, List<String>> shares,
                          List<String> corrupt, List<String> unreachableServers, boolean verified) {
    public CheckReport {
        shares = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(shares));
        corrupt = List.copyOf(corrupt);
        unreachableServers = List.copyOf(unreachableServers);
    }

    /** Distinct good share numbers. */
    public int goodShares() {
        return shares.size();
    }

    /** Tahoe calls a file healthy when all n shares are present and good. */
    public boolean healthy() {
        return shares.size() >= n;
    }

    /** At least k distinct good shares: the file can be read. */
    public boolean recoverable() {
        return shares.size() >= k;
    }

    /** Servers holding at least one good share. */
    public int serversWithShares() {
        return (int) shares.values().stream().flatMap(List::stream).distinct().count();
    }

    /** As JSON-friendly map (used by the CLI's --json and the node). */
    public Map<String, Object> summary() {
        return Map.of("storage-index", storageIndex, "healthy", healthy(), "recoverable", recoverable(),
                "good-shares", goodShares(), "needed", k, "total", n, "corrupt", corrupt.size());
    }
}
