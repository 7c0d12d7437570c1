package org.lafs.client.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.lafs.client.helper.HelperException;
import org.lafs.client.helper.Retry;

/**
 * The helper's account of a failed upload ends the upload: a HEAD that learns the upload failed
 * (while the client resumes after a broken PATCH) used to look like a lost connection and was
 * asked again for the whole retry budget (10 minutes) instead of reporting the reason.
 */
class HelperUploadFailureTest {
    @Test
    void theHelpersFailureIsFinal() {
        HelperException failed = HelperUpload.failed("placement-failed", "only 3 of the 7 servers needed are reachable");
        assertFalse(failed.retryable());
        int[] calls = {0};
        Retry retry = new Retry(Duration.ofMinutes(10), note -> { });
        assertThrows(HelperException.class, () -> retry.run("asking the helper where to continue", () -> {
            calls[0]++;
            throw failed;
        }));
        assertEquals(1, calls[0]);
        assertEquals("the helper could not store the file: only 3 of the 7 servers needed are reachable (placement-failed)",
                failed.getMessage());
    }
}
