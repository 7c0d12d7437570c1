package org.lafs.loadtest.scenario;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.Subcommand;
import org.lafs.loadtest.report.Report;

/**
 * Common frame of the end-to-end scenarios: parses the shared options, runs the scenario in a
 * {@link Lab} (grid and helper as child processes, all stopped at the end), writes
 * {@code <out>/<scenario>-<date>.json|.md} and charts, and prints the Markdown.
 */
abstract class ScenarioCommand implements Subcommand {
    static final String COMMON_USAGE = """
              --repeats R      runs per configuration (figures are median (min-max))
              --work-dir DIR   scratch space for grid, helper spool and logs (default /tmp; deleted after)
              --grid-dir DIR   scratch space for the grid's shares only (default: in --work-dir). A
                               tmpfs such as /dev/shm keeps the grid's writes (3.3x the ciphertext
                               for 3-of-10) off this disk, as if the grid ran on other machines;
                               on a shared disk they delay the helper's own spool fsyncs
              --out DIR        result directory (default loadtest/results)""";

    abstract Set<String> valued();

    Set<String> flags() {
        return Set.of();
    }

    abstract void execute(Lab lab, Args a, int repeats, Report report) throws Exception;

    /** Runs per configuration without --repeats; one unless a scenario needs a median. */
    int defaultRepeats() {
        return 1;
    }

    @Override
    public final int run(String[] argv) throws Exception {
        Set<String> v = new HashSet<>(valued());
        v.addAll(List.of("repeats", "work-dir", "grid-dir", "out"));
        Args a = Args.parse(argv, v, flags());
        int repeats = a.integer("repeats", defaultRepeats(), 1, 20);
        Path out = Path.of(a.string("out", "loadtest/results"));
        Path work = Path.of(a.string("work-dir", System.getProperty("java.io.tmpdir")));
        validate(a);
        ResultsDir.set(out);
        Report report = new Report(name(), ("bin/loadtest " + name() + " " + String.join(" ", argv)).trim());
        String gridDir = a.string("grid-dir", null);
        Path gridRoot = gridDir == null ? null : Path.of(gridDir);
        try (Lab lab = new Lab(work, gridRoot)) {
            execute(lab, a, repeats, report);
        }
        Path md = report.write(out);
        System.out.println(report.markdown());
        System.out.println("written: " + md + " (and .json, charts)");
        return 0;
    }

    /** Parses every option once before anything starts, so misuse fails fast. */
    void validate(Args a) {
    }

    static long size(Args a, String name, String def, long min, long max) {
        return Sizes.parse(name, a.string(name, def), min, max);
    }
}
