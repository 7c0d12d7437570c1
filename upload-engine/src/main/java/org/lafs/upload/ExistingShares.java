package org.lafs.upload;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lafs.chk.encode.ShareTrailers;
import org.lafs.chk.share.ShareClaim;

/**
 * Dedup that trusts nothing: the shares servers said they already held ("already-have" at
 * allocation) count for this upload only once their claim (header, block-tree root, share hash
 * chain, UEB) equals that of this file's own share, which the uploader knows once it has encoded
 * the file. Anyone who knows a storage index can store shares of other data under it; without
 * this check such shares would be reported as this file's, and the cap would name a file no one
 * can read.
 */
final class ExistingShares {
    /**
     * The outcome.
     *
     * @param verified shares that are this file's: share -> servers
     * @param rejected shares that are not: share -> server -> why
     */
    record Verdict(SortedMap<Integer, Set<String>> verified, SortedMap<Integer, Map<String, String>> rejected) {}

    private ExistingShares() {}

    /**
     * Blocking (the block trees may be in the hash scratch file): this file's own claims for the
     * share numbers in {@code claimed}.
     */
    static Map<Integer, ShareClaim> ownClaims(ShareTrailers ours, SortedMap<Integer, Set<String>> claimed) {
        Map<Integer, ShareClaim> out = new TreeMap<>();
        claimed.keySet().forEach(sh -> out.put(sh, ours.claim(sh)));
        return out;
    }

    /**
     * Checks every (share, server) of {@code claimed} against {@code own} ({@link #ownClaims});
     * never fails (an unreadable share is rejected).
     */
    static Future<Verdict> check(Map<String, UploadServer> servers, byte[] si, Map<Integer, ShareClaim> own,
                                 SortedMap<Integer, Set<String>> claimed) {
        record Probe(int share, String server, Future<String> problem) {}
        List<Probe> probes = new ArrayList<>();
        claimed.forEach((share, holders) -> {
            ShareClaim mine = own.get(share);
            for (String id : holders) {
                UploadServer s = servers.get(id);
                Future<String> problem = s == null ? Future.succeededFuture("server no longer configured")
                        : ShareClaims.read((offset, length) -> s.read(si, share, offset, length))
                                .map(c -> c.equals(mine) ? null : "it belongs to another file (UEB hash differs)")
                                .otherwise(err -> "unreadable: " + err.getMessage());
                probes.add(new Probe(share, id, problem));
            }
        });
        return Future.join(probes.stream().map(Probe::problem).toList()).transform(ar -> {
            SortedMap<Integer, Set<String>> ok = new TreeMap<>();
            SortedMap<Integer, Map<String, String>> bad = new TreeMap<>();
            for (Probe p : probes) {
                String why = p.problem().result();
                if (why == null) {
                    ok.computeIfAbsent(p.share(), x -> new LinkedHashSet<>()).add(p.server());
                } else {
                    bad.computeIfAbsent(p.share(), x -> new LinkedHashMap<>()).put(p.server(), why);
                }
            }
            return Future.succeededFuture(new Verdict(ok, bad));
        });
    }
}
