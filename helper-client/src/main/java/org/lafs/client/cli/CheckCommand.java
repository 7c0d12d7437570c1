package org.lafs.client.cli;

import java.util.List;
import java.util.Map;
import org.lafs.chk.cap.Capability;
import org.lafs.client.CheckReport;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;

/**
 * {@code check CAP [--verify]}: which shares are where, and is the file healthy. Exit 0 when
 * healthy (all n shares good), 3 when recoverable but not healthy, 1 when not recoverable.
 */
final class CheckCommand implements Command {
    /** Exit code of a readable file that is missing shares (Tahoe's "not healthy"). */
    static final int UNHEALTHY = 3;

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "show where a file's shares are and whether it is healthy";
    }

    @Override
    public String usage() {
        return "usage: helper-client check CAP [--verify] [--node-dir DIR]\n"
                + "  --verify            read and check every block too (slow: reads all shares)";
    }

    @Override
    public int run(List<String> argList, CliContext ctx) throws CliException {
        Args a = Args.parse(argList, NodeOptions.VALUES, java.util.Set.of("--direct", "--verify"));
        if (a.positional().size() != 1) {
            throw CliException.usage("check needs exactly one CAP argument");
        }
        Capability cap;
        try {
            cap = LafsClient.parseCap(a.positional().get(0));
        } catch (LafsException e) {
            throw CliException.usage(Main.oneLine(e.getMessage()));
        }
        CheckReport r;
        try (LafsClient client = new LafsClient(NodeOptions.config(a, ctx))) {
            r = client.check(cap, a.flag("--verify"));
        } catch (LafsException e) {
            throw CliException.failure(Main.oneLine(e.getMessage()));
        }
        var out = ctx.out();
        out.println("storage index: " + r.storageIndex());
        out.println("shares: " + r.goodShares() + " good of " + r.n() + " (need " + r.k() + "), on "
                + r.serversWithShares() + " servers" + (r.verified() ? ", all blocks verified" : ""));
        for (Map.Entry<Integer, List<String>> e : r.shares().entrySet()) {
            out.println("  share " + e.getKey() + ": " + String.join(", ", e.getValue()));
        }
        for (String c : r.corrupt()) {
            out.println("  corrupt: " + Main.oneLine(c));
        }
        for (String u : r.unreachableServers()) {
            out.println("  unreachable: " + u);
        }
        out.println(r.healthy() ? "healthy" : r.recoverable() ? "not healthy (recoverable)" : "not recoverable");
        return r.healthy() ? 0 : r.recoverable() ? UNHEALTHY : CliException.FAILURE;
    }
}
