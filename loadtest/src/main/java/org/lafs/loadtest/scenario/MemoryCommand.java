package org.lafs.loadtest.scenario;

import java.util.Set;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.UsageException;
import org.lafs.loadtest.report.Report;

/** {@code bin/loadtest memory}: helper heap and RSS by file size and concurrency. */
public final class MemoryCommand extends ScenarioCommand {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String summary() {
        return "helper heap/RSS for 1 MB..1 GB files and 1..50 concurrent uploads (--quick: small)";
    }

    @Override
    public String usage() {
        return """
                  --sizes LIST           file sizes, one upload each (default 1MiB,100MiB,1GiB; --quick 1MiB,32MiB)
                  --concurrency LIST     simultaneous uploads (default 1,10,50; --quick 1,5)
                  --concurrent-size SIZE file size in the concurrency phases (default 8MiB; --quick 4MiB)
                  --heap SIZE            helper -Xmx (default 512m)
                  --window BYTES         push.window-bytes (default 50000)
                  --quick                small sizes
                """ + COMMON_USAGE + "\n  (default --repeats 1)";
    }

    @Override
    Set<String> valued() {
        return Set.of("sizes", "concurrency", "concurrent-size", "heap", "window");
    }

    @Override
    Set<String> flags() {
        return Set.of("quick");
    }

    static MemoryScenario.Params params(Args a, int repeats) {
        boolean q = a.flag("quick");
        String heap = a.string("heap", "512m");
        if (!heap.matches("[0-9]{1,5}[mgMG]")) {
            throw new UsageException("--heap: expected e.g. 512m or 2g, got '" + heap + "'");
        }
        return new MemoryScenario.Params(Sizes.list("sizes", a.string("sizes", q ? "1MiB,32MiB" : "1MiB,100MiB,1GiB"), 56, 64L << 30, 8),
                Sizes.list("concurrency", a.string("concurrency", q ? "1,5" : "1,10,50"), 1, 200, 8),
                size(a, "concurrent-size", q ? "4MiB" : "8MiB", 56, 1L << 30), 3, 10, a.integer("window", 50_000, 0, 16 << 20), heap, repeats);
    }

    @Override
    void validate(Args a) {
        params(a, 1);
    }

    @Override
    void execute(Lab lab, Args a, int repeats, Report report) throws Exception {
        MemoryScenario.run(lab, params(a, repeats), report);
    }
}
