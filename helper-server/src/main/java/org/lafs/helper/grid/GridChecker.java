package org.lafs.helper.grid;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.lafs.chk.share.CorruptShareException;
import org.lafs.chk.share.ShareClaim;
import org.lafs.chk.share.UriExtension;
import org.lafs.format.Base32;
import org.lafs.gbs.GbsClient;
import org.lafs.grid.ServerInfo;
import org.lafs.log.Log;
import org.lafs.helper.push.PipelineResults;
import org.lafs.helper.upload.GridProbe;
import org.lafs.helper.upload.HelperResult;
import org.lafs.placement.PermutedOrder;
import org.lafs.placement.RankedServer;
import org.lafs.upload.ShareClaims;

/**
 * "Is this file already in the grid?" (helper-semantics.md section 4, tightened).
 *
 * <ol>
 *   <li>Ask every server, in permuted order for the SI, which complete shares it holds (servers
 *       that fail are skipped).
 *   <li>For every share number, read the {@link ShareClaim} of its holders in that order (header,
 *       block-tree root, share hash chain, UEB: a few hundred bytes each) until one is
 *       consistent: its header is the layout its UEB implies and its chain leads from its block
 *       root to its UEB's share root.
 *   <li>Present only if one UEB has a consistent share for every share number 0..N-1 of its
 *       {@code total_shares} N. Tahoe read one arbitrary share and validated nothing.
 * </ol>
 * The helper does not know the file, so shares of other data stored under the same storage index
 * that are complete and consistent in themselves pass; the client, which knows its crypttext
 * hashes, checks the UEB before it builds a cap (docs/security.md). Adds no leases (like Tahoe).
 * Never fails: any problem means "not present".
 */
public final class GridChecker implements GridProbe {
    private final GridConnection grid;

    public GridChecker(GridConnection grid) {
        this.grid = grid;
    }

    @Override
    public Future<HelperResult> probe(byte[] si) {
        List<RankedServer> ranking = new ArrayList<>();
        for (ServerInfo s : grid.servers()) {
            ranking.add(new RankedServer(s.serverId(), s.permutationSeed(), false));
        }
        List<RankedServer> ordered = PermutedOrder.rank(si, ranking);
        List<Future<Set<Integer>>> asks = new ArrayList<>();
        for (RankedServer r : ordered) {
            asks.add(grid.client(r.serverId()).listShares(si).otherwise(err -> Set.of()));
        }
        return Future.join(asks).transform(ar -> {
            Map<Integer, List<String>> shares = new TreeMap<>();
            for (int i = 0; i < ordered.size(); i++) {
                Set<Integer> held = asks.get(i).result();
                for (int sh : held == null ? Set.<Integer>of() : held) {
                    shares.computeIfAbsent(sh, x -> new ArrayList<>()).add(ordered.get(i).serverId());
                }
            }
            if (shares.isEmpty()) {
                return Future.succeededFuture((HelperResult) null);
            }
            return readClaims(si, shares).map(claims -> decide(shares, claims));
        }).otherwise(err -> {
            Log.warn("grid-check-failed", "error", String.valueOf(err.getMessage()));
            return null;
        });
    }

    /** Share number -> the UEB of its first consistent holder (absent when none is). */
    private Future<Map<Integer, byte[]>> readClaims(byte[] si, Map<Integer, List<String>> shares) {
        Map<Integer, Future<byte[]>> reads = new TreeMap<>();
        shares.forEach((sh, holders) -> reads.put(sh, firstConsistent(si, sh, holders, 0)));
        return Future.join(new ArrayList<>(reads.values())).transform(ar -> {
            Map<Integer, byte[]> out = new TreeMap<>();
            reads.forEach((sh, f) -> {
                if (f.succeeded() && f.result() != null) {
                    out.put(sh, f.result());
                }
            });
            return Future.succeededFuture(out);
        });
    }

    private Future<byte[]> firstConsistent(byte[] si, int sh, List<String> holders, int i) {
        if (i >= holders.size()) {
            return Future.succeededFuture(null);
        }
        GbsClient c = grid.client(holders.get(i));
        return ShareClaims.read((offset, length) -> c.read(si, sh, offset, length)).compose(claim -> {
            try {
                claim.consistentUeb(sh);
                return Future.succeededFuture(claim.uebBytes());
            } catch (CorruptShareException e) {
                return Future.failedFuture(e);
            }
        }).recover(err -> {
            Log.info("grid-check-share-rejected", "share", sh, "server", holders.get(i), "why", String.valueOf(err.getMessage()));
            return firstConsistent(si, sh, holders, i + 1);
        });
    }

    /**
     * In the grid when one UEB has a consistent share for each of its N share numbers. Should two
     * UEBs both be complete (shares of other data stored under the same storage index), the one
     * whose shares the permuted order reaches first (share 0's) is reported; the client checks it.
     */
    private static HelperResult decide(Map<Integer, List<String>> shares, Map<Integer, byte[]> uebs) {
        Map<String, List<Integer>> byUeb = new LinkedHashMap<>();
        Map<String, byte[]> bytes = new HashMap<>();
        uebs.forEach((sh, u) -> {
            String h = Base32.encode(UriExtension.hash(u));
            byUeb.computeIfAbsent(h, x -> new ArrayList<>()).add(sh);
            bytes.put(h, u);
        });
        for (Map.Entry<String, List<Integer>> e : byUeb.entrySet()) {
            byte[] first = bytes.get(e.getKey());
            UriExtension ueb;
            try {
                ueb = UriExtension.parse(first);
            } catch (RuntimeException ex) {
                continue;
            }
            int n = ueb.geometry().n();
            if (!e.getValue().containsAll(java.util.stream.IntStream.range(0, n).boxed().toList())) {
                continue;
            }
            Map<Integer, List<String>> held = new TreeMap<>();
            for (int sh = 0; sh < n; sh++) {
                held.put(sh, shares.get(sh));
            }
            return new HelperResult("in-grid", UriExtension.hash(first), PipelineResults.uebFields(ueb), held, 0, held.size(), 0,
                    Map.of(), null, null);
        }
        return null;
    }
}
