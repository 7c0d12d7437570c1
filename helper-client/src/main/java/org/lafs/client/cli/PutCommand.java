package org.lafs.client.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.lafs.client.ClientConfig;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.UploadReport;
import org.lafs.format.ByteSize;
import org.lafs.client.progress.ProgressPrinter;

/**
 * {@code put FILE}: uploads a file and prints its cap on standard output. Progress goes to
 * standard error (a bar on a terminal, plain lines otherwise); a re-run after an interruption
 * resumes (the helper keeps the received ciphertext; the node directory keeps the key).
 */
final class PutCommand implements Command {
    @Override
    public String name() {
        return "put";
    }

    @Override
    public String summary() {
        return "upload a file (through the helper, or --direct) and print its capability";
    }

    @Override
    public String usage() {
        return "usage: helper-client put FILE [options]\n" + NodeOptions.USAGE
                + "\n  --quiet             no progress output";
    }

    @Override
    public int run(List<String> argList, CliContext ctx) throws CliException {
        Args a = Args.parse(argList, NodeOptions.VALUES, java.util.Set.of("--direct", "--quiet"));
        Path file = CapCommand.singleFile(a, name());
        ClientConfig config = NodeOptions.config(a, ctx);
        boolean quiet = a.flag("--quiet");
        ProgressPrinter progress = new ProgressPrinter(ctx.err(), ctx.err() == System.err && ProgressPrinter.stderrIsTerminal());
        UploadReport r;
        try (LafsClient client = new LafsClient(config)) {
            r = client.upload(file, quiet ? org.lafs.client.ProgressListener.NONE : progress);
        } catch (LafsException e) {
            progress.finish();
            throw CliException.failure(Main.oneLine(e.getMessage()));
        }
        progress.finish();
        if (!quiet) {
            ctx.err().println(summary(r));
        }
        ctx.out().println(r.cap().uri());
        return 0;
    }

    static String summary(UploadReport r) {
        StringBuilder b = new StringBuilder("done: ").append(r.mode()).append(", ").append(ByteSize.format(r.size()));
        if (r.alreadyInGrid()) {
            b.append(", already in the grid");
        } else if (!r.mode().equals("literal")) {
            b.append(", sent ").append(ByteSize.format(r.bytesSent()));
            if (r.resumedFrom() > 0) {
                b.append(" (resumed at ").append(ByteSize.format(r.resumedFrom())).append(")");
            }
            b.append(", shares pushed ").append(r.pushedShares()).append(", preexisting ").append(r.preexistingShares());
        }
        Map<String, java.time.Duration> p = r.phases();
        if (p.containsKey("total")) {
            b.append(String.format(java.util.Locale.ROOT, ", %.1f s", p.get("total").toMillis() / 1000.0));
        }
        return b.toString();
    }
}
