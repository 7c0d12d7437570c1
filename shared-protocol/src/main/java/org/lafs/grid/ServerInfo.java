package org.lafs.grid;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lafs.format.Base32;
import org.lafs.format.TaggedHash;
import org.lafs.gbs.Nurl;

/**
 * One storage server's announcement (spec section 1): the entry of Tahoe's
 * {@code private/servers.yaml} under {@code storage: <server-id>: ann:}.
 *
 * @param serverId e.g. {@code v0-<52 base32 chars>}
 * @param nickname display name (may be empty)
 * @param furl the {@code anonymous-storage-FURL}, or null when unknown; it holds the lease seed
 * @param nurls the {@code anonymous-storage-NURLs}, possibly empty
 * @param permutationSeedBase32 the {@code permutation-seed-base32}, or null
 *
 * <p>FURL and NURLs carry the swissnum, so {@link #toString()} shows neither.
 */
public record ServerInfo(String serverId, String nickname, String furl, List<Nurl> nurls, String permutationSeedBase32) {
    private static final Pattern V0 = Pattern.compile("v0-([a-z2-7]{52})");
    private static final Pattern FURL = Pattern.compile("pb://([a-z2-7]{32})@[^/]*/[^/#]+");

    public ServerInfo {
        Objects.requireNonNull(serverId, "serverId");
        if (serverId.isEmpty()) {
            throw new IllegalArgumentException("server id must not be empty");
        }
        nickname = nickname == null ? "" : nickname;
        nurls = List.copyOf(nurls);
        if (furl != null && !FURL.matcher(furl).matches()) {
            throw new IllegalArgumentException("malformed anonymous-storage-FURL for server " + serverId);
        }
        if (permutationSeedBase32 != null) {
            Base32.decode(permutationSeedBase32); // validates
        }
    }

    /**
     * The permutation seed (spec section 7): {@code permutation-seed-base32} decoded; else the
     * 32 key bytes of a {@code v0-} server id; else SHA-256 of the server id.
     */
    public byte[] permutationSeed() {
        if (permutationSeedBase32 != null) {
            return Base32.decode(permutationSeedBase32);
        }
        Matcher m = V0.matcher(serverId);
        if (m.matches()) {
            return Base32.decode(m.group(1));
        }
        return TaggedHash.sha256().digest(serverId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The lease seed (spec section 6): the 20-byte tub id from the FURL. Without a FURL (a
     * server configured by NURL only) it falls back to the first 20 bytes of SHA-256 over the
     * server id; leases made that way cannot be renewed by a Tahoe client with the same secret.
     */
    public byte[] leaseSeed() {
        if (furl != null) {
            Matcher m = FURL.matcher(furl);
            if (m.matches()) {
                return Base32.decode(m.group(1));
            }
        }
        byte[] h = TaggedHash.sha256().digest(serverId.getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(h, 20);
    }

    /** The first NURL, which clients use (Tahoe tries all; ours are single-homed). */
    public Nurl nurl() {
        if (nurls.isEmpty()) {
            throw new IllegalStateException("server " + serverId + " announces no NURL");
        }
        return nurls.get(0);
    }

    @Override
    public String toString() {
        return "ServerInfo[" + serverId + (nickname.isEmpty() ? "" : " \"" + nickname + "\"") + ", nurls=" + nurls + "]";
    }
}
