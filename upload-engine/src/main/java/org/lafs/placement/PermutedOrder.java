package org.lafs.placement;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Tahoe's permuted server order for a storage index (gbs-storage-protocol.md section 7; Tahoe
 * {@code StorageFarmBroker.get_servers_for_psi} and {@code hashutil.permute_server_hash}).
 * Pure, thread-safe.
 */
public final class PermutedOrder {
    private PermutedOrder() {}

    /** {@code SHA1(storageIndex || permutationSeed)}: the second part of the sort key. */
    public static byte[] permutedHash(byte[] storageIndex, byte[] permutationSeed) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
        sha1.update(storageIndex);
        return sha1.digest(permutationSeed);
    }

    /**
     * Sorts servers by {@code (not preferred, SHA1(SI || seed))}, ascending, the digest compared
     * as unsigned bytes. Ties (equal seeds) keep the input order (a stable sort).
     *
     * @param storageIndex the 16-byte storage index (any length is hashed as given)
     * @return a new list; the input is not modified
     */
    public static List<RankedServer> rank(byte[] storageIndex, List<RankedServer> servers) {
        record Keyed(RankedServer server, byte[] digest) {}
        List<Keyed> keyed = new ArrayList<>(servers.size());
        for (RankedServer s : servers) {
            keyed.add(new Keyed(s, permutedHash(storageIndex, s.permutationSeed())));
        }
        keyed.sort(Comparator.comparing((Keyed k) -> !k.server().preferred())
                .thenComparing(Keyed::digest, Arrays::compareUnsigned));
        List<RankedServer> out = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            out.add(k.server());
        }
        return out;
    }

    /** {@link #rank} reduced to server ids. */
    public static List<String> rankIds(byte[] storageIndex, List<RankedServer> servers) {
        return rank(storageIndex, servers).stream().map(RankedServer::serverId).toList();
    }
}
