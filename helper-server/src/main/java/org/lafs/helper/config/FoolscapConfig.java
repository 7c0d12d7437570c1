package org.lafs.helper.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code foolscap.*} keys: the listener stock Tahoe-LAFS nodes reach through their
 * {@code [client] helper.furl} (docs/foolscap.md, docs/helper-config.md). Validated by
 * {@link ConfigLoader}.
 *
 * @param enabled whether the listener runs
 * @param listenHost address it binds to
 * @param listenPort port, 0 for any free one
 * @param location connection hints published in the FURL ({@code tcp:HOST:PORT}); empty means
 *     {@code tcp:<listenHost>:<actual port>}
 * @param certFile PEM certificate of the tub (its hash is the TubID); generated when absent
 * @param keyFile PEM private key (PKCS#8 or PKCS#1); may be the same file as the certificate
 *     (a Tahoe node's {@code private/node.pem})
 * @param swissnumFile the secret name of the helper object (generated when absent, 0600)
 * @param furlFile where the helper's FURL is written for the operator (0600)
 * @param readSize bytes asked for per {@code read_encrypted} call
 * @param client limits of each client, keyed by its TubID (bytes per day, concurrent uploads,
 *     largest file)
 * @param maxUploads Foolscap uploads open at once, all clients together
 * @param maxSpool declared bytes of those uploads together
 * @param bytesPerDay ciphertext bytes all Foolscap clients together may send per UTC day
 * @param maxConnections connections at once
 * @param maxConnectionsPerAddress connections at once from one IP address
 * @param conflictWait how long a client asking for a file another client is uploading waits for
 *     that upload before it is refused
 * @param abandonedExpiry a Foolscap upload whose client went away is removed after this long
 *     without progress
 * @param negotiationTimeout a connection not negotiated this long after accept is closed
 * @param keepalive we PING a connection that received nothing this long
 * @param idleTimeout a connection that received nothing this long is closed
 */
public record FoolscapConfig(boolean enabled, String listenHost, int listenPort, List<String> location, Path certFile,
        Path keyFile, Path swissnumFile, Path furlFile, int readSize, ClientLimits client, int maxUploads, long maxSpool,
        long bytesPerDay, int maxConnections, int maxConnectionsPerAddress, Duration conflictWait, Duration abandonedExpiry,
        Duration negotiationTimeout, Duration keepalive, Duration idleTimeout) {

    public FoolscapConfig {
        location = List.copyOf(location);
    }

    /**
     * What each Foolscap client (one TubID) may do, like a token's quotas.
     *
     * @param bytesPerDay ciphertext bytes per UTC day
     * @param concurrentUploads uploads open at once
     * @param maxFileSize largest file
     */
    public record ClientLimits(long bytesPerDay, int concurrentUploads, long maxFileSize) {}

    /** The token-policy name of a Foolscap client: its identity for quotas, joins and the status page. */
    public static String identity(String tubId) {
        return "foolscap:" + tubId;
    }

    /** The common prefix of every Foolscap identity. */
    public static final String IDENTITY_PREFIX = "foolscap:";

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * The token policy of the client with this TubID. The FURL is its credential, so the policy
     * gets a random secret nobody knows: it can never match a bearer token presented to the tus
     * API (Foolscap policies are not in the token registry anyway).
     */
    public TokenPolicy policyFor(String tubId) {
        byte[] unknowable = new byte[24];
        RANDOM.nextBytes(unknowable);
        return new TokenPolicy(identity(tubId), java.util.HexFormat.of().formatHex(unknowable), client.bytesPerDay(),
                client.concurrentUploads(), client.maxFileSize(), false);
    }
}
