package org.lafs.upload;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lafs.format.Base32;

/**
 * The outcome of one encode-and-push (helper-semantics.md section 2.4 lists what Tahoe's helper
 * reports; this carries the same facts). Immutable.
 *
 * @param fileSize ciphertext bytes
 * @param uebHash the 32-byte UEB hash that goes into the cap
 * @param uebBytes the serialized UEB
 * @param sharemap shares this run pushed: share -> server ids
 * @param preexisting shares servers already held complete: share -> server ids
 * @param happiness servers of happiness of the final layout
 * @param bytesPushed share bytes acknowledged by servers in this run (retries included)
 * @param ciphertextRead ciphertext bytes read from the source in this run
 * @param timings where the time went
 */
public record UploadResult(long fileSize, byte[] uebHash, byte[] uebBytes, SortedMap<Integer, Set<String>> sharemap,
                           SortedMap<Integer, Set<String>> preexisting, int happiness, long bytesPushed,
                           long ciphertextRead, Timings timings) {

    /**
     * Durations of the phases (Tahoe's helper reports the same phases).
     *
     * @param total the whole pipeline run
     * @param serverSelection permuted order, share listing, allocation rounds
     * @param encoding summed worker time spent hashing and erasure-coding segments
     * @param pushing from the first block write to the last block acknowledgement
     * @param hashesAndClose building hash trees and UEB, writing trailers, closing shares
     */
    public record Timings(Duration total, Duration serverSelection, Duration encoding, Duration pushing,
                          Duration hashesAndClose) {}

    public UploadResult {
        uebHash = uebHash.clone();
        uebBytes = uebBytes.clone();
        sharemap = copy(sharemap);
        preexisting = copy(preexisting);
    }

    private static SortedMap<Integer, Set<String>> copy(Map<Integer, Set<String>> m) {
        TreeMap<Integer, Set<String>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        return Collections.unmodifiableSortedMap(out);
    }

    @Override
    public byte[] uebHash() {
        return uebHash.clone();
    }

    @Override
    public byte[] uebBytes() {
        return uebBytes.clone();
    }

    /** Number of share numbers this run pushed. */
    public int pushedShares() {
        return sharemap.size();
    }

    /** Number of distinct share numbers that servers already held. */
    public int preexistingShares() {
        return preexisting.size();
    }

    /** Pushed shares per server: server id -> share numbers. */
    public SortedMap<String, Set<Integer>> servermap() {
        TreeMap<String, Set<Integer>> out = new TreeMap<>();
        sharemap.forEach((share, servers) -> servers.forEach(s -> out.computeIfAbsent(s, x -> new TreeSet<>()).add(share)));
        return out;
    }

    @Override
    public String toString() {
        return "UploadResult[size=" + fileSize + ", uebHash=" + Base32.encode(uebHash) + ", pushed=" + pushedShares()
                + ", preexisting=" + preexistingShares() + ", happiness=" + happiness + ", bytesPushed=" + bytesPushed + "]";
    }
}
