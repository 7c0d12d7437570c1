package org.lafs.client.node;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last {@link #KEEP} uploads through the node, for its status page (no caps: only sizes and SIs). Thread-safe. */
final class RecentUploads {
    static final int KEEP = 20;

    record Entry(Instant at, String storageIndex, long size, String mode, long bytesSent, boolean inGrid, long millis) {}

    private final Deque<Entry> entries = new ArrayDeque<>();

    synchronized void add(Entry e) {
        entries.addFirst(e);
        while (entries.size() > KEEP) {
            entries.removeLast();
        }
    }

    synchronized List<Entry> list() {
        return List.copyOf(entries);
    }
}
