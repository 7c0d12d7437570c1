package org.lafs.loadtest.scenario;

import java.util.List;
import java.util.Set;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.UsageException;
import org.lafs.loadtest.report.Report;

/** {@code bin/loadtest throughput}: unthrottled helper MB/s vs codec, dedup hit, completion time. */
public final class ThroughputCommand extends ScenarioCommand {
    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String summary() {
        return "helper MB/s with unthrottled clients vs the codec ceiling; dedup hit cost; time after last byte";
    }

    @Override
    public String usage() {
        return """
                  --size SIZE     file size per client (default 64M)
                  --clients C     simultaneous clients (default 2)
                  --warm-up SIZE  unmeasured uploads first, so the JIT has settled (default 512M; 0 = 1 MiB only)
                  --segments-per-write LIST  helper push.segments-per-write values compared (default 1,4,8)
                """ + COMMON_USAGE + "\n  (default --repeats 3)";
    }

    @Override
    Set<String> valued() {
        return Set.of("size", "clients", "warm-up", "segments-per-write");
    }

    @Override
    int defaultRepeats() {
        return 3;
    }

    static ThroughputScenario.Params params(Args a, int repeats) {
        return new ThroughputScenario.Params(size(a, "size", "64M", 56, 8L << 30), a.integer("clients", 2, 1, 64), 3, 10, repeats,
                size(a, "warm-up", "512M", 0, 16L << 30), perWrite(a.string("segments-per-write", "1,4,8")));
    }

    private static List<Integer> perWrite(String list) {
        List<Integer> out = new java.util.ArrayList<>();
        for (String v : list.split(",")) {
            try {
                int g = Integer.parseInt(v.trim());
                if (g < 1 || g > 32) {
                    throw new UsageException("--segments-per-write values must be 1..32, got " + g);
                }
                out.add(g);
            } catch (NumberFormatException e) {
                throw new UsageException("--segments-per-write takes a comma-separated list of numbers, got '" + list + "'");
            }
        }
        return out;
    }

    @Override
    void validate(Args a) {
        params(a, 1);
    }

    @Override
    void execute(Lab lab, Args a, int repeats, Report report) throws Exception {
        ThroughputScenario.run(lab, params(a, repeats), report);
    }
}
