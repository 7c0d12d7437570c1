package org.lafs.helper.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * One client token and its quotas, from the {@code tokens.<name>.*} configuration keys.
 *
 * @param name operator-chosen name; used in logs, metrics and the status page (never the secret)
 * @param secret the bearer token itself; redacted from {@link #toString()}
 * @param bytesPerDay ciphertext bytes this token may send per UTC day
 * @param concurrentUploads uploads this token may have open at once
 * @param maxFileSize largest {@code Upload-Length} this token may declare
 * @param operator whether this token may see what the status page hides from everyone else
 *     (storage indexes and token names of uploads: docs/security.md)
 */
public record TokenPolicy(String name, String secret, long bytesPerDay, int concurrentUploads, long maxFileSize,
        boolean operator) {

    /** Constant-time comparison of a presented token with this one. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "TokenPolicy[name=" + name + ", secret=<redacted>, bytesPerDay=" + bytesPerDay
                + ", concurrentUploads=" + concurrentUploads + ", maxFileSize=" + maxFileSize + ", operator=" + operator + "]";
    }
}
