package org.lafs.helper.foolscap;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who is connected: counts for the connection limits (all, and per IP address), the
 * established connection per client TubID (foolscap keeps one; spec 2.7), and the sequence number
 * we last gave each client as master (negotiate.py {@code master_table}).
 *
 * <p>Threading: thread-safe (connections live on different event loops).
 */
final class ConnectionTable {
    /** Sequence numbers remembered for this many TubIDs, least recently used forgotten first. */
    static final int SEQNUMS = 10_000;

    private final int maxConnections;
    private final int maxPerAddress;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private final Map<String, FoolscapConnection> established = new HashMap<>();
    private final Map<String, Long> seqnums = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> e) {
            return size() > SEQNUMS;
        }
    };
    private int total;

    ConnectionTable(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot for a new connection from {@code address}; false when a limit is reached. */
    synchronized boolean admit(String address) {
        int mine = perAddress.getOrDefault(address, 0);
        if (total >= maxConnections || mine >= maxPerAddress) {
            return false;
        }
        total++;
        perAddress.put(address, mine + 1);
        return true;
    }

    synchronized void release(String address) {
        total--;
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int total() {
        return total;
    }

    /** The next sequence number for a connection we decide as master (starting at 1). */
    synchronized long nextSeqnum(String tubId) {
        long n = seqnums.getOrDefault(tubId, 0L) + 1;
        seqnums.put(tubId, n);
        return n;
    }

    synchronized FoolscapConnection current(String tubId) {
        return established.get(tubId);
    }

    /** Records {@code c} as the connection of {@code tubId}; returns the one it replaces, if any. */
    synchronized FoolscapConnection establish(String tubId, FoolscapConnection c) {
        FoolscapConnection old = established.put(tubId, c);
        return old == c ? null : old;
    }

    synchronized void remove(String tubId, FoolscapConnection c) {
        established.remove(tubId, c);
    }

    synchronized int established() {
        return established.size();
    }
}
