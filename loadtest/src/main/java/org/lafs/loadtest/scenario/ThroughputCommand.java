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
                  --size SIZE     file size per client (default 64MiB)
                  --clients C     simultaneous clients (default 2)
                  --warm-up SIZE  unmeasured uploads first, so the JIT has settled (default 512MiB; 0 = 1 MiB only)
                  --settle-jit MS then more warm-up rounds (clients x 64 MiB each) until one costs the helper's
                                  JIT compiler threads under MS CPU ms per MB (default 0: off)
                  --warm-up-max SIZE  bound on the warm-up with --settle-jit (default 8GiB)
                  --segments-per-write LIST  helper push.segments-per-write values compared (default 1,4,8)
                  --helper-event-loops N  the helper's listen.event-loops (default 0: one per core)
                """ + COMMON_USAGE + "\n  (default --repeats 3)";
    }

    @Override
    Set<String> valued() {
        return Set.of("size", "clients", "warm-up", "segments-per-write", "settle-jit", "warm-up-max", "helper-event-loops");
    }

    @Override
    int defaultRepeats() {
        return 3;
    }

    static ThroughputScenario.Params params(Args a, int repeats) {
        long warmUp = size(a, "warm-up", "512MiB", 0, 16L << 30);
        long max = size(a, "warm-up-max", "8GiB", 0, 64L << 30);
        double settle = a.decimal("settle-jit", 0, 0, 1000);
        if (settle > 0 && max < warmUp) {
            throw new UsageException("--warm-up-max must be at least --warm-up");
        }
        return new ThroughputScenario.Params(size(a, "size", "64MiB", 56, 8L << 30), a.integer("clients", 2, 1, 64), 3, 10, repeats,
                warmUp, perWrite(a.string("segments-per-write", "1,4,8")), settle, Math.max(max, warmUp),
                a.integer("helper-event-loops", 0, 0, 64));
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
