package org.lafs.upload;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lafs.format.Base32;

/**
 * The grid holds shares under this file's storage index that are not this file's, so many that
 * the file cannot be stored well enough: the storage index is "poisoned" (anyone who knows it can
 * store such shares, and immutable shares cannot be overwritten). Nothing is reported as stored.
 * The message says what the user can do.
 */
public final class PoisonedStorageIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final SortedMap<Integer, Map<String, String>> foreign;

    /**
     * @param foreign the foreign shares: share -> server -> why it is not this file's
     * @param happiness servers of happiness of this file's own shares
     * @param happy the happiness required
     */
    public PoisonedStorageIndexException(byte[] storageIndex, SortedMap<Integer, Map<String, String>> foreign,
                                         int happiness, int happy) {
        super(message(storageIndex, foreign, happiness, happy));
        this.foreign = new TreeMap<>(foreign);
    }

    /** share -> server -> why. */
    public SortedMap<Integer, Map<String, String>> foreign() {
        return new TreeMap<>(foreign);
    }

    private static String message(byte[] si, SortedMap<Integer, Map<String, String>> foreign, int happiness, int happy) {
        int copies = foreign.values().stream().mapToInt(Map::size).sum();
        return "storage index " + Base32.encode(si) + " is poisoned: the grid already holds " + copies + " share(s) under it"
                + " (share numbers " + foreign.keySet() + ") that are not this file's, so this file's shares reach"
                + " happiness " + happiness + " of the " + happy + " required. " + advice();
    }

    /** What a user can do about a poisoned storage index (also said by clients that detect one themselves). */
    public static String advice() {
        return "Stored shares cannot be replaced: upload with another convergence secret or another segment size"
                + " (either gives another storage index), or ask the grid's operators to delete the foreign shares"
                + " (or let their leases expire).";
    }
}
