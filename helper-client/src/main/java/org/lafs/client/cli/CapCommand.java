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
                + "  --convergence FILE  Tahoe convergence secret file (base32); default: created once in\n"
                + "                      $XDG_CONFIG_HOME/lafs-helper/convergence (or ~/.config/...)";
    }

    @Override
    public int run(List<String> argList, CliContext ctx) throws CliException {
        Args a = Args.parse(argList, OPTIONS);
        Path file = singleFile(a, name());
        EncodingParameters p = EncodingOptions.parse(a);
        byte[] secret = ConvergenceSecret.resolve(a.option("--convergence"), ctx.env());
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

    static Path singleFile(Args a, String command) throws CliException {
        if (a.positional().size() != 1) {
            throw CliException.usage(command + " needs exactly one FILE argument, got " + a.positional().size());
        }
        return PlaintextFile.check(a.positional().get(0));
    }
}
