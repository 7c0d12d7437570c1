package org.lafs.gbs;

/**
 * Settings of a {@link GbsClient}. Defaults follow Tahoe's client where it has one.
 *
 * @param connectTimeoutMs TCP+TLS connect timeout (default 10 s)
 * @param responseTimeoutMs longest silence while waiting for or reading a response; Tahoe's
 *     client allows 60 s for headers and 60 s of silence in a body (spec section 2)
 * @param maxConnections pooled HTTP/1.1 connections to this server; pipelined PATCHes of a
 *     {@link ShareWriter} each use one (default 8)
 * @param getAttempts total attempts for idempotent GETs (version, list, read) on retryable
 *     failures (default 3); other calls are never retried
 * @param retryDelayMs delay before the second attempt, doubled each time (default 200 ms)
 * @param maxCborResponse largest CBOR response body accepted (default 1 MiB)
 */
public record GbsClientOptions(long connectTimeoutMs, long responseTimeoutMs, int maxConnections,
                               int getAttempts, long retryDelayMs, int maxCborResponse) {
    public GbsClientOptions {
        if (connectTimeoutMs <= 0 || responseTimeoutMs <= 0 || maxConnections < 1 || getAttempts < 1
                || retryDelayMs < 0 || maxCborResponse < 1024) {
            throw new IllegalArgumentException("invalid GBS client options");
        }
    }

    public static GbsClientOptions defaults() {
        return new GbsClientOptions(10_000, 60_000, 8, 3, 200, 1 << 20);
    }

    public GbsClientOptions withResponseTimeoutMs(long ms) {
        return new GbsClientOptions(connectTimeoutMs, ms, maxConnections, getAttempts, retryDelayMs, maxCborResponse);
    }

    public GbsClientOptions withGetAttempts(int attempts) {
        return new GbsClientOptions(connectTimeoutMs, responseTimeoutMs, maxConnections, attempts, retryDelayMs, maxCborResponse);
    }

    public GbsClientOptions withMaxConnections(int n) {
        return new GbsClientOptions(connectTimeoutMs, responseTimeoutMs, n, getAttempts, retryDelayMs, maxCborResponse);
    }
}
