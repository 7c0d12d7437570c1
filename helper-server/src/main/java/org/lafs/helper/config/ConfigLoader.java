package org.lafs.helper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration file, flattens it to dotted keys ({@code listen.port}), applies
 * environment overrides ({@code HELPER_LISTEN_PORT}: prefix {@code HELPER_}, upper case, dots
 * and dashes as underscores) and validates every value into a {@link HelperConfig}.
 * Unknown keys are errors, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    /** Durations accept s, m, h, d suffixes or plain seconds. */
    private static final Pattern TOKEN_KEY = Pattern.compile("tokens\\.([A-Za-z0-9_-]{1,64})\\.(secret|secret-file|bytes-per-day|concurrent-uploads|max-file-size|operator)");

    /** Every non-token key with its default (null: no default). Order is the documentation order. */
    public static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("listen.host", "127.0.0.1");
        DEFAULTS.put("listen.port", "3457");
        // 0: one event loop per available core (docs/helper-design.md, Threads)
        DEFAULTS.put("listen.event-loops", "0");
        DEFAULTS.put("tls.mode", "self-signed");
        DEFAULTS.put("tls.cert", null);
        DEFAULTS.put("tls.key", null);
        DEFAULTS.put("state.dir", "./helper-state");
        DEFAULTS.put("grid.servers-yaml", null);
        DEFAULTS.put("grid.lease-secret-file", null);
        DEFAULTS.put("limits.spool-quota", "10GiB");
        DEFAULTS.put("limits.max-file-size", "1TiB");
        DEFAULTS.put("limits.max-segment-size", "8MiB");
        // 2^19 segments: 64 GiB of open uploads at 128 KiB segments, whose hash-tree leaves
        // ((n+1) * 32 bytes per segment, 176 MiB for 3-of-10) fit the -Xmx1g deploy/ suggests
        DEFAULTS.put("limits.max-open-segments", "524288");
        DEFAULTS.put("push.window-bytes", "50000");
        DEFAULTS.put("push.segments-per-write", String.valueOf(org.lafs.upload.UploadOptions.DEFAULT_SEGMENTS_PER_WRITE));
        DEFAULTS.put("push.write-bytes", String.valueOf(org.lafs.upload.UploadOptions.DEFAULT_WRITE_BYTES));
        DEFAULTS.put("ingest.checkpoint-bytes", "1MiB");
        DEFAULTS.put("uploads.expiry", "7d");
        DEFAULTS.put("uploads.result-retention", "7d");
        DEFAULTS.put("uploads.long-poll-max", "60s");
        DEFAULTS.put("uploads.sweep-interval", "1h");
        DEFAULTS.put("helper-as-client.enabled", "false");
        DEFAULTS.put("helper-as-client.convergence-secret-file", null);
        // Tahoe's [client] shares.needed/happy/total and its 128 KiB maximum segment size
        DEFAULTS.put("helper-as-client.shares.needed", "3");
        DEFAULTS.put("helper-as-client.shares.happy", "7");
        DEFAULTS.put("helper-as-client.shares.total", "10");
        DEFAULTS.put("helper-as-client.max-segment-size", "128KiB");
        DEFAULTS.put("token-defaults.bytes-per-day", "100GiB");
        DEFAULTS.put("token-defaults.concurrent-uploads", "16");
        DEFAULTS.put("token-defaults.max-file-size", "1TiB");
        FoolscapKeys.defaults(DEFAULTS);
    }

    private ConfigLoader() {}

    /** Loads {@code file} (may be empty) with overrides from {@code env}. */
    public static HelperConfig load(Path file, Map<String, String> env) {
        Map<String, String> flat = new LinkedHashMap<>();
        if (file != null) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            flat.putAll(parseYaml(text));
        }
        return fromFlat(flat, env, file == null ? Path.of(".") : file.toAbsolutePath().getParent());
    }

    /** Builds a configuration from already-flat keys, without environment overrides (tests). */
    public static HelperConfig fromFlatForTests(Map<String, String> flat) {
        return fromFlat(flat, Map.of(), Path.of("."));
    }

    static Map<String, String> parseYaml(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new ConfigException("config file is not valid YAML: " + firstLine(e.getMessage()));
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return flat;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file must be a YAML mapping");
        }
        flatten("", root, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isValueNode()) {
            out.put(prefix, node.isNull() ? null : node.asText());
        } else {
            throw new ConfigException("config key " + prefix + ": lists are not supported");
        }
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return "HELPER_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Builds a configuration from flat keys with {@code env} overrides; relative paths against {@code baseDir}. */
    public static HelperConfig fromFlat(Map<String, String> flat, Map<String, String> env, Path baseDir) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        TreeSet<String> tokenNames = new TreeSet<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            Matcher m = TOKEN_KEY.matcher(e.getKey());
            if (m.matches()) {
                tokenNames.add(m.group(1));
            } else if (!DEFAULTS.containsKey(e.getKey())) {
                throw new ConfigException("unknown config key " + e.getKey());
            }
            values.put(e.getKey(), e.getValue());
        }
        List<String> keys = new ArrayList<>(values.keySet());
        for (String name : tokenNames) {
            for (String leaf : List.of("secret", "secret-file", "bytes-per-day", "concurrent-uploads", "max-file-size", "operator")) {
                keys.add("tokens." + name + "." + leaf);
            }
        }
        for (String key : keys) {
            String override = env.get(envName(key));
            if (override != null) {
                values.put(key, override);
            }
        }
        Path stateDir = path(baseDir, req(values, "state.dir"));
        List<TokenPolicy> tokens = new ArrayList<>();
        for (String name : tokenNames) {
            String p = "tokens." + name + ".";
            String secret = values.get(p + "secret");
            String secretFile = values.get(p + "secret-file");
            if (secret == null && secretFile != null) {
                try {
                    secret = Files.readString(path(baseDir, secretFile), StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new ConfigException("cannot read " + p + "secret-file: " + e.getMessage());
                }
            }
            if (secret == null || secret.length() < 16 || !secret.matches("[\\x21-\\x7e]+")) {
                throw new ConfigException(p + "secret must be at least 16 printable ASCII characters without spaces");
            }
            long perDay = size(values, p + "bytes-per-day", values.get("token-defaults.bytes-per-day"));
            int concurrent = (int) Math.min(Integer.MAX_VALUE, number(values, p + "concurrent-uploads", values.get("token-defaults.concurrent-uploads")));
            long maxFile = size(values, p + "max-file-size", values.get("token-defaults.max-file-size"));
            tokens.add(new TokenPolicy(name, secret, perDay, concurrent, maxFile, values.get(p + "operator") != null && bool(values, p + "operator")));
        }
        for (int i = 0; i < tokens.size(); i++) {
            for (int j = i + 1; j < tokens.size(); j++) {
                if (tokens.get(i).secret().equals(tokens.get(j).secret())) {
                    throw new ConfigException("tokens " + tokens.get(i).name() + " and " + tokens.get(j).name() + " share a secret");
                }
            }
        }
        String tlsMode = req(values, "tls.mode");
        if (tlsMode.equals("false")) {
            tlsMode = "off"; // YAML 1.1 reads an unquoted off as false
        }
        if (!List.of("self-signed", "files", "off").contains(tlsMode)) {
            throw new ConfigException("tls.mode must be self-signed, files or off");
        }
        Optional<Path> cert = Optional.ofNullable(values.get("tls.cert")).map(v -> path(baseDir, v));
        Optional<Path> key = Optional.ofNullable(values.get("tls.key")).map(v -> path(baseDir, v));
        if (tlsMode.equals("files") && (cert.isEmpty() || key.isEmpty())) {
            throw new ConfigException("tls.mode files needs tls.cert and tls.key");
        }
        String host = req(values, "listen.host");
        if (tlsMode.equals("off") && !isLoopback(host)) {
            throw new ConfigException("tls.mode off is only allowed with a loopback listen.host");
        }
        long port = number(values, "listen.port", null);
        if (port > 65535) {
            throw new ConfigException("listen.port must be 0..65535");
        }
        int window = (int) Math.min(Integer.MAX_VALUE, size(values, "push.window-bytes", null));
        if (window < 0) {
            // 0 is stop-and-wait (one write in flight per server), useful to measure what the window buys.
            throw new ConfigException("push.window-bytes must be 0 (stop-and-wait) or more");
        }
        long perWrite = number(values, "push.segments-per-write", null);
        if (perWrite < 1 || perWrite > 32) {
            // each extra segment per write holds one more encoded segment (~0.44 MiB for 3-of-10) per upload
            throw new ConfigException("push.segments-per-write must be 1..32");
        }
        long writeBytes = size(values, "push.write-bytes", null);
        if (writeBytes < 1024 || writeBytes > 1_000_000) {
            // 1,000,000: UploadOptions' largest single write (Tahoe's ~1 MB requests)
            throw new ConfigException("push.write-bytes must be 1KiB..1000000");
        }
        long loops = number(values, "listen.event-loops", null);
        if (loops < 0 || loops > 1024) {
            throw new ConfigException("listen.event-loops must be 0 (one per core)..1024");
        }
        long segMax = size(values, "limits.max-segment-size", null);
        if (segMax < 1 || segMax > 64L << 20) {
            throw new ConfigException("limits.max-segment-size must be 1..64M");
        }
        long maxOpenSegments = number(values, "limits.max-open-segments", null);
        if (maxOpenSegments < 1 || maxOpenSegments > 1L << 26) {
            throw new ConfigException("limits.max-open-segments must be 1..67108864");
        }
        long checkpoint = size(values, "ingest.checkpoint-bytes", null);
        if (checkpoint < 4096) {
            throw new ConfigException("ingest.checkpoint-bytes must be at least 4096");
        }
        long clientSegment = size(values, "helper-as-client.max-segment-size", null);
        if (clientSegment < 1 || clientSegment > segMax) {
            throw new ConfigException("helper-as-client.max-segment-size must be 1.." + segMax + " (limits.max-segment-size)");
        }
        org.lafs.chk.EncodingParameters clientEncoding;
        try {
            clientEncoding = new org.lafs.chk.EncodingParameters(clampInt(number(values, "helper-as-client.shares.needed", null)),
                    clampInt(number(values, "helper-as-client.shares.happy", null)),
                    clampInt(number(values, "helper-as-client.shares.total", null)), (int) clientSegment);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("helper-as-client.shares: " + e.getMessage());
        }
        return new HelperConfig(
                host,
                (int) port,
                loops == 0 ? Runtime.getRuntime().availableProcessors() : (int) loops,
                tlsMode,
                cert,
                key,
                stateDir,
                Optional.ofNullable(values.get("grid.servers-yaml")).map(v -> path(baseDir, v)),
                Optional.ofNullable(values.get("grid.lease-secret-file")).map(v -> path(baseDir, v)).orElse(stateDir.resolve("lease_secret")),
                size(values, "limits.spool-quota", null),
                size(values, "limits.max-file-size", null),
                (int) segMax,
                maxOpenSegments,
                window,
                (int) perWrite,
                (int) writeBytes,
                checkpoint,
                duration(values, "uploads.expiry"),
                duration(values, "uploads.result-retention"),
                duration(values, "uploads.long-poll-max"),
                duration(values, "uploads.sweep-interval"),
                bool(values, "helper-as-client.enabled"),
                Optional.ofNullable(values.get("helper-as-client.convergence-secret-file")).map(v -> path(baseDir, v)).orElse(stateDir.resolve("convergence")),
                clientEncoding,
                List.copyOf(tokens),
                FoolscapKeys.parse(values, baseDir, stateDir));
    }

    /** A configured count as an int; out-of-range values stay out of range instead of wrapping. */
    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost") || host.startsWith("127.");
    }

    static Path path(Path base, String value) {
        Path p = Path.of(value);
        return p.isAbsolute() ? p : base.resolve(p).normalize();
    }

    static String req(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException("config key " + key + " must be set");
        }
        return v.trim();
    }

    static long number(Map<String, String> values, String key, String fallback) {
        String v = values.getOrDefault(key, fallback);
        if (v == null) {
            v = fallback;
        }
        try {
            long n = Long.parseLong(v == null ? "" : v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException("config key " + key + " must be a non-negative integer");
        }
    }

    /**
     * Parses a size in the one meaning every tool uses ({@link org.lafs.format.ByteSize}, Tahoe's
     * {@code parse_abbreviated_size}): K/M/G/T powers of 1000, KiB/MiB/GiB/TiB powers of 1024.
     */
    public static long parseSize(String text) {
        return org.lafs.format.ByteSize.parse(text);
    }

    static long size(Map<String, String> values, String key, String fallback) {
        String v = values.get(key);
        if (v == null) {
            v = fallback;
        }
        try {
            return parseSize(v == null ? "" : v);
        } catch (RuntimeException e) {
            throw new ConfigException("config key " + key + " must be a size (bytes, or with K/M/G/T for powers of 1000, "
                    + "KiB/MiB/GiB/TiB for powers of 1024)");
        }
    }

    static Duration duration(Map<String, String> values, String key) {
        try {
            return org.lafs.format.Durations.parse(values.get(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key " + key + " must be a duration (seconds, or with s/m/h/d)");
        }
    }

    static boolean bool(Map<String, String> values, String key) {
        String v = req(values, key);
        return switch (v) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new ConfigException("config key " + key + " must be true or false");
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
