package org.lafs.loadtest.scenario;

import java.util.Set;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.report.Report;

/** {@code bin/loadtest throttle}: helper vs direct upload on a throttled uplink. */
public final class ThrottleCommand extends ScenarioCommand {
    @Override
    public String name() {
        return "throttle";
    }

    @Override
    public String summary() {
        return "helper vs direct upload through a throttled client uplink (expect time ratio ~ k/n)";
    }

    @Override
    public String usage() {
        return """
                  --size SIZE      file size (default 4MiB; K/M/G = 1000^n, KiB/MiB/GiB = 1024^n)
                  --rate BYTES/S   client uplink (default 1000000)
                  --burst SIZE     token-bucket burst (default 64KiB)
                  --codes K/N,...  codes to compare (default 1/3,3/10,5/20)
                  --direct pipeline|shares  direct side: real UploadPipeline (default) or share-sized writes only
                """ + COMMON_USAGE + "\n  (default --repeats 3)";
    }

    @Override
    Set<String> valued() {
        return Set.of("size", "rate", "burst", "codes", "direct");
    }

    @Override
    int defaultRepeats() {
        return 3;
    }

    static ThrottleScenario.Params params(Args a, int repeats) {
        return new ThrottleScenario.Params(size(a, "size", "4MiB", 56, 1L << 30), size(a, "rate", "1000000", 10_000, 10L << 30),
                size(a, "burst", "64KiB", 0, 64L << 20), Sizes.codes(a.string("codes", "1/3,3/10,5/20")), repeats,
                a.choice("direct", "pipeline", "pipeline", "shares").equals("pipeline"));
    }

    @Override
    void validate(Args a) {
        params(a, 1);
    }

    @Override
    void execute(Lab lab, Args a, int repeats, Report report) throws Exception {
        ThrottleScenario.run(lab, params(a, repeats), report);
    }
}
