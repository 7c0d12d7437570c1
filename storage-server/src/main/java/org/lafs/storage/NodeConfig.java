package org.lafs.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one storage node.
 *
 * @param dir node directory (identity in {@code private/}, shares in {@code storage/})
 * @param host address to listen on; also the host written into the NURL (0.0.0.0 and :: are
 *     announced as 127.0.0.1 unless {@code announceHost} is set)
 * @param port TCP port; 0 picks a free one
 * @param announceHost host to put in the NURL and FURL, or null for {@code host}
 * @param reservedSpace bytes of free disk space never promised to uploads (Tahoe's
 *     {@code reserved_space}; default 0)
 * @param maxChunk largest PATCH body accepted (413 above; default 16 MiB)
 * @param uploadIdleTimeout idle upload slots are aborted after this (Tahoe: 30 minutes)
 * @param leaseExpiry when true, expired leases are collected hourly and shares without a lease
 *     deleted (Tahoe's {@code expire.enabled}, off by default)
 * @param nickname announced nickname
 */
public record NodeConfig(Path dir, String host, int port, String announceHost, long reservedSpace, int maxChunk,
                         Duration uploadIdleTimeout, boolean leaseExpiry, String nickname) {
    public static final int DEFAULT_MAX_CHUNK = 16 << 20;

    public NodeConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (reservedSpace < 0) {
            throw new IllegalArgumentException("reserved space must not be negative");
        }
        if (maxChunk < 1) {
            throw new IllegalArgumentException("max chunk must be positive");
        }
        if (uploadIdleTimeout == null || uploadIdleTimeout.isNegative() || uploadIdleTimeout.isZero()) {
            throw new IllegalArgumentException("upload idle timeout must be positive");
        }
        nickname = nickname == null ? "" : nickname;
    }

    /** Defaults: loopback, port 0, no reserve, 16 MiB chunks, 30 min idle timeout, no expiry. */
    public static NodeConfig of(Path dir) {
        return new NodeConfig(dir, "127.0.0.1", 0, null, 0, DEFAULT_MAX_CHUNK,
                org.lafs.gbs.GbsProtocol.UPLOAD_IDLE_TIMEOUT, false, "");
    }

    public NodeConfig withHost(String h) {
        return new NodeConfig(dir, h, port, announceHost, reservedSpace, maxChunk, uploadIdleTimeout, leaseExpiry, nickname);
    }

    public NodeConfig withPort(int p) {
        return new NodeConfig(dir, host, p, announceHost, reservedSpace, maxChunk, uploadIdleTimeout, leaseExpiry, nickname);
    }

    public NodeConfig withReservedSpace(long r) {
        return new NodeConfig(dir, host, port, announceHost, r, maxChunk, uploadIdleTimeout, leaseExpiry, nickname);
    }

    public NodeConfig withMaxChunk(int c) {
        return new NodeConfig(dir, host, port, announceHost, reservedSpace, c, uploadIdleTimeout, leaseExpiry, nickname);
    }

    public NodeConfig withUploadIdleTimeout(Duration d) {
        return new NodeConfig(dir, host, port, announceHost, reservedSpace, maxChunk, d, leaseExpiry, nickname);
    }

    public NodeConfig withNickname(String n) {
        return new NodeConfig(dir, host, port, announceHost, reservedSpace, maxChunk, uploadIdleTimeout, leaseExpiry, n);
    }

    public NodeConfig withAnnounceHost(String a) {
        return new NodeConfig(dir, host, port, a, reservedSpace, maxChunk, uploadIdleTimeout, leaseExpiry, nickname);
    }

    public NodeConfig withLeaseExpiry(boolean e) {
        return new NodeConfig(dir, host, port, announceHost, reservedSpace, maxChunk, uploadIdleTimeout, e, nickname);
    }

    /** The host written into NURL and FURL. */
    public String effectiveAnnounceHost() {
        if (announceHost != null) {
            return announceHost;
        }
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
