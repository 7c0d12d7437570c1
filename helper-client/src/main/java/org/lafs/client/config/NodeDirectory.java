package org.lafs.client.config;

import org.lafs.format.ByteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.EncodingParameters;
import org.lafs.client.ClientConfig;
import org.lafs.client.HelperEndpoint;

/**
 * A Tahoe-style client node directory (docs/client.md): {@code tahoe.cfg} plus
 * {@code private/convergence}, {@code private/secret}, {@code private/servers.yaml} and the
 * helper token file, and our own {@code uploads/} (resume records) and {@code tmp/} (spooled
 * bodies). Reading a directory creates only the secrets a Tahoe node would create itself
 * (convergence and lease secret), never configuration.
 *
 * <p>Thread-safe after construction (immutable view of the files at load time).
 */
public final class NodeDirectory {
    /** Tahoe's defaults: 3-of-10, happy 7; 128 KiB segments as the test vectors use. */
    public static final EncodingParameters DEFAULTS = EncodingParameters.DEFAULTS;
    /** Tahoe's default web port ({@code [node] web.port = tcp:3456:interface=127.0.0.1}). */
    public static final int DEFAULT_WEB_PORT = 3456;
    /** Convergence and lease secrets of new nodes: 32 random bytes, like Tahoe's. */
    static final int SECRET_BYTES = 32;

    private final Path dir;
    private final IniFile cfg;

    private NodeDirectory(Path dir, IniFile cfg) {
        this.dir = dir;
        this.cfg = cfg;
    }

    /** Opens (and creates, if needed) the directory and reads {@code tahoe.cfg} if present. */
    public static NodeDirectory open(Path dir) throws IOException {
        org.lafs.fs.PrivateFiles.directory(dir.resolve("private"));
        return new NodeDirectory(dir, IniFile.read(dir.resolve("tahoe.cfg")));
    }

    /**
     * The per-user default: {@code $LAFS_CLIENT_DIR}, else {@code $XDG_DATA_HOME/lafs-helper/client},
     * else {@code ~/.local/share/lafs-helper/client}.
     */
    public static Path defaultPath(Map<String, String> env) {
        String explicit = env.get("LAFS_CLIENT_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "lafs-helper", "client");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "share", "lafs-helper", "client");
    }

    public Path dir() {
        return dir;
    }

    public IniFile cfg() {
        return cfg;
    }

    /** {@code [client] shares.*} and {@code shares.max-segment-size}, over the defaults. */
    public EncodingParameters parameters() {
        int n = cfg.getInt("client", "shares.total", 1, EncodingParameters.MAX_SHARES).orElse(DEFAULTS.n());
        int k = cfg.getInt("client", "shares.needed", 1, EncodingParameters.MAX_SHARES).orElse(DEFAULTS.k());
        int happy = cfg.getInt("client", "shares.happy", 1, EncodingParameters.MAX_SHARES).orElse(Math.min(DEFAULTS.happy(), n));
        int seg = cfg.getInt("client", "shares.max-segment-size", 1, EncodingParameters.MAX_SEGMENT_SIZE)
                .orElse(DEFAULTS.maxSegmentSize());
        return new EncodingParameters(k, happy, n, seg);
    }

    /** {@code [client] helper.url}, if configured. */
    public Optional<String> helperUrl() {
        return cfg.get("client", "helper.url");
    }

    /** {@code [client] helper.spki-sha256}, if configured. */
    public Optional<String> helperPin() {
        return cfg.get("client", "helper.spki-sha256");
    }

    /** The token file: {@code [client] helper.token-file} (relative to the node dir), else {@code private/helper-token}. */
    public Path helperTokenFile() {
        return resolve(cfg.get("client", "helper.token-file").orElse("private/helper-token"));
    }

    /** The helper token from its file, if the file exists. */
    public Optional<String> helperToken() throws IOException {
        Path f = helperTokenFile();
        return Files.exists(f) ? Optional.of(SecretFiles.readText(f)) : Optional.empty();
    }

    /** {@code private/servers.yaml}, if it exists. */
    public Optional<Path> serversYaml() {
        Path p = dir.resolve("private").resolve("servers.yaml");
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    /** {@code [client] helper.retry-for}: how long to keep retrying an unreachable helper (default 10 minutes). */
    public java.time.Duration helperRetry() {
        return cfg.get("client", "helper.retry-for").map(org.lafs.format.Durations::parse)
                .orElse(org.lafs.client.helper.Retry.DEFAULT_BUDGET);
    }

    /** {@code [client] upload.throttle} in bytes/s, 0 when absent. */
    public long throttle() {
        return cfg.get("client", "upload.throttle").map(ByteSize::parse).orElse(0L);
    }

    /**
     * The web-API port of {@code node}: {@code [node] web.port} in Tahoe's endpoint form
     * {@code tcp:3456:interface=127.0.0.1} or a plain number; default 3456.
     */
    public int webPort() {
        Optional<String> v = cfg.get("node", "web.port");
        if (v.isEmpty()) {
            return DEFAULT_WEB_PORT;
        }
        String s = v.get();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:tcp:)?([0-9]{1,5})(?::.*)?").matcher(s);
        if (!m.matches() || Integer.parseInt(m.group(1)) > 65535) {
            throw new IllegalArgumentException("[node] web.port must look like tcp:3456:interface=127.0.0.1");
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@code private/convergence}, created (32 random bytes) on first use as Tahoe does. */
    public byte[] convergenceSecret() throws IOException {
        byte[] s = SecretFiles.readOrCreateBase32(dir.resolve("private").resolve("convergence"), SECRET_BYTES);
        if (s.length == 0 || s.length > ConvergentKey.MAX_SECRET_LENGTH) {
            throw new IllegalArgumentException("malformed convergence secret in private/convergence");
        }
        return s;
    }

    /** {@code private/secret} (the lease secret), created on first use. */
    public byte[] leaseSecret() throws IOException {
        byte[] s = SecretFiles.readOrCreateBase32(dir.resolve("private").resolve("secret"), SECRET_BYTES);
        if (s.length != SECRET_BYTES) {
            throw new IllegalArgumentException("private/secret must hold 32 bytes (base32)");
        }
        return s;
    }

    /**
     * The client configuration: this directory's settings with {@code o}'s non-null fields on
     * top.
     */
    public ClientConfig config(Overrides o) throws IOException {
        EncodingParameters d = parameters();
        int n = o.total != null ? o.total : d.n();
        int k = o.needed != null ? o.needed : d.k();
        int happy = o.happy != null ? o.happy : (o.total != null ? Math.min(d.happy(), n) : d.happy());
        int seg = o.segmentSize != null ? o.segmentSize : d.maxSegmentSize();
        EncodingParameters p = new EncodingParameters(k, happy, n, seg);
        HelperEndpoint helper = null;
        if (!o.direct) {
            String url = o.helperUrl != null ? o.helperUrl : helperUrl().orElse(null);
            if (url != null) {
                String token = o.token != null ? o.token : helperToken().orElse(null);
                if (token == null) {
                    throw new IllegalArgumentException("a helper is configured but no token: use --token or put it in "
                            + dir.relativize(helperTokenFile()));
                }
                String pin = o.helperPin != null ? o.helperPin : (o.helperUrl != null ? null : helperPin().orElse(null));
                if (pin == null && o.helperUrl != null && helperUrl().map(u -> u.equals(o.helperUrl)).orElse(false)) {
                    pin = helperPin().orElse(null);
                }
                helper = HelperEndpoint.of(url, pin, token);
            }
        }
        long throttle = o.throttle != null ? o.throttle : throttle();
        java.time.Duration retry = o.retryFor != null ? o.retryFor : helperRetry();
        return new ClientConfig(dir, p, convergenceSecret(), helper, serversYaml().orElse(null),
                helper == null ? leaseSecret() : null, throttle, ClientConfig.DEFAULT_READ_TIMEOUT_MILLIS, retry);
    }

    private Path resolve(String p) {
        Path x = Path.of(p);
        return x.isAbsolute() ? x : dir.resolve(x);
    }

    /** Command-line overrides; null fields keep the node directory's value. */
    public static final class Overrides {
        public String helperUrl;
        public String helperPin;
        public String token;
        public boolean direct;
        public Long throttle;
        public java.time.Duration retryFor;
        public Integer needed;
        public Integer happy;
        public Integer total;
        public Integer segmentSize;
    }
}
