package org.lafs.storage.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lafs.gbs.ByteRange;

class RangeSetTest {
    @Test
    void mergesAndReportsMissing() {
        RangeSet r = new RangeSet();
        r.add(10, 20);
        r.add(30, 40);
        r.add(20, 25); // touches
        assertEquals("10-25,30-40", r.format());
        assertEquals(List.of(new ByteRange(0, 10), new ByteRange(25, 30), new ByteRange(40, 50)), r.missing(50));
        assertEquals(List.of(new ByteRange(15, 25), new ByteRange(30, 32)), r.intersect(15, 32));
        assertEquals(List.of(), r.intersect(25, 30));
        r.add(5, 35);
        assertEquals("5-40", r.format());
        assertFalse(r.covers(40));
        r.add(0, 5);
        assertTrue(r.covers(40));
        assertEquals(r.format(), RangeSet.parse(r.format()).format());
    }
}
