package org.lafs.helper.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code foolscap.*} configuration keys: their defaults and their validation into a
 * {@link FoolscapConfig}. Kept beside {@link ConfigLoader} so the Foolscap listener's settings are
 * in one place; documented in docs/helper-config.md.
 */
final class FoolscapKeys {
    /** Longest read we ask for: the client builds the whole answer in memory (spec 5.3, pitfall 6). */
    static final long MAX_READ = 4L << 20;
    /**
     * Smallest read: Tahoe's own helper reads 50 KiB at a time (offloaded.py
     * {@code CHKCiphertextFetcher.CHUNK_SIZE}); less only adds round trips.
     */
    static final long MIN_READ = 50 << 10;

    private FoolscapKeys() {}

    static void defaults(Map<String, String> d) {
        d.put("foolscap.enabled", "false");
        d.put("foolscap.listen.host", "127.0.0.1");
        d.put("foolscap.listen.port", "3458");
        d.put("foolscap.location", null);
        d.put("foolscap.cert-file", null);
        d.put("foolscap.key-file", null);
        d.put("foolscap.swissnum-file", null);
        d.put("foolscap.furl-file", null);
        // spec pitfall 6: 1-4 MiB cuts the round trips of Tahoe's 50 KiB pieces
        d.put("foolscap.read-size", "1MiB");
        d.put("foolscap.client.bytes-per-day", "100GiB");
        d.put("foolscap.client.concurrent-uploads", "4");
        d.put("foolscap.client.max-file-size", "1TiB");
        d.put("foolscap.limits.uploads", "16");
        d.put("foolscap.limits.spool", "5GiB");
        d.put("foolscap.limits.bytes-per-day", "1TiB");
        d.put("foolscap.limits.connections", "256");
        d.put("foolscap.limits.connections-per-address", "32");
        d.put("foolscap.conflict-wait", "10m");
        d.put("foolscap.abandoned-expiry", "24h");
        // foolscap negotiate.py SERVER_TIMEOUT: a listener drops connections not negotiated in 120 s
        d.put("foolscap.negotiation-timeout", "120s");
        // foolscap pb.py Tub.keepaliveTimeout: ping after 4 minutes without traffic
        d.put("foolscap.keepalive", "4m");
        // stock clients ping every 4-8 minutes when idle (spec pitfall 5); 15 minutes of silence is a dead peer
        d.put("foolscap.idle-timeout", "15m");
    }

    static FoolscapConfig parse(Map<String, String> v, Path baseDir, Path stateDir) {
        boolean enabled = ConfigLoader.bool(v, "foolscap.enabled");
        String host = ConfigLoader.req(v, "foolscap.listen.host");
        long port = ConfigLoader.number(v, "foolscap.listen.port", null);
        if (port > 65535) {
            throw new ConfigException("foolscap.listen.port must be 0..65535");
        }
        List<String> location = List.of();
        String loc = v.get("foolscap.location");
        if (loc != null && !loc.isBlank()) {
            location = Arrays.stream(loc.split(",")).map(String::trim).map(h -> h.startsWith("tcp:") ? h : "tcp:" + h).toList();
            for (String h : location) {
                if (!h.matches("tcp:(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9._-]+):[0-9]{1,5}")) {
                    throw new ConfigException("foolscap.location: each hint must be tcp:HOST:PORT, not " + h);
                }
            }
        } else if (enabled && (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty())) {
            throw new ConfigException("foolscap.location must be set when foolscap.listen.host is a wildcard address "
                    + "(clients need a name or address to connect to)");
        }
        Path dir = stateDir.resolve("foolscap");
        Path cert = opt(v, "foolscap.cert-file", baseDir, dir.resolve("helper-cert.pem"));
        Path key = opt(v, "foolscap.key-file", baseDir, dir.resolve("helper-key.pem"));
        long read = ConfigLoader.size(v, "foolscap.read-size", null);
        if (read < MIN_READ || read > MAX_READ) {
            throw new ConfigException("foolscap.read-size must be 50KiB..4MiB");
        }
        long concurrent = ConfigLoader.number(v, "foolscap.client.concurrent-uploads", null);
        long uploads = ConfigLoader.number(v, "foolscap.limits.uploads", null);
        long connections = ConfigLoader.number(v, "foolscap.limits.connections", null);
        long perAddress = ConfigLoader.number(v, "foolscap.limits.connections-per-address", null);
        if (concurrent < 1 || uploads < 1 || connections < 1 || perAddress < 1 || uploads > 100_000 || connections > 100_000) {
            throw new ConfigException("foolscap limits on uploads and connections must be 1..100000");
        }
        Duration keepalive = ConfigLoader.duration(v, "foolscap.keepalive");
        Duration idle = ConfigLoader.duration(v, "foolscap.idle-timeout");
        Duration negotiation = ConfigLoader.duration(v, "foolscap.negotiation-timeout");
        if (keepalive.isZero() || idle.compareTo(keepalive) <= 0 || negotiation.isZero()) {
            throw new ConfigException("foolscap.idle-timeout must be longer than foolscap.keepalive, and both and "
                    + "foolscap.negotiation-timeout above zero");
        }
        return new FoolscapConfig(enabled, host, (int) port, location, cert, key,
                opt(v, "foolscap.swissnum-file", baseDir, dir.resolve("swissnum")),
                opt(v, "foolscap.furl-file", baseDir, dir.resolve("helper.furl")),
                (int) read,
                new FoolscapConfig.ClientLimits(ConfigLoader.size(v, "foolscap.client.bytes-per-day", null), (int) Math.min(Integer.MAX_VALUE, concurrent),
                        ConfigLoader.size(v, "foolscap.client.max-file-size", null)),
                (int) uploads,
                ConfigLoader.size(v, "foolscap.limits.spool", null),
                ConfigLoader.size(v, "foolscap.limits.bytes-per-day", null),
                (int) connections,
                (int) Math.min(Integer.MAX_VALUE, perAddress),
                ConfigLoader.duration(v, "foolscap.conflict-wait"),
                ConfigLoader.duration(v, "foolscap.abandoned-expiry"),
                negotiation, keepalive, idle);
    }

    private static Path opt(Map<String, String> v, String key, Path baseDir, Path fallback) {
        String s = v.get(key);
        return s == null || s.isBlank() ? fallback : ConfigLoader.path(baseDir, s);
    }
}
