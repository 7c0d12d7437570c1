package org.lafs.storage.disk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lafs.gbs.ByteRange;

/**
 * A set of disjoint half-open byte ranges, merged on insert (Tahoe's {@code RangeMap} of written
 * ranges in {@code BucketWriter}). Not thread-safe.
 */
public final class RangeSet {
    private final TreeMap<Long, Long> ranges = new TreeMap<>(); // start -> end

    /** Adds {@code [start, end)}, merging with touching or overlapping ranges. */
    public void add(long start, long end) {
        if (end <= start) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            ranges.remove(before.getKey());
        }
        Map.Entry<Long, Long> next;
        while ((next = ranges.ceilingEntry(start)) != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
        }
        ranges.put(start, end);
    }

    /** The parts of {@code [start, end)} that are in this set, in order. */
    public List<ByteRange> intersect(long start, long end) {
        List<ByteRange> out = new ArrayList<>();
        Map.Entry<Long, Long> first = ranges.floorEntry(start);
        Long from = first != null && first.getValue() > start ? first.getKey() : ranges.ceilingKey(start);
        if (from == null) {
            return out;
        }
        for (Map.Entry<Long, Long> e : ranges.tailMap(from, true).entrySet()) {
            if (e.getKey() >= end) {
                break;
            }
            long s = Math.max(start, e.getKey());
            long t = Math.min(end, e.getValue());
            if (t > s) {
                out.add(new ByteRange(s, t));
            }
        }
        return out;
    }

    /** The parts of {@code [0, size)} not in this set: the {@code required} list of spec 3.3. */
    public List<ByteRange> missing(long size) {
        List<ByteRange> out = new ArrayList<>();
        long pos = 0;
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            if (e.getKey() >= size) {
                break;
            }
            if (e.getKey() > pos) {
                out.add(new ByteRange(pos, e.getKey()));
            }
            pos = Math.max(pos, e.getValue());
        }
        if (pos < size) {
            out.add(new ByteRange(pos, size));
        }
        return out;
    }

    /** True when {@code [0, size)} is fully covered. */
    public boolean covers(long size) {
        Map.Entry<Long, Long> e = ranges.firstEntry();
        return size == 0 || (e != null && e.getKey() == 0 && e.getValue() >= size);
    }

    /** Text form {@code a-b,c-d} (half-open), for the upload state file. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        ranges.forEach((s, e) -> sb.append(sb.length() == 0 ? "" : ",").append(s).append('-').append(e));
        return sb.toString();
    }

    /** Parses {@link #format()} output. */
    public static RangeSet parse(String text) {
        RangeSet r = new RangeSet();
        if (text.isBlank()) {
            return r;
        }
        for (String part : text.strip().split(",")) {
            int dash = part.indexOf('-');
            r.add(Long.parseLong(part.substring(0, dash)), Long.parseLong(part.substring(dash + 1)));
        }
        return r;
    }
}
