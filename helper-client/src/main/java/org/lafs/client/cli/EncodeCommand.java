package org.lafs.client.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.Capability;

/**
 * {@code encode FILE --out DIR}: writes each share container to {@code DIR/<shnum>} (the bytes
 * a storage server would hold for that share) and prints the cap. A LIT file writes nothing.
 */
final class EncodeCommand implements Command {
    private static final Set<String> OPTIONS = options();

    private static Set<String> options() {
        Set<String> s = new HashSet<>(CapCommand.OPTIONS);
        s.add("--out");
        return Set.copyOf(s);
    }

    @Override
    public String name() {
        return "encode";
    }

    @Override
    public String summary() {
        return "write the share containers of a file to DIR/<shnum> and print its capability";
    }

    @Override
    public String usage() {
        return "usage: helper-client encode FILE --out DIR [options]\n"
                + "  --out DIR           directory for the shares (created if missing)\n"
                + EncodingOptions.USAGE + "\n"
                + CapCommand.SECRET_USAGE;
    }

    @Override
    public int run(List<String> argList, CliContext ctx) throws CliException {
        Args a = Args.parse(argList, OPTIONS);
        Path file = CapCommand.singleFile(a, name());
        String out = a.option("--out");
        if (out == null) {
            throw CliException.usage("encode needs --out DIR");
        }
        CapCommand.Secret s = CapCommand.secret(a, ctx);
        EncodingParameters p = s.params();
        byte[] secret = s.secret();
        Path dir = prepare(out);
        long size = PlaintextFile.size(file);
        Capability cap;
        try (Workers workers = new Workers(); DirectoryShareSink sink = new DirectoryShareSink(dir, p.n())) {
            cap = Chk.encode(() -> Files.newInputStream(file), size, secret, p, sink, workers.executor());
        } catch (DirectoryShareSink.WriteFailure e) {
            throw CliException.failure("cannot write shares to " + dir + ": " + PlaintextFile.describe(e.getCause()));
        } catch (IOException e) {
            throw CliException.failure("reading " + file + ": " + PlaintextFile.describe(e));
        }
        ctx.out().println(cap.uri());
        return 0;
    }

    private static Path prepare(String out) throws CliException {
        Path dir = Path.of(out);
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw CliException.failure("cannot create output directory " + dir + " (permission denied)");
        } catch (IOException e) {
            throw CliException.failure("cannot create output directory " + dir + ": " + PlaintextFile.describe(e));
        }
        if (!Files.isWritable(dir)) {
            throw CliException.failure("output directory " + dir + " is not writable");
        }
        return dir;
    }
}
