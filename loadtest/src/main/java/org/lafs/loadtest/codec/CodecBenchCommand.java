package org.lafs.loadtest.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lafs.loadtest.Args;
import org.lafs.loadtest.Subcommand;
import org.lafs.loadtest.UsageException;
import org.lafs.loadtest.bench.BenchData;
import org.lafs.loadtest.bench.CodecBenchmark;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bin/loadtest codec-bench}: JMH encode/decode of 3-of-10 (by default) 128 KiB segments,
 * single thread, scalar and vector codec, on this JVM and on a JDK 17 if one is installed, next
 * to python3-zfec timing the same bytes in the same run. Writes
 * {@code loadtest/results/codec-<date>-<HHmm>.json} and {@code .md}.
 */
public final class CodecBenchCommand implements Subcommand {
    private static final String JVM_FLAGS_MODULE = "--add-modules=jdk.incubator.vector";

    @Override
    public String name() {
        return "codec-bench";
    }

    @Override
    public String summary() {
        return "JMH codec benchmark (scalar, vector; JDK 25 and 17) next to python3-zfec; writes loadtest/results/";
    }

    @Override
    public String usage() {
        return """
                  --k K             data shares (default 3)
                  --n N             total shares (default 10)
                  --jdk17 PATH|none java binary of a JDK 17 to run the benchmark on too (default: found under /usr/lib/jvm)
                  --python PATH     python with python3-zfec (default /usr/bin/python3)
                  --out DIR         results directory (default loadtest/results of this checkout)
                  --quick           1 warm-up + 2 measured one-second iterations (default 3 + 5)""";
    }

    @Override
    public int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("k", "n", "jdk17", "python", "out"), Set.of("quick"));
        int k = a.integer("k", 3, 1, 256);
        int n = a.integer("n", 10, 1, 256);
        if (n < k) {
            throw new UsageException("--n must be >= --k, got k=" + k + " n=" + n);
        }
        boolean quick = a.flag("quick");
        String python = a.string("python", "/usr/bin/python3");
        String jdk17 = a.string("jdk17", "auto");
        if (jdk17.equals("auto")) {
            jdk17 = findJdk17();
        } else if (jdk17.equals("none")) {
            jdk17 = null;
        } else if (!Files.isExecutable(Paths.get(jdk17))) {
            throw new UsageException("--jdk17 " + jdk17 + " is not an executable java binary");
        }
        Path out = Paths.get(a.string("out", defaultResultsDir().toString()));
        Files.createDirectories(out);

        Segments segs = new Segments(k, Segments.DEFAULT_SEGMENT, 1, BenchData.SEED);
        String loadBefore = loadAverage();
        List<Row> rows = new ArrayList<>();
        rows.addAll(jmh(null, k, n, quick, segs));
        System.out.println("python3-zfec baseline (tuned malloc, then default malloc)...");
        int rounds = quick ? 3 : 7;
        ZfecBaseline.Result tuned = ZfecBaseline.run(python, segs, k, n, rounds, true);
        ZfecBaseline.Result plain = ZfecBaseline.run(python, segs, k, n, rounds, false);
        String pyName = "python3-zfec " + tuned.zfecVersion();
        rows.add(new Row(pyName + ", tuned malloc", "CPython " + tuned.pythonVersion(), tuned.encodeMBps(),
                Double.NaN, tuned.decodeMBps(), Double.NaN, Double.NaN));
        rows.add(new Row(pyName + ", default malloc", "CPython " + plain.pythonVersion(), plain.encodeMBps(),
                Double.NaN, plain.decodeMBps(), Double.NaN, Double.NaN));
        if (jdk17 != null) {
            rows.addAll(jmh(jdk17, k, n, quick, segs));
        }
        String loadAfter = loadAverage();

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "erasure codec encode/decode, single thread");
        doc.put("date", OffsetDateTime.now().toString());
        doc.put("k", k);
        doc.put("n", n);
        doc.put("segmentBytes", Segments.DEFAULT_SEGMENT);
        doc.put("blockBytes", segs.blockSize);
        doc.put("inputBytesPerSegment", segs.inputBytes);
        doc.put("unit", "MB/s = 10^6 bytes of codec input per second");
        doc.put("machine", Map.of("cpu", cpuModel(), "cores", Runtime.getRuntime().availableProcessors(),
                "loadAverageBefore", loadBefore, "loadAverageAfter", loadAfter));
        doc.put("decodeFrom", "the last k shares (all parity when n-k >= k)");
        doc.put("results", rows);
        doc.put("zfecRounds", Map.of("tunedEncode", tuned.encodeRounds(), "tunedDecode", tuned.decodeRounds(),
                "defaultEncode", plain.encodeRounds(), "defaultDecode", plain.decodeRounds()));
        // One file pair per run: codec-2026-11-25-1704.json; several runs a day stay side by side.
        String stem = "codec-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Path json = out.resolve(stem + ".json");
        Path md = out.resolve(stem + ".md");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
        String table = markdown(k, n, segs, rows, loadBefore, loadAfter);
        Files.writeString(md, table);
        System.out.println(table);
        System.out.println("wrote " + json + " and " + md);
        return 0;
    }

    /** One line of the results table; NaN where not measured. */
    public record Row(String codec, String runtime, double encodeMBps, double encodeError, double decodeMBps,
                      double decodeError, double allocBytesPerOp) {}

    private static List<Row> jmh(String jvm, int k, int n, boolean quick, Segments segs) throws Exception {
        ChainedOptionsBuilder opt = new OptionsBuilder()
                .include(CodecBenchmark.class.getName() + "\\.")
                .param("k", String.valueOf(k))
                .param("n", String.valueOf(n))
                .param("segment", String.valueOf(Segments.DEFAULT_SEGMENT))
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs(JVM_FLAGS_MODULE, "-XX:+UseParallelGC", "-Xmx1g")
                .addProfiler(GCProfiler.class);
        if (jvm != null) {
            opt.jvm(jvm);
        }
        Collection<RunResult> results = new Runner(opt.build()).run();
        Map<String, Row> byImpl = new LinkedHashMap<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String impl = p.getParam("impl");
            String runtime = "JDK " + p.getJdkVersion();
            Result primary = r.getPrimaryResult();
            double mbps = primary.getScore() * segs.inputBytes / 1e6;
            double err = primary.getScoreError() * segs.inputBytes / 1e6;
            double alloc = r.getSecondaryResults().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                    .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
            Row old = byImpl.getOrDefault(impl, new Row(impl, runtime, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN));
            boolean encode = p.getBenchmark().endsWith(".encode");
            byImpl.put(impl, new Row(impl + " (org.lafs.codec)", runtime,
                    encode ? mbps : old.encodeMBps(), encode ? err : old.encodeError(),
                    encode ? old.decodeMBps() : mbps, encode ? old.decodeError() : err,
                    encode ? alloc : old.allocBytesPerOp()));
        }
        return new ArrayList<>(byImpl.values());
    }

    private static String markdown(int k, int n, Segments segs, List<Row> rows, String before, String after) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "# Codec benchmark %s%n%n", OffsetDateTime.now()));
        b.append(String.format(Locale.ROOT,
                "%d-of-%d, 128 KiB segments (%d-byte blocks, %d input bytes), one thread. MB/s = 10^6 input bytes/s.%n",
                k, n, segs.blockSize, segs.inputBytes));
        b.append(String.format(Locale.ROOT, "CPU: %s, %d cores; load average before %s, after %s.%n%n",
                cpuModel(), Runtime.getRuntime().availableProcessors(), before, after));
        b.append("| codec | runtime | encode MB/s | decode MB/s (from last k shares) | encode alloc B/op |\n");
        b.append("|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.codec(), r.runtime(),
                    fmt(r.encodeMBps(), r.encodeError()), fmt(r.decodeMBps(), r.decodeError()),
                    Double.isNaN(r.allocBytesPerOp()) ? "-" : String.format(Locale.ROOT, "%.0f", r.allocBytesPerOp())));
        }
        b.append("\nJMH: 1 fork, one-second iterations, error = 99.9% CI. zfec: median of one-second rounds of its own loop; "
                + "tuned malloc = MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TOP_PAD_=67108864.\n");
        return b.toString();
    }

    private static String fmt(double v, double err) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Double.isNaN(err) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.0f ± %.0f", v, err);
    }

    /** loadtest/results next to this jar (loadtest/target/loadtest.jar), else ./results. */
    static Path defaultResultsDir() {
        try {
            Path jar = Paths.get(CodecBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path module = jar.getParent().getParent();
            if (Files.isRegularFile(module.resolve("pom.xml"))) {
                return module.resolve("results");
            }
        } catch (Exception ignored) {
            // fall through to the working directory
        }
        return Paths.get("results");
    }

    /** A Java 17 binary under /usr/lib/jvm, or null. */
    static String findJdk17() throws IOException {
        Path jvms = Paths.get("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var dirs = Files.list(jvms)) {
            for (Path d : dirs.sorted().toList()) {
                Path release = d.resolve("release");
                Path java = d.resolve("bin/java");
                if (!Files.isSymbolicLink(d) && Files.isRegularFile(release) && Files.isExecutable(java)
                        && Files.readString(release).contains("JAVA_VERSION=\"17")) {
                    return java.toString();
                }
            }
        }
        return null;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Paths.get("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
