package org.lafs.loadtest.scenario;

import java.util.Set;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.report.Report;

/** {@code bin/loadtest window}: push throughput by window and added RTT (delaying proxies). */
public final class WindowCommand extends ScenarioCommand {
    @Override
    public String name() {
        return "window";
    }

    @Override
    public String summary() {
        return "helper push throughput and memory by window (0..1 MB) and added RTT (0..20 ms)";
    }

    @Override
    public String usage() {
        return """
                  --size SIZE       file size (default 16MiB)
                  --windows LIST    push.window-bytes values (default 0,50000,200000,1000000)
                  --rtts LIST       added round-trip ms helper<->servers (default 0,5,20)
                  --segments-per-write N  helper push.segments-per-write (default 1: one block per
                                    write, the Tahoe 1.5 pipeline the window claim is about)
                  --warm-up SIZE    unmeasured uploads on each fresh helper first (default 1MiB)
                """ + COMMON_USAGE + "\n  (default --repeats 2)";
    }

    @Override
    Set<String> valued() {
        return Set.of("size", "windows", "rtts", "segments-per-write", "warm-up");
    }

    @Override
    int defaultRepeats() {
        return 2;
    }

    static WindowScenario.Params params(Args a, int repeats) {
        return new WindowScenario.Params(size(a, "size", "16MiB", 56, 4L << 30),
                Sizes.list("windows", a.string("windows", "0,50000,200000,1000000"), 0, 64L << 20, 8),
                Sizes.list("rtts", a.string("rtts", "0,5,20"), 0, 1000, 8), 3, 10, repeats,
                a.integer("segments-per-write", 1, 1, 32), size(a, "warm-up", "1MiB", 0, 16L << 30));
    }

    @Override
    void validate(Args a) {
        params(a, 1);
    }

    @Override
    void execute(Lab lab, Args a, int repeats, Report report) throws Exception {
        WindowScenario.run(lab, params(a, repeats), report);
    }
}
