package org.lafs.client.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which failures {@link Retry} waits out and which end the call at once. */
class RetryTest {
    private final List<String> notes = new ArrayList<>();
    private final Retry retry = new Retry(Duration.ofMinutes(10), notes::add);

    @Test
    void aLostConnectionIsTriedAgain() throws Exception {
        int[] calls = {0};
        String r = retry.run("asking", () -> {
            if (calls[0]++ == 0) {
                throw new HelperException(0, "transport", "helper connection failed: reset", null);
            }
            return "ok";
        });
        assertEquals("ok", r);
        assertEquals(2, calls[0]);
        assertEquals(1, notes.size(), notes.toString());
    }

    @Test
    void finalAnswersEndTheCallAtOnce() {
        for (HelperException e : List.of(
                new HelperException(410, "placement-failed", "the helper could not store the file", null),
                new HelperException(0, "protocol", "helper reports offset 9 outside 0..5", null),
                new HelperException(0, "tls", "TLS handshake with the helper failed", null),
                new HelperException(507, "spool-write-failed", "disk full", null),
                new HelperException(404, "no-such-upload", "no open upload", null))) {
            int[] calls = {0};
            HelperException thrown = assertThrows(HelperException.class, () -> retry.run("asking", () -> {
                calls[0]++;
                throw e;
            }));
            assertSame(e, thrown);
            assertEquals(1, calls[0], e.reason());
        }
        assertTrue(notes.isEmpty(), notes.toString());
    }
}
