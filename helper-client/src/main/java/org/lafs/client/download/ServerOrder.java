package org.lafs.client.download;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Tahoe's permuted server order for reading (gbs-storage-protocol.md section 7): ascending
 * {@code SHA1(SI || permutation seed)}, bytes compared unsigned. Pure.
 */
public final class ServerOrder {
    private ServerOrder() {}

    public static List<StorageServer> rank(byte[] storageIndex, List<StorageServer> servers) {
        record Keyed(StorageServer s, byte[] h) {}
        List<Keyed> keyed = new ArrayList<>();
        for (StorageServer s : servers) {
            try {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(storageIndex);
                keyed.add(new Keyed(s, sha1.digest(s.permutationSeed())));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required by the Java platform", e);
            }
        }
        keyed.sort(Comparator.comparing(Keyed::h, Arrays::compareUnsigned));
        return keyed.stream().map(Keyed::s).toList();
    }
}
