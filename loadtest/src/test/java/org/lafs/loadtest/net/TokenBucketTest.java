package org.lafs.loadtest.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The bucket's arithmetic on a clock the test controls. */
class TokenBucketTest {
    private static final long S = 1_000_000_000L;

    @Test
    void burstGoesAtOnceThenTheRateApplies() {
        TokenBucket b = new TokenBucket(1000, 100);
        long t = System.nanoTime() + 10 * S; // a clock reading after construction
        assertEquals(0, b.reserve(100, t));
        assertEquals(S, b.reserve(1000, t));      // 1000 bytes of debt at 1000 B/s
        assertEquals(2 * S, b.reserve(1000, t));  // queued behind the first
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() {
        TokenBucket b = new TokenBucket(1000, 100);
        long t = System.nanoTime() + S;
        b.reserve(100, t);
        assertEquals(0, b.reserve(100, t + 60 * S));
        assertEquals(S / 10, b.reserve(100, t + 60 * S)); // the 60 s idle gave only 100 bytes
    }

    @Test
    void longRunRateIsTheConfiguredRateWhateverTheChunking() {
        TokenBucket b = new TokenBucket(1_000_000, 0);
        long t = System.nanoTime() + S;
        long wait = 0;
        for (int i = 0; i < 1000; i++) {
            wait = b.reserve(1000 + (i % 7) * 100, t);
        }
        long total = 0;
        for (int i = 0; i < 1000; i++) {
            total += 1000 + (i % 7) * 100;
        }
        assertEquals(total * 1000, wait); // ns at 1 byte per microsecond
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(10, -1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(10, 10).reserve(-1));
    }
}
