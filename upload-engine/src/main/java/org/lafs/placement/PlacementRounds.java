package org.lafs.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The allocation rounds of one upload's server selection, as pure decisions: what it has learnt
 * about its candidate servers while choosing where shares go
 * (gbs-storage-protocol.md section 4 steps 2-6; Tahoe {@code Tahoe2ServerSelector}). The caller
 * does the I/O: it lists existing shares, asks for {@link #nextRequests()}, sends those
 * allocate requests, feeds back the answers, and repeats while {@link #shouldRetry()}.
 *
 * <p>Not thread-safe: confine to one thread (or one Vert.x context). No I/O.
 */
public final class PlacementRounds {
    private final List<String> candidates;
    private final int knownServers;
    private final int totalShares;
    private final int neededShares;
    private final int happy;

    private final Map<String, Set<Integer>> existing = new HashMap<>();
    private final Map<String, Set<Integer>> allocated = new HashMap<>();
    private final Map<String, Set<Integer>> asked = new HashMap<>();
    private final Set<String> full = new HashSet<>();
    private final Map<String, String> unreachable = new LinkedHashMap<>();
    private int rounds;
    /** Bumped whenever knowledge changes in a way that can change the plan. */
    private int version;
    private int versionAtLastCheck = -1;

    /**
     * @param candidates server ids in permuted order, already cut to the first 2n
     * @param knownServers all servers known for the upload (for messages; at least the candidates)
     * @param totalShares n (1..256)
     * @param neededShares k (1..n)
     * @param happy servers of happiness required (1..n)
     */
    public PlacementRounds(List<String> candidates, int knownServers, int totalShares, int neededShares, int happy) {
        if (totalShares < 1 || totalShares > 256 || neededShares < 1 || neededShares > totalShares
                || happy < 1 || happy > totalShares) {
            throw new IllegalArgumentException("need 1 <= k <= n <= 256 and 1 <= happy <= n; got k=" + neededShares
                    + " happy=" + happy + " n=" + totalShares);
        }
        if (new HashSet<>(candidates).size() != candidates.size()) {
            throw new IllegalArgumentException("candidate server ids must be distinct");
        }
        this.candidates = List.copyOf(candidates);
        this.knownServers = Math.max(knownServers, candidates.size());
        this.totalShares = totalShares;
        this.neededShares = neededShares;
        this.happy = happy;
    }

    /** Tahoe considers the first {@code 2n} servers in permuted order (upload.py). */
    public static int candidateCount(int totalShares) {
        return 2 * totalShares;
    }

    public List<String> candidates() {
        return candidates;
    }

    /** Records complete shares a server holds (from listing its shares, or {@code already-have}). */
    public void recordExisting(String server, Collection<Integer> shares) {
        requireCandidate(server);
        Set<Integer> set = existing.computeIfAbsent(server, s -> new TreeSet<>());
        for (Integer share : shares) {
            if (share != null && share >= 0 && share < totalShares && set.add(share)) {
                version++;
            }
        }
    }

    /** The server cannot take new shares of this size (its version says so). It stays a source of existing shares. */
    public void markFull(String server) {
        requireCandidate(server);
        if (full.add(server)) {
            version++;
        }
    }

    /**
     * The server failed a request. It is dropped: its existing shares no longer count and its
     * allocations are forgotten.
     *
     * @param reason a short reason for messages (no secrets)
     * @return the shares that had been allocated there (the caller aborts/replaces them)
     */
    public SortedSet<Integer> markUnreachable(String server, String reason) {
        requireCandidate(server);
        if (unreachable.put(server, reason) == null) {
            version++;
        }
        existing.remove(server);
        asked.remove(server);
        Set<Integer> lost = allocated.remove(server);
        return lost == null ? new TreeSet<>() : new TreeSet<>(lost);
    }

    public boolean isUnreachable(String server) {
        return unreachable.containsKey(server);
    }

    /** The placement that the current knowledge suggests; allocated shares count as held. */
    public Placement plan() {
        List<String> live = new ArrayList<>();
        for (String s : candidates) {
            if (!unreachable.containsKey(s)) {
                live.add(s);
            }
        }
        return SharePlacement.place(live, full, totalShares, held());
    }

    /**
     * The allocate requests to send now: for each server, the shares the plan puts there, when
     * they differ from what was already asked of it and are not all held or allocated there.
     * Read-only servers are asked once for their planned (existing) shares so that their
     * leases get renewed, as Tahoe does. Marks the requests as asked.
     */
    public Map<String, SortedSet<Integer>> nextRequests() {
        rounds++;
        Map<String, SortedSet<Integer>> out = new LinkedHashMap<>();
        Map<String, SortedSet<Integer>> byServer = plan().byServer();
        for (String server : candidates) {
            SortedSet<Integer> planned = byServer.get(server);
            if (planned == null) {
                continue;
            }
            Set<Integer> before = asked.get(server);
            if (before != null && before.containsAll(planned)) {
                continue;
            }
            Set<Integer> have = new HashSet<>(existing.getOrDefault(server, Set.of()));
            have.addAll(allocated.getOrDefault(server, Set.of()));
            if (before != null && have.containsAll(planned)) {
                continue;
            }
            out.put(server, planned);
            asked.computeIfAbsent(server, s -> new TreeSet<>()).addAll(planned);
        }
        return out;
    }

    /**
     * Records an allocate answer. A server that neither allocated nor already had any requested
     * share is marked full (Tahoe treats it as read-only from then on).
     *
     * @param requested the shares asked for
     * @param alreadyHave the server's {@code already-have} list (all its complete shares)
     * @param allocatedNow shares allocated for this upload; include shares "in neither list"
     *     that are known to be this upload's own (a resumed upload with its saved secret)
     */
    public void recordAllocation(String server, Collection<Integer> requested, Collection<Integer> alreadyHave,
                                 Collection<Integer> allocatedNow) {
        requireCandidate(server);
        recordExisting(server, alreadyHave);
        asked.computeIfAbsent(server, s -> new TreeSet<>()).addAll(requested);
        Set<Integer> set = allocated.computeIfAbsent(server, s -> new TreeSet<>());
        for (Integer share : allocatedNow) {
            if (share != null && share >= 0 && share < totalShares && set.add(share)) {
                version++;
            }
        }
        boolean progress = !allocatedNow.isEmpty();
        for (Integer r : requested) {
            progress |= alreadyHave.contains(r);
        }
        if (!progress && full.add(server)) {
            version++;
        }
    }

    /** Forgets that shares are allocated on a server (the caller aborted them), keeping the server usable. */
    public void releaseAllocation(String server, Collection<Integer> shares) {
        Set<Integer> set = allocated.get(server);
        if (set != null && set.removeAll(shares)) {
            version++;
        }
        Set<Integer> a = asked.get(server);
        if (a != null) {
            a.removeAll(shares);
        }
    }

    /**
     * Whether another round of {@link #nextRequests()} may help: the first round always runs;
     * later ones only when the last round changed something (a refusal, a failure, a new
     * allocation), so the loop ends; bounded by 2n + 2 rounds. The caller also stops when
     * {@link #nextRequests()} returns nothing. Unlike Tahoe, which stops as soon as happiness
     * is met, this keeps going while shares can still be placed, so all n shares get a home
     * whenever the grid allows it.
     */
    public boolean shouldRetry() {
        boolean changed = version != versionAtLastCheck;
        versionAtLastCheck = version;
        if (rounds == 0) {
            return true;
        }
        return changed && rounds <= 2 * totalShares + 2;
    }

    /** share -> servers that hold it complete or have it allocated for this upload. */
    public SortedMap<Integer, Set<String>> layout() {
        SortedMap<Integer, Set<String>> out = new TreeMap<>();
        held().forEach((server, shares) -> {
            for (Integer share : shares) {
                out.computeIfAbsent(share, x -> new LinkedHashSet<>()).add(server);
            }
        });
        return out;
    }

    /** Shares allocated for this upload per server (to be pushed), servers in permuted order. */
    public Map<String, SortedSet<Integer>> allocations() {
        Map<String, SortedSet<Integer>> out = new LinkedHashMap<>();
        for (String s : candidates) {
            Set<Integer> set = allocated.get(s);
            if (set != null && !set.isEmpty()) {
                out.put(s, new TreeSet<>(set));
            }
        }
        return out;
    }

    /** Complete shares found per server (reachable servers only), servers in permuted order. */
    public Map<String, SortedSet<Integer>> existingShares() {
        Map<String, SortedSet<Integer>> out = new LinkedHashMap<>();
        for (String s : candidates) {
            Set<Integer> set = existing.get(s);
            if (set != null && !set.isEmpty()) {
                out.put(s, new TreeSet<>(set));
            }
        }
        return out;
    }

    /** Happiness of {@link #layout()}. */
    public int happiness() {
        return Happiness.of(layout());
    }

    /** @throws PlacementException with a plain-words reason when happiness is below {@code happy} */
    public void requireHappy() {
        int h = happiness();
        if (h < happy) {
            throw new PlacementException(h, happy, neededShares, counts());
        }
    }

    /** Counts for messages and metrics. */
    public PlacementException.ServerCounts counts() {
        int usable = 0;
        for (String s : candidates) {
            if (unreachable.containsKey(s)) {
                continue;
            }
            boolean holds = !existing.getOrDefault(s, Set.of()).isEmpty() || !allocated.getOrDefault(s, Set.of()).isEmpty();
            if (holds || !full.contains(s)) {
                usable++;
            }
        }
        int fullCount = 0;
        for (String s : full) {
            if (!unreachable.containsKey(s)) {
                fullCount++;
            }
        }
        return new PlacementException.ServerCounts(knownServers, candidates.size(), fullCount, unreachable.size(), usable);
    }

    private Map<String, Set<Integer>> held() {
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        for (String s : candidates) {
            if (unreachable.containsKey(s)) {
                continue;
            }
            Set<Integer> set = new TreeSet<>(existing.getOrDefault(s, Set.of()));
            set.addAll(allocated.getOrDefault(s, Set.of()));
            if (!set.isEmpty()) {
                out.put(s, set);
            }
        }
        return out;
    }

    private void requireCandidate(String server) {
        if (!candidates.contains(server)) {
            throw new IllegalArgumentException("not a candidate server: " + server);
        }
    }
}
