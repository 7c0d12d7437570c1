package org.lafs.helper.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The helper's whole configuration, validated. Every key, its default and its reason is
 * documented in {@code docs/helper-config.md}; {@link ConfigLoader} is the only producer.
 *
 * @param listenHost address the HTTPS API binds to ({@code listen.host})
 * @param listenPort port, 0 for any free port ({@code listen.port})
 * @param tlsMode {@code self-signed}, {@code files} or {@code off} ({@code tls.mode})
 * @param eventLoops Vert.x event loops, and HTTPS server instances, sharing the network work
 * @param tlsCert PEM certificate for {@code files} mode
 * @param tlsKey PEM PKCS#8 key for {@code files} mode
 * @param stateDir directory holding the spool, the RocksDB database and generated secrets
 * @param serversYaml Tahoe {@code servers.yaml} naming the grid ({@code grid.servers-yaml})
 * @param leaseSecretFile the helper's lease secret (generated on first start when absent)
 * @param spoolQuotaBytes total declared size of open uploads the spool may hold
 * @param maxFileSize upper bound on any upload size, whatever a token allows
 * @param maxSegmentSize largest segment size a client may ask for
 * @param maxOpenSegments segments all open uploads together may have (their hashes stay in the heap)
 * @param windowBytes unacknowledged bytes per storage server during push
 * @param segmentsPerWrite the most consecutive segments whose blocks travel to a share in one write
 * @param writeBytes target size of one push write; segments per write follow from the block size
 * @param checkpointBytes spooled bytes between durability checkpoints inside one PATCH
 * @param expiry idle time after which an unfinished upload is abandoned
 * @param resultRetention how long finished results stay queryable
 * @param longPollMax the longest a result long-poll may wait
 * @param sweepInterval how often expiry runs
 * @param helperAsClient whether {@code PUT /uri} (plaintext, helper encrypts) is served
 * @param convergenceSecretFile the helper's convergence secret for {@code PUT /uri}
 * @param clientEncoding the encoding {@code PUT /uri} uses, like a Tahoe node's {@code [client]} shares
 * @param tokens the accepted client tokens
 * @param foolscap the listener for stock Tahoe-LAFS clients ({@code foolscap.*})
 */
public record HelperConfig(
        String listenHost,
        int listenPort,
        int eventLoops,
        String tlsMode,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        Path stateDir,
        Optional<Path> serversYaml,
        Path leaseSecretFile,
        long spoolQuotaBytes,
        long maxFileSize,
        int maxSegmentSize,
        long maxOpenSegments,
        int windowBytes,
        int segmentsPerWrite,
        int writeBytes,
        long checkpointBytes,
        Duration expiry,
        Duration resultRetention,
        Duration longPollMax,
        Duration sweepInterval,
        boolean helperAsClient,
        Path convergenceSecretFile,
        org.lafs.chk.EncodingParameters clientEncoding,
        List<TokenPolicy> tokens,
        FoolscapConfig foolscap) {

    public boolean tls() {
        return !"off".equals(tlsMode);
    }

    public Path spoolDir() {
        return stateDir.resolve("spool");
    }

    public Path dbDir() {
        return stateDir.resolve("db");
    }

    @Override
    public String toString() {
        return "HelperConfig[listen=" + listenHost + ":" + listenPort + ", tls=" + tlsMode + ", stateDir=" + stateDir
                + ", tokens=" + tokens.size() + "]";
    }
}
