package org.lafs.client;

import java.nio.file.Path;
import java.util.Objects;
import org.lafs.chk.EncodingParameters;

/**
 * Everything a {@link LafsClient} needs, usually built by
 * {@link org.lafs.client.config.NodeDirectory} from a Tahoe-style node directory plus command-line
 * overrides (docs/client.md lists every key).
 *
 * @param stateDir where upload state (resume records) and spool files live: the node directory
 * @param parameters k, happy, n and the maximum segment size
 * @param convergenceSecret Tahoe's convergence secret (secret; never shown by toString)
 * @param helper the helper to upload through, or null to upload directly to the grid
 * @param serversYaml Tahoe's {@code private/servers.yaml} naming the storage servers (needed for
 *     direct uploads, downloads and checks), or null
 * @param leaseSecret the node's 32-byte lease secret for direct uploads (Tahoe's
 *     {@code private/secret}), or null
 * @param throttleBytesPerSecond upload rate limit, 0 for none
 * @param readTimeoutMillis how long one share read may take before the downloader switches to
 *     another share
 * @param helperRetry how long uploads through the helper keep retrying while nothing progresses
 *     (helper restarting or unreachable; {@code [client] helper.retry-for}, docs/client.md)
 */
public record ClientConfig(Path stateDir, EncodingParameters parameters, byte[] convergenceSecret,
                           HelperEndpoint helper, Path serversYaml, byte[] leaseSecret,
                           long throttleBytesPerSecond, long readTimeoutMillis, java.time.Duration helperRetry) {
    /** Default read timeout: Tahoe's HTTP storage client allows 60 s; we switch shares sooner. */
    public static final long DEFAULT_READ_TIMEOUT_MILLIS = 20_000;

    public ClientConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(convergenceSecret, "convergenceSecret");
        convergenceSecret = convergenceSecret.clone();
        leaseSecret = leaseSecret == null ? null : leaseSecret.clone();
        if (throttleBytesPerSecond < 0) {
            throw new IllegalArgumentException("throttle must be >= 0");
        }
        if (readTimeoutMillis < 1) {
            throw new IllegalArgumentException("read timeout must be >= 1 ms");
        }
        Objects.requireNonNull(helperRetry, "helperRetry");
        if (helperRetry.isNegative()) {
            throw new IllegalArgumentException("helper retry time must be >= 0");
        }
    }

    @Override
    public byte[] convergenceSecret() {
        return convergenceSecret.clone();
    }

    @Override
    public byte[] leaseSecret() {
        return leaseSecret == null ? null : leaseSecret.clone();
    }

    public ClientConfig withHelper(HelperEndpoint h) {
        return new ClientConfig(stateDir, parameters, convergenceSecret, h, serversYaml, leaseSecret,
                throttleBytesPerSecond, readTimeoutMillis, helperRetry);
    }

    public ClientConfig withThrottle(long bytesPerSecond) {
        return new ClientConfig(stateDir, parameters, convergenceSecret, helper, serversYaml, leaseSecret,
                bytesPerSecond, readTimeoutMillis, helperRetry);
    }

    public ClientConfig withParameters(EncodingParameters p) {
        return new ClientConfig(stateDir, p, convergenceSecret, helper, serversYaml, leaseSecret,
                throttleBytesPerSecond, readTimeoutMillis, helperRetry);
    }

    public ClientConfig withReadTimeoutMillis(long ms) {
        return new ClientConfig(stateDir, parameters, convergenceSecret, helper, serversYaml, leaseSecret,
                throttleBytesPerSecond, ms, helperRetry);
    }

    @Override
    public String toString() {
        return "ClientConfig[stateDir=" + stateDir + ", " + parameters + ", helper=" + helper
                + ", servers=" + serversYaml + ", throttle=" + throttleBytesPerSecond + "]";
    }
}
