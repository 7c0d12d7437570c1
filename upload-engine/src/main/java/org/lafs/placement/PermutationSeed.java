package org.lafs.placement;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.lafs.format.Base32;
import org.lafs.format.TaggedHash;

/**
 * The permutation seed of a server (gbs-storage-protocol.md section 7; Tahoe
 * {@code storage_client._parse_announcement}). Pure, thread-safe.
 */
public final class PermutationSeed {
    /** {@code v0-} followed by the base32 of a 32-byte Ed25519 public key (52 characters). */
    private static final Pattern V0_KEY_ID = Pattern.compile("v0-[a-z2-7]{52}");

    private PermutationSeed() {}

    /**
     * The first rule that applies: the announcement's {@code permutation-seed-base32}, decoded;
     * else the 32 key bytes of a {@code v0-} server id; else {@code SHA256(server id)}.
     *
     * @param serverId the server id as announced
     * @param permutationSeedBase32 the announcement's {@code permutation-seed-base32}, or null
     *     when absent
     * @throws IllegalArgumentException if {@code permutationSeedBase32} is present but not
     *     valid lower-case base32 (Tahoe would fail on it too; a caller should drop the server)
     */
    public static byte[] of(String serverId, String permutationSeedBase32) {
        if (permutationSeedBase32 != null) {
            try {
                return Base32.decode(permutationSeedBase32);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("server " + serverId
                        + " announces an invalid permutation-seed-base32: " + e.getMessage());
            }
        }
        if (V0_KEY_ID.matcher(serverId).matches()) {
            try {
                return Base32.decode(serverId.substring(3));
            } catch (IllegalArgumentException e) {
                // non-zero padding bits: not a key id after all; fall through to the hash rule
            }
        }
        return TaggedHash.sha256().digest(serverId.getBytes(StandardCharsets.UTF_8));
    }
}
