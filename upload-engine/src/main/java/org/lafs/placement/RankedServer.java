package org.lafs.placement;

import java.util.Arrays;
import java.util.Objects;

/**
 * A server as the permuted order sees it: its id, its permutation seed and whether the user
 * listed it in {@code [client] peers.preferred}.
 *
 * @param serverId the announcement's server id (normally {@code v0-} + 52 base32 characters)
 * @param permutationSeed the seed of gbs-storage-protocol.md section 7; see
 *     {@link PermutationSeed#of(String, String)}. Copied on the way in and out.
 * @param preferred preferred servers sort before all others
 */
public record RankedServer(String serverId, byte[] permutationSeed, boolean preferred) {

    public RankedServer {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(permutationSeed, "permutationSeed");
        permutationSeed = permutationSeed.clone();
    }

    /** A non-preferred server whose seed follows the usual rules from its id alone. */
    public static RankedServer of(String serverId) {
        return new RankedServer(serverId, PermutationSeed.of(serverId, null), false);
    }

    @Override
    public byte[] permutationSeed() {
        return permutationSeed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankedServer r
                && serverId.equals(r.serverId)
                && preferred == r.preferred
                && Arrays.equals(permutationSeed, r.permutationSeed);
    }

    @Override
    public int hashCode() {
        return serverId.hashCode() * 31 + Arrays.hashCode(permutationSeed) + (preferred ? 1 : 0);
    }

    @Override
    public String toString() {
        return "RankedServer[" + serverId + (preferred ? ", preferred]" : "]");
    }
}
