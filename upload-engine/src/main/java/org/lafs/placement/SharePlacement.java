package org.lafs.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The "Upload Strategy of Happiness" (Tahoe docs/specifications/servers-of-happiness.rst,
 * "Calculating Share Placements", steps 2-7, and the "Properties" section for leftover shares;
 * gbs-storage-protocol.md section 7.1). Pure, thread-safe.
 *
 * <ol>
 *   <li>M1: maximum matching of read-only servers to the shares they already hold.
 *   <li>M2: maximum matching of writable servers to the shares they already hold, leaving out
 *       the shares used in M1.
 *   <li>M3: maximum matching of the writable servers not used in M2 to all shares not used in
 *       M1 or M2 (new shares).
 *   <li>Leftover shares: kept where a writable server already holds them (a lease renewal),
 *       otherwise spread evenly: each goes to the writable server with the fewest shares so
 *       far, ties to the earlier server in permuted order.
 * </ol>
 *
 * <p>Every matching prefers earlier servers (see {@link BipartiteMatching}), so on an empty grid
 * share i goes to the i-th writable server in permuted order. Two deliberate differences from
 * Tahoe's {@code happiness_upload.share_placement}, both following the specification text
 * rather than the code: step 6's graph holds writable servers only (Tahoe's code can offer a
 * new share to a read-only server, which then refuses it), and a writable server whose existing
 * shares were all taken by M1 stays available for new shares (Tahoe's code drops it, a
 * workaround its own comments question). Tahoe passes unordered sets, so its exact assignment
 * is not reproducible anyway (gbs-storage-protocol.md section 7.1).
 */
public final class SharePlacement {
    private SharePlacement() {}

    /**
     * Computes a placement.
     *
     * @param candidates distinct server ids in permuted order (normally the first 2n)
     * @param readOnly the candidates that accept no new shares (full, refused, or failing);
     *     ids that are not candidates are ignored
     * @param totalShares n: shares 0..n-1 are placed
     * @param existing server -> shares it already holds complete; non-candidates and share
     *     numbers outside 0..n-1 are ignored
     */
    public static Placement place(List<String> candidates, Set<String> readOnly, int totalShares,
                                  Map<String, ? extends Collection<Integer>> existing) {
        if (totalShares < 1 || totalShares > 256) {
            throw new IllegalArgumentException("totalShares must be 1..256, got " + totalShares);
        }
        if (new HashSet<>(candidates).size() != candidates.size()) {
            throw new IllegalArgumentException("candidate server ids must be distinct");
        }
        Map<String, Set<Integer>> held = new HashMap<>();
        for (String s : candidates) {
            Set<Integer> shares = new TreeSet<>();
            Collection<Integer> have = existing.get(s);
            if (have != null) {
                for (Integer share : have) {
                    if (share != null && share >= 0 && share < totalShares) {
                        shares.add(share);
                    }
                }
            }
            held.put(s, shares);
        }
        List<String> readOnlyServers = new ArrayList<>();
        List<String> writable = new ArrayList<>();
        for (String s : candidates) {
            (readOnly.contains(s) ? readOnlyServers : writable).add(s);
        }

        SortedMap<Integer, String> result = new TreeMap<>();
        // Step 2-3 (M1): existing shares on read-only servers.
        result.putAll(BipartiteMatching.maximum(readOnlyServers, held));
        // Step 4-5 (M2): existing shares on writable servers, shares of M1 removed.
        Map<String, Set<Integer>> heldMinusUsed = new HashMap<>();
        for (String s : writable) {
            Set<Integer> rest = new TreeSet<>(held.get(s));
            rest.removeAll(result.keySet());
            heldMinusUsed.put(s, rest);
        }
        Map<Integer, String> m2 = BipartiteMatching.maximum(writable, heldMinusUsed);
        result.putAll(m2);
        // Step 6-7 (M3): new shares on the writable servers M2 did not use.
        Set<Integer> remainingShares = new TreeSet<>();
        for (int i = 0; i < totalShares; i++) {
            if (!result.containsKey(i)) {
                remainingShares.add(i);
            }
        }
        List<String> freeWritable = new ArrayList<>();
        Map<String, Set<Integer>> anyShare = new HashMap<>();
        Set<String> usedByM2 = new HashSet<>(m2.values());
        for (String s : writable) {
            if (!usedByM2.contains(s)) {
                freeWritable.add(s);
                anyShare.put(s, remainingShares);
            }
        }
        result.putAll(BipartiteMatching.maximum(freeWritable, anyShare));

        // Leftovers: renew where a writable server holds them, else spread evenly.
        SortedSet<Integer> homeless = new TreeSet<>();
        for (int i = 0; i < totalShares; i++) {
            if (result.containsKey(i)) {
                continue;
            }
            String holder = null;
            for (String s : writable) {
                if (held.get(s).contains(i)) {
                    holder = s;
                    break;
                }
            }
            if (holder != null) {
                result.put(i, holder);
            } else {
                homeless.add(i);
            }
        }
        if (!writable.isEmpty()) {
            Map<String, Integer> load = new HashMap<>();
            for (String s : writable) {
                load.put(s, 0);
            }
            result.values().forEach(s -> load.computeIfPresent(s, (k, v) -> v + 1));
            for (Integer share : homeless) {
                String best = writable.get(0);
                for (String s : writable) {
                    if (load.get(s) < load.get(best)) {
                        best = s;
                    }
                }
                result.put(share, best);
                load.merge(best, 1, Integer::sum);
            }
            homeless.clear();
        }
        return new Placement(result, homeless);
    }
}
