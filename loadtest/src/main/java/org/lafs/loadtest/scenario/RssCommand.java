package org.lafs.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.UsageException;
import org.lafs.loadtest.report.Report;

/** {@code bin/loadtest rss}: does the helper's RSS come back after concurrent uploads, per JVM setting? */
public final class RssCommand extends ScenarioCommand {
    @Override
    public String name() {
        return "rss";
    }

    @Override
    public String summary() {
        return "helper RSS during and after concurrent uploads, per JVM setting (Parallel GC vs the shipped defaults)";
    }

    @Override
    public String usage() {
        return """
                  --concurrency C   uploads at once (default 4)
                  --size SIZE       file size of each (default 100MB)
                  --idle SECONDS    idle time after the uploads, RSS sampled each second (default 60)
                  --jvm LIST        ';'-separated settings: parallel (Parallel GC, default heap cap: what
                                    the launchers shipped before), shipped (bin/_server_jvm.sh), or
                                    literal JVM flags (default parallel;shipped)
                  --quick           2 x 16MB, 20 s idle
                """ + COMMON_USAGE;
    }

    @Override
    Set<String> valued() {
        return Set.of("concurrency", "size", "idle", "jvm");
    }

    @Override
    Set<String> flags() {
        return Set.of("quick");
    }

    static RssScenario.Params params(Args a) {
        boolean q = a.flag("quick");
        List<String> settings = new ArrayList<>();
        for (String s : a.string("jvm", "parallel;shipped").split(";")) {
            if (!s.isBlank()) {
                settings.add(s.trim());
            }
        }
        if (settings.isEmpty() || settings.size() > 6) {
            throw new UsageException("--jvm takes 1..6 ';'-separated settings");
        }
        return new RssScenario.Params(a.integer("concurrency", q ? 2 : 4, 1, 64), size(a, "size", q ? "16MB" : "100MB", 56, 8L << 30),
                a.integer("idle", q ? 20 : 60, 0, 3600), settings, 3, 10);
    }

    @Override
    void validate(Args a) {
        params(a).settings().forEach(RssScenario::flags);
    }

    @Override
    void execute(Lab lab, Args a, int repeats, Report report) throws Exception {
        RssScenario.run(lab, params(a), report);
    }
}
