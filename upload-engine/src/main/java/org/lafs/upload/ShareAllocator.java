package org.lafs.upload;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.lafs.gbs.LeaseSecrets;
import org.lafs.placement.PermutedOrder;
import org.lafs.placement.PlacementException;
import org.lafs.placement.RankedServer;
import org.lafs.placement.PlacementRounds;

/**
 * Allocates the upload's shares on storage servers, the server-selection stage
 * (gbs-storage-protocol.md section 4 steps 2-6): permuted order, first 2n candidates, version
 * and share listing, allocation rounds with lease secrets derived from the uploader's own lease
 * secret, happiness check. On resume it re-allocates the saved placement with the saved upload
 * secrets; during the push it replaces failed servers.
 *
 * <p>The decisions are made by {@link PlacementRounds} (pure); this class does the I/O. Not
 * thread-safe: used on the pipeline's context only.
 */
final class ShareAllocator {
    private final ContextHop hop;
    private final Map<String, UploadServer> servers = new LinkedHashMap<>();
    private final byte[] si;
    private final int n;
    private final int k;
    private final int happy;
    private final long allocatedSize;
    private final LeaseSecrets leases;
    private final UploadListener listener;

    private PlacementRounds rounds;
    private final SortedMap<Integer, String> shareToServer = new TreeMap<>();
    private final Map<String, byte[]> secrets = new HashMap<>();
    private final SortedSet<Integer> rewrite = new TreeSet<>();
    /** Slots opened by this run, per server: aborted if selection fails. */
    private final Map<String, Set<Integer>> openedHere = new HashMap<>();
    /**
     * Servers whose upload secret came from the journal: a run that died before saving its
     * placement may hold slots there, which now come back "in neither list" (spec section 3.2).
     */
    private final Set<String> inherited = new HashSet<>();
    /** Whether newly placed shares must be rewritten from 0 on a later resume (the journal may be past 0). */
    private boolean flagNewShares;

    ShareAllocator(ContextHop hop, List<UploadServer> known, byte[] si, int k, int happy, int n, long allocatedSize,
                   LeaseSecrets leases, UploadListener listener) {
        this.hop = hop;
        for (UploadServer s : known) {
            if (servers.putIfAbsent(s.serverId(), s) != null) {
                throw new IllegalArgumentException("server " + s.serverId() + " listed twice");
            }
        }
        this.si = si.clone();
        this.k = k;
        this.happy = happy;
        this.n = n;
        this.allocatedSize = allocatedSize;
        this.leases = leases;
        this.listener = listener;
    }

    /**
     * Chooses servers (fresh) or re-opens a saved placement (resume).
     *
     * <p>Every candidate's upload secret is handed to {@code persist} (the journal) before the
     * first allocate request: a helper killed between the servers' allocation and the saving of
     * the placement finds its secrets on restart and can take back the slots it opened, instead
     * of seeing every server "full" for the 30 minutes the servers keep idle slots (spec 3.3).
     *
     * @param persist saves a placement durably (blocking work off the caller's context)
     * @return the shares to write; shares already complete on their server are not included
     */
    Future<List<ShareTarget>> start(Optional<SavedPlacement> saved, Function<SavedPlacement, Future<Void>> persist) {
        List<RankedServer> ranked = PermutedOrder.rank(si, servers.values().stream().map(UploadServer::ranking).toList());
        Set<String> savedServers = new HashSet<>();
        saved.ifPresent(p -> savedServers.addAll(p.shareToServer().values()));
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            String id = ranked.get(i).serverId();
            if (i < PlacementRounds.candidateCount(n) || savedServers.contains(id)) {
                candidates.add(id);
            }
        }
        rounds = new PlacementRounds(candidates, servers.size(), n, k, happy);
        flagNewShares = saved.isPresent();
        saved.ifPresent(p -> p.uploadSecrets().forEach((id, secret) -> {
            secrets.put(id, secret.clone());
            inherited.add(id);
        }));
        boolean newSecrets = false;
        for (String id : candidates) {
            if (!secrets.containsKey(id)) {
                secrets.put(id, LeaseSecrets.randomUploadSecret());
                newSecrets = true;
            }
        }
        Future<Void> secretsSaved = newSecrets ? persist.apply(intent(saved)) : Future.succeededFuture();
        List<ShareTarget> targets = new ArrayList<>();
        return secretsSaved
                .compose(v -> probe(candidates))
                .compose(v -> saved.map(p -> reopen(p, targets)).orElse(Future.succeededFuture()))
                .compose(v -> runRounds())
                .compose(v -> {
                    try {
                        rounds.requireHappy();
                    } catch (PlacementException e) {
                        return abortOpened().transform(ar -> Future.failedFuture(e));
                    }
                    targets.addAll(adopt(dedupe()));
                    return Future.succeededFuture(targets);
                });
    }

    /** The saved placement (or none yet) with this run's secrets: what the journal holds before any allocation. */
    private SavedPlacement intent(Optional<SavedPlacement> saved) {
        return saved.map(p -> new SavedPlacement(p.allocatedSize(), p.shareToServer(), secretsToKeep(p.shareToServer()),
                        p.rewriteFromStart(), p.preexisting()))
                .orElseGet(() -> new SavedPlacement(allocatedSize, new TreeMap<>(), secretsToKeep(Map.of()),
                        new TreeSet<>(), new TreeMap<>()));
    }

    /**
     * The secrets a saved placement carries: those of the servers holding shares and of every
     * candidate (a replacement may open slots on any of them), at most 2n + n entries.
     */
    private Map<String, byte[]> secretsToKeep(Map<Integer, String> placed) {
        Map<String, byte[]> keep = new HashMap<>();
        for (String id : rounds.candidates()) {
            keep.put(id, secrets.get(id));
        }
        placed.values().forEach(id -> keep.put(id, secrets.get(id)));
        return keep;
    }

    /** Happiness of the current layout. */
    int happiness() {
        return rounds == null ? 0 : rounds.happiness();
    }

    /** The placement to save now. */
    SavedPlacement placement() {
        Map<String, byte[]> used = secretsToKeep(shareToServer);
        SortedMap<Integer, Set<String>> pre = new TreeMap<>();
        rounds.existingShares().forEach((server, shares) -> {
            for (Integer sh : shares) {
                if (!server.equals(shareToServer.get(sh))) {
                    pre.computeIfAbsent(sh, x -> new java.util.LinkedHashSet<>()).add(server);
                }
            }
        });
        return new SavedPlacement(allocatedSize, shareToServer, used, rewrite, pre);
    }

    /** Shares this run writes or wrote, and where. */
    SortedMap<Integer, String> shareToServer() {
        return new TreeMap<>(shareToServer);
    }

    /** The share no longer needs a rewrite from offset 0 on resume. */
    void caughtUp(int share) {
        rewrite.remove(share);
    }

    /**
     * A server failed during the push: drops it and allocates its shares elsewhere if
     * happiness still holds afterwards.
     *
     * @return the new share targets (each written from offset 0)
     */
    Future<List<ShareTarget>> replace(String serverId, String reason) {
        flagNewShares = true;
        Set<Integer> lost = new TreeSet<>();
        if (rounds.candidates().contains(serverId)) {
            lost.addAll(rounds.markUnreachable(serverId, reason));
        }
        shareToServer.entrySet().removeIf(e -> {
            if (e.getValue().equals(serverId)) {
                lost.add(e.getKey());
                return true;
            }
            return false;
        });
        UploadServer failed = servers.get(serverId);
        byte[] secret = secrets.get(serverId);
        if (failed != null && secret != null) {
            for (Integer share : lost) {
                failed.abort(si, share, secret); // best effort: it may be down; servers time out slots anyway
            }
        }
        return runRounds().compose(v -> {
            try {
                rounds.requireHappy();
            } catch (PlacementException e) {
                return Future.failedFuture(new UploadException("server " + serverId + " failed during the upload ("
                        + reason + ") and no replacement keeps the file safe: " + e.getMessage(), e));
            }
            List<ShareTarget> moved = adopt(dedupe());
            for (ShareTarget t : moved) {
                listener.shareMoved(t.share(), lost.contains(t.share()) ? serverId : "", t.server().serverId());
            }
            return Future.succeededFuture(moved);
        });
    }

    /** Aborts the slots this run opened (selection failed). Never fails. */
    Future<Void> abortOpened() {
        List<Future<Void>> all = new ArrayList<>();
        openedHere.forEach((server, shares) -> {
            UploadServer s = servers.get(server);
            for (Integer share : shares) {
                all.add(hop.here(s.abort(si, share, secrets.get(server))).otherwiseEmpty());
            }
        });
        openedHere.clear();
        return Future.join(all).mapEmpty().otherwiseEmpty().mapEmpty();
    }

    // ---------------------------------------------------------------- steps

    private Future<Void> probe(List<String> candidates) {
        List<Future<Void>> all = new ArrayList<>();
        for (String id : candidates) {
            UploadServer s = servers.get(id);
            if (s == null) {
                rounds.markUnreachable(id, "not connected");
                continue;
            }
            Future<Long> max = hop.here(s.maximumImmutableShareSize());
            Future<Set<Integer>> list = hop.here(s.listShares(si));
            all.add(Future.join(max, list).transform(ar -> {
                if (max.failed() || list.failed()) {
                    Throwable t = max.failed() ? max.cause() : list.cause();
                    rounds.markUnreachable(id, Failures.describe(t));
                    return Future.succeededFuture();
                }
                rounds.recordExisting(id, list.result());
                if (max.result() < allocatedSize) {
                    rounds.markFull(id);
                }
                return Future.succeededFuture();
            }));
        }
        return Future.join(all).mapEmpty();
    }

    /** Resume: ask the saved servers again with the saved secrets. */
    private Future<Void> reopen(SavedPlacement saved, List<ShareTarget> targets) {
        rewrite.addAll(saved.rewriteFromStart());
        Map<String, Set<Integer>> byServer = new LinkedHashMap<>();
        saved.shareToServer().forEach((share, server) -> byServer.computeIfAbsent(server, x -> new TreeSet<>()).add(share));
        List<Future<Void>> all = new ArrayList<>();
        byServer.forEach((serverId, shares) -> {
            UploadServer s = servers.get(serverId);
            if (s == null || rounds.isUnreachable(serverId)) {
                return; // its shares are placed again by the rounds
            }
            byte[] secret = saved.uploadSecret(serverId);
            secrets.put(serverId, secret);
            all.add(hop.here(s.allocate(si, leases.renewSecret(si, s.leaseSeed()), leases.cancelSecret(si, s.leaseSeed()),
                    secret, shares, allocatedSize)).transform(ar -> {
                if (ar.failed()) {
                    rounds.markUnreachable(serverId, Failures.describe(ar.cause()));
                    return Future.succeededFuture();
                }
                Set<Integer> mine = new TreeSet<>();
                for (Integer share : shares) {
                    shareToServer.put(share, serverId);
                    if (ar.result().alreadyHave().contains(share)) {
                        rewrite.remove(share);
                        continue; // complete: placed, nothing to write
                    }
                    mine.add(share);
                    boolean fresh = ar.result().allocated().contains(share);
                    if (fresh) {
                        rewrite.add(share); // the old slot is gone (timed out): start again
                    }
                    targets.add(new ShareTarget(share, s, secret, fresh || rewrite.contains(share)));
                }
                // "in neither list" = in progress, ours: count it as allocated (spec section 3.2)
                rounds.recordAllocation(serverId, shares, ar.result().alreadyHave(), mine);
                return Future.succeededFuture();
            }));
        });
        return Future.join(all).mapEmpty();
    }

    /** Allocation rounds until nothing changes (see {@link PlacementRounds#shouldRetry()}). */
    private Future<Void> runRounds() {
        if (!rounds.shouldRetry()) {
            return Future.succeededFuture();
        }
        Map<String, SortedSet<Integer>> requests = rounds.nextRequests();
        if (requests.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<Void>> all = new ArrayList<>();
        requests.forEach((serverId, shares) -> {
            UploadServer s = servers.get(serverId);
            byte[] secret = secrets.get(serverId); // drawn for every candidate and journaled in start()
            boolean mayHoldOurs = inherited.contains(serverId);
            byte[] renew = leases.renewSecret(si, s.leaseSeed());
            byte[] cancel = leases.cancelSecret(si, s.leaseSeed());
            // One retry with the same secret: if the first answer was lost after the server
            // applied it, the slots are ours and come back "in neither list" (spec section 3.2).
            Future<UploadServer.Allocation> first = hop.here(s.allocate(si, renew, cancel, secret, shares, allocatedSize));
            Future<Boolean> retried = first.transform(ar -> Future.succeededFuture(ar.failed()));
            Future<UploadServer.Allocation> answer = first.recover(t ->
                    hop.here(s.allocate(si, renew, cancel, secret, shares, allocatedSize)));
            all.add(answer.transform(ar -> {
                if (ar.failed()) {
                    rounds.markUnreachable(serverId, Failures.describe(ar.cause()));
                    return Future.succeededFuture();
                }
                Set<Integer> opened = new TreeSet<>(ar.result().allocated());
                opened.retainAll(shares);
                if (mayHoldOurs || Boolean.TRUE.equals(retried.result())) {
                    for (Integer share : shares) {
                        if (!ar.result().alreadyHave().contains(share)) {
                            opened.add(share); // in progress, taken to be ours; a 401 on write would say otherwise
                        }
                    }
                }
                openedHere.computeIfAbsent(serverId, x -> new TreeSet<>()).addAll(opened);
                rounds.recordAllocation(serverId, shares, ar.result().alreadyHave(), opened);
                return Future.succeededFuture();
            }));
        });
        return Future.join(all).transform(ar -> runRounds());
    }

    /** One server per share: the first in permuted order keeps it, other slots are aborted. */
    private Map<Integer, String> dedupe() {
        Map<Integer, String> chosen = new TreeMap<>();
        rounds.allocations().forEach((server, shares) -> {
            for (Integer share : shares) {
                String current = shareToServer.get(share);
                if (server.equals(current)) {
                    chosen.put(share, server);
                }
            }
        });
        List<String[]> extra = new ArrayList<>();
        rounds.allocations().forEach((server, shares) -> {
            for (Integer share : shares) {
                if (!chosen.containsKey(share)) {
                    chosen.put(share, server);
                } else if (!chosen.get(share).equals(server)) {
                    extra.add(new String[] {server, Integer.toString(share)});
                }
            }
        });
        for (String[] e : extra) {
            int share = Integer.parseInt(e[1]);
            rounds.releaseAllocation(e[0], Set.of(share));
            servers.get(e[0]).abort(si, share, secrets.get(e[0]));
            Set<Integer> opened = openedHere.get(e[0]);
            if (opened != null) {
                opened.remove(share);
            }
        }
        return chosen;
    }

    /** Targets for shares newly assigned (not yet in {@link #shareToServer}); each from offset 0. */
    private List<ShareTarget> adopt(Map<Integer, String> chosen) {
        List<ShareTarget> out = new ArrayList<>();
        chosen.forEach((share, server) -> {
            if (server.equals(shareToServer.get(share))) {
                return;
            }
            shareToServer.put(share, server);
            if (flagNewShares) {
                rewrite.add(share);
            }
            out.add(new ShareTarget(share, servers.get(server), secrets.get(server), true));
        });
        return out;
    }
}
