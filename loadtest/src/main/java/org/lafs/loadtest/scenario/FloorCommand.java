package org.lafs.loadtest.scenario;

import java.util.Set;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.floor.FloorScenario;
import org.lafs.loadtest.report.Report;

/** {@code bin/loadtest floor}: the CPU cost of the unavoidable work, and the ceiling it sets. */
public final class FloorCommand extends ScenarioCommand {
    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String summary() {
        return "CPU per MB of the work no upload can avoid (hashing, coding, TLS, sockets, files) and the MB/s ceiling it sets";
    }

    @Override
    public String usage() {
        return """
                  --size SIZE     ciphertext each measurement stands for (default 256MiB)
                """ + COMMON_USAGE + "\n  (default --repeats 5; --grid-dir: where the share writes go)";
    }

    @Override
    Set<String> valued() {
        return Set.of("size");
    }

    @Override
    int defaultRepeats() {
        return 5;
    }

    private static FloorScenario.Params params(Args a, int repeats) {
        return new FloorScenario.Params(3, 10, 131072, size(a, "size", "256MiB", 1 << 20, 8L << 30), repeats);
    }

    @Override
    void validate(Args a) {
        params(a, 1);
    }

    @Override
    void execute(Lab lab, Args a, int repeats, Report report) throws Exception {
        FloorScenario.run(params(a, repeats), lab.dir.resolve("floor"), lab.gridDir().resolve("floor"), report);
    }
}
