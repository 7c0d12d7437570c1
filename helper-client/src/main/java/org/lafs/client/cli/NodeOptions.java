package org.lafs.client.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.lafs.client.ClientConfig;
import org.lafs.format.ByteSize;
import org.lafs.client.config.NodeDirectory;

/**
 * The options shared by {@code put/get/check/node}: node directory, helper or direct, throttle
 * and encoding parameters. Command-line values override {@code tahoe.cfg} (docs/client.md).
 */
final class NodeOptions {
    static final Set<String> VALUES = values();
    static final Set<String> FLAGS = Set.of("--direct");
    static final String USAGE = """
              --node-dir DIR      node directory (default $LAFS_CLIENT_DIR, else ~/.local/share/lafs-helper/client)
              --helper URL        upload through this helper (https://host:port[/helper/v1]); overrides helper.url
              --token T           the helper's bearer token; overrides the token file
              --helper-pin PIN    the helper certificate's SPKI SHA-256 pin; overrides helper.spki-sha256
              --direct            upload directly to the grid of private/servers.yaml, even if a helper is set
              --throttle RATE     limit the upload rate, e.g. 500KB or 4MB (bytes/s)
              --retry-for TIME    keep retrying an unreachable helper this long without progress
                                  (e.g. 30s, 10m; default [client] helper.retry-for, else 10m)
            """ + EncodingOptions.USAGE;

    private static Set<String> values() {
        Set<String> s = new HashSet<>(EncodingOptions.NAMES);
        s.addAll(Set.of("--node-dir", "--helper", "--token", "--helper-pin", "--throttle", "--retry-for"));
        return Set.copyOf(s);
    }

    private NodeOptions() {}

    static Set<String> plus(String... more) {
        Set<String> s = new HashSet<>(VALUES);
        s.addAll(Set.of(more));
        return s;
    }

    /** {@link #FLAGS} and {@code more}. */
    static Set<String> flagsPlus(String... more) {
        Set<String> s = new HashSet<>(FLAGS);
        s.addAll(Set.of(more));
        return s;
    }

    static NodeDirectory nodeDir(Args a, CliContext ctx) throws CliException {
        String d = a.option("--node-dir");
        Path dir = d != null ? Path.of(d) : NodeDirectory.defaultPath(ctx.env());
        try {
            return NodeDirectory.open(dir);
        } catch (IOException e) {
            throw CliException.failure("cannot open node directory " + dir + ": " + PlaintextFile.describe(e));
        } catch (IllegalArgumentException e) {
            throw CliException.failure(Main.oneLine(e.getMessage()));
        }
    }

    static ClientConfig config(Args a, CliContext ctx) throws CliException {
        NodeDirectory node = nodeDir(a, ctx);
        NodeDirectory.Overrides o = new NodeDirectory.Overrides();
        o.helperUrl = a.option("--helper");
        o.token = a.option("--token");
        o.helperPin = a.option("--helper-pin");
        o.direct = a.flag("--direct");
        if (o.direct && o.helperUrl != null) {
            throw CliException.usage("--direct and --helper exclude each other");
        }
        if (a.option("--throttle") != null) {
            try {
                o.throttle = ByteSize.parse(a.option("--throttle"));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--throttle: " + e.getMessage());
            }
            if (o.throttle < 1000) {
                throw CliException.usage("--throttle must be at least 1KB (1000 bytes/s)");
            }
        }
        if (a.option("--retry-for") != null) {
            try {
                o.retryFor = org.lafs.format.Durations.parse(a.option("--retry-for"));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--retry-for: " + e.getMessage());
            }
        }
        o.needed = intOrNull(a, "--needed");
        o.total = intOrNull(a, "--total");
        o.happy = intOrNull(a, "--happy");
        o.segmentSize = a.option("--segment-size") == null ? null
                : a.intOption("--segment-size", 0, 1, org.lafs.chk.EncodingParameters.MAX_SEGMENT_SIZE);
        try {
            return node.config(o);
        } catch (IOException e) {
            throw CliException.failure("node directory " + node.dir() + ": " + PlaintextFile.describe(e));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(Main.oneLine(e.getMessage()));
        }
    }

    private static Integer intOrNull(Args a, String name) throws CliException {
        return a.option(name) == null ? null : a.intOption(name, 0, 1, org.lafs.chk.EncodingParameters.MAX_SHARES);
    }
}
