package org.lafs.client.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import org.lafs.chk.cap.Capability;
import org.lafs.client.ClientConfig;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.client.progress.ProgressPrinter;

/**
 * {@code get CAP [-o OUT]}: downloads and verifies a file. With {@code -o} the bytes go to
 * {@code OUT.part} first and are renamed to OUT only after the whole file was verified, so OUT
 * never holds a partial or wrong file; without it they stream to standard output (each segment
 * is verified before it is written).
 */
final class GetCommand implements Command {
    @Override
    public String name() {
        return "get";
    }

    @Override
    public String summary() {
        return "download a capability (URI:CHK: or URI:LIT:) to a file or standard output";
    }

    @Override
    public String usage() {
        return "usage: helper-client get CAP [-o OUT] [--node-dir DIR]\n"
                + "  -o, --output OUT    write to OUT (atomically) instead of standard output\n"
                + "  --offset N, --length N   only this byte range";
    }

    @Override
    public int run(List<String> argList, CliContext ctx) throws CliException {
        Args a = Args.parse(argList, NodeOptions.plus("-o", "--output", "--offset", "--length"), NodeOptions.FLAGS);
        if (a.positional().size() != 1) {
            throw CliException.usage("get needs exactly one CAP argument");
        }
        Capability cap;
        try {
            cap = LafsClient.parseCap(a.positional().get(0));
        } catch (LafsException e) {
            throw CliException.usage(Main.oneLine(e.getMessage()));
        }
        long size = LafsClient.size(cap);
        long offset = longOption(a, "--offset", 0);
        long length = longOption(a, "--length", Math.max(0, size - offset));
        if (offset > size || offset + length > size) {
            throw CliException.usage("range " + offset + "+" + length + " is outside the file's " + size + " bytes");
        }
        String outName = a.option("-o") != null ? a.option("-o") : a.option("--output");
        ClientConfig config = NodeOptions.config(a, ctx);
        ProgressPrinter progress = new ProgressPrinter(ctx.err(), ctx.err() == System.err && ProgressPrinter.stderrIsTerminal());
        try (LafsClient client = new LafsClient(config)) {
            if (outName == null) {
                OutputStream out = ctx.out();
                client.download(cap, offset, length, out, ProgressListener.NONE);
                out.flush();
                return 0;
            }
            Path target = Path.of(outName);
            Path part = target.resolveSibling(target.getFileName() + ".part");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                client.download(cap, offset, length, out, progress);
            } catch (LafsException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.finish();
            return 0;
        } catch (LafsException e) {
            progress.finish();
            throw CliException.failure(Main.oneLine(e.getMessage()));
        } catch (IOException e) {
            throw CliException.failure("writing " + outName + ": " + PlaintextFile.describe(e));
        }
    }

    static long longOption(Args a, String name, long fallback) throws CliException {
        String v = a.option(name);
        if (v == null) {
            return fallback;
        }
        if (!v.matches("[0-9]{1,18}")) {
            throw CliException.usage(name + " must be a decimal number");
        }
        return Long.parseLong(v);
    }
}
