package org.lafs.loadtest.scenario;

import java.util.List;
import java.util.Set;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.report.Report;

/**
 * {@code bin/loadtest quick}: a small version of every scenario (one grid process, several
 * helper processes) meant to finish in under two minutes; what CI may run.
 */
public final class QuickCommand extends ScenarioCommand {
    @Override
    public String name() {
        return "quick";
    }

    @Override
    public String summary() {
        return "small versions of throttle, memory, window, throughput and floor (< 2 min; for CI)";
    }

    @Override
    public String usage() {
        return COMMON_USAGE + "\n  (default --repeats 1)";
    }

    @Override
    Set<String> valued() {
        return Set.of();
    }

    @Override
    void execute(Lab lab, Args a, int repeats, Report report) throws Exception {
        ThrottleScenario.run(lab, new ThrottleScenario.Params(1 << 20, 2_000_000, 64 << 10,
                List.of(new int[] {1, 3}, new int[] {3, 10}), repeats, true), report);
        ThroughputScenario.run(lab, new ThroughputScenario.Params(8 << 20, 1, 3, 10, repeats, 1 << 20, List.of(org.lafs.upload.UploadOptions.DEFAULT_SEGMENTS_PER_WRITE)), report);
        WindowScenario.run(lab, new WindowScenario.Params(2 << 20, List.of(0L, 200_000L), List.of(0L, 20L), 3, 10, repeats, 1, 1 << 20), report);
        MemoryScenario.run(lab, new MemoryScenario.Params(List.of(1L << 20, 8L << 20), List.of(4L), 2 << 20, 3, 10, 50_000,
                "256m", repeats), report);
        org.lafs.loadtest.floor.FloorScenario.run(new org.lafs.loadtest.floor.FloorScenario.Params(3, 10, 131072, 16 << 20,
                repeats), lab.dir.resolve("floor"), lab.gridDir().resolve("floor"), report);
    }
}
