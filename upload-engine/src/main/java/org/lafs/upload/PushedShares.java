package org.lafs.upload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The shares a push is writing, by share number. Confined to the pipeline's context. */
final class PushedShares {
    private final Map<Integer, PushedShare> live = new TreeMap<>();

    void put(PushedShare s) {
        live.put(s.number, s);
    }

    /** The live shares, in share order (a view: do not add or drop shares while iterating). */
    Collection<PushedShare> all() {
        return live.values();
    }

    /** A copy of the live shares, for loops whose work may add or drop shares. */
    List<PushedShare> snapshot() {
        return new ArrayList<>(live.values());
    }

    /** Marks the shares on {@code serverId} failed and drops them. */
    void dropServer(String serverId) {
        for (PushedShare s : live.values()) {
            if (s.server.serverId().equals(serverId)) {
                s.failed = true;
            }
        }
        live.values().removeIf(s -> s.failed);
    }

    /** Whether any share still needs the block of {@code segment}. */
    boolean anyNeeds(int segment) {
        boolean any = false;
        for (PushedShare s : live.values()) {
            any |= !s.failed && s.needed.get(segment);
        }
        return any;
    }

    /** Whether every share has its header and the block of {@code segment} acknowledged. */
    boolean allAcked(int segment) {
        for (PushedShare s : live.values()) {
            if (s.headerPending || s.needed.get(segment)) {
                return false;
            }
        }
        return true;
    }

    /** The first segment any share still needs, or {@code bound} when that is lower. */
    int firstNeeded(int bound) {
        int first = bound;
        for (PushedShare s : live.values()) {
            int b = s.needed.nextSetBit(0);
            if (b >= 0) {
                first = Math.min(first, b);
            }
        }
        return first;
    }

    /** Share -> server id. */
    Map<Integer, String> pushedTo() {
        Map<Integer, String> out = new TreeMap<>();
        live.forEach((n, s) -> out.put(n, s.server.serverId()));
        return out;
    }
}
