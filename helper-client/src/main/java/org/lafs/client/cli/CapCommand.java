package org.lafs.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.Capability;
import org.lafs.chk.encode.ShareSink;

/** {@code cap FILE}: prints the capability Tahoe would give FILE (offline, nothing stored). */
final class CapCommand implements Command {
    static final Set<String> OPTIONS = options();

    private static Set<String> options() {
        Set<String> s = new HashSet<>(EncodingOptions.NAMES);
        s.add("--convergence");
        s.add("--node-dir");
        return Set.copyOf(s);
    }

    @Override
    public String name() {
        return "cap";
    }

    @Override
    public String summary() {
        return "print the immutable capability (URI:CHK or URI:LIT) of a file, offline";
    }

    @Override
    public String usage() {
        return "usage: helper-client cap FILE [options]\n"
                + EncodingOptions.USAGE + "\n"
                + SECRET_USAGE;
    }

    @Override
    public int run(List<String> argList, CliContext ctx) throws CliException {
        Args a = Args.parse(argList, OPTIONS);
        Path file = singleFile(a, name());
        Secret s = secret(a, ctx);
        EncodingParameters p = s.params();
        byte[] secret = s.secret();
        long size = PlaintextFile.size(file);
        Capability cap;
        try (Workers workers = new Workers()) {
            cap = Chk.encode(() -> Files.newInputStream(file), size, secret, p, ShareSink.DISCARD, workers.executor());
        } catch (IOException e) {
            throw CliException.failure("reading " + file + ": " + PlaintextFile.describe(e));
        }
        ctx.out().println(cap.uri());
        return 0;
    }

    static final String SECRET_USAGE = """
              --node-dir DIR      node directory whose private/convergence and [client] shares.* are used,
                                  as put uses them (default $LAFS_CLIENT_DIR, else ~/.local/share/lafs-helper/client)
              --convergence FILE  a Tahoe convergence secret file (base32) instead; then the parameters
                                  are the options above or Tahoe's defaults, and no node directory is read""";

    record Secret(byte[] secret, EncodingParameters params) {}

    /**
     * The convergence secret and parameters of an offline command, exactly as {@code put} would
     * take them: {@code --convergence FILE} if given, otherwise the node directory's
     * {@code private/convergence} (created there on first use, as put does) and its
     * {@code [client] shares.*}; command-line parameters override either.
     */
    static Secret secret(Args a, CliContext ctx) throws CliException {
        if (a.option("--convergence") != null) {
            byte[] secret = ConvergenceSecret.load(Path.of(a.option("--convergence")));
            EncodingParameters base = EncodingParameters.DEFAULTS;
            if (a.option("--node-dir") != null) {
                base = NodeOptions.nodeDir(a, ctx).parameters();
            }
            return new Secret(secret, EncodingOptions.parse(a, base));
        }
        org.lafs.client.config.NodeDirectory node = NodeOptions.nodeDir(a, ctx);
        byte[] secret;
        try {
            secret = node.convergenceSecret();
        } catch (IOException e) {
            throw CliException.failure("node directory " + node.dir() + ": " + PlaintextFile.describe(e));
        } catch (IllegalArgumentException e) {
            throw CliException.failure(Main.oneLine(e.getMessage()) + " of " + node.dir());
        }
        EncodingParameters base;
        try {
            base = node.parameters();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(Main.oneLine(e.getMessage()));
        }
        return new Secret(secret, EncodingOptions.parse(a, base));
    }

    static Path singleFile(Args a, String command) throws CliException {
        if (a.positional().size() != 1) {
            throw CliException.usage(command + " needs exactly one FILE argument, got " + a.positional().size());
        }
        return PlaintextFile.check(a.positional().get(0));
    }
}
