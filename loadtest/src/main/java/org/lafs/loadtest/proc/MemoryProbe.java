package org.lafs.loadtest.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of a child JVM without disturbing it: resident set size from
 * {@code /proc/<pid>/status} (VmRSS) and Java heap from its unified GC log
 * ({@code -Xlog:gc:file=...}), whose pause lines read {@code ... 50M->10M(256M) 3.2ms}: heap
 * used before the collection (the peak between collections) and after it (the live set).
 * Running {@code jcmd} instead would start a JVM per sample on an already busy machine.
 */
public final class MemoryProbe {
    private static final Pattern GC = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private MemoryProbe() {}

    /** VmRSS of {@code pid} in bytes, or -1 when it is gone. */
    public static long rssBytes(long pid) {
        return status(pid, "VmRSS:");
    }

    /** VmHWM of {@code pid}: the highest resident set since it started, bytes; -1 when it is gone. */
    public static long peakRssBytes(long pid) {
        return status(pid, "VmHWM:");
    }

    private static long status(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith(field)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Heap figures found in a GC log between line {@code fromLine} and its end. */
    public record Heap(long maxUsedBeforeGc, long maxLiveAfterGc, int collections, int lines) {}

    /** Reads the GC log; {@code fromLine} skips what an earlier phase already covered. */
    public static Heap heapFromGcLog(Path log, int fromLine) throws IOException {
        List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
        long before = 0;
        long after = 0;
        int count = 0;
        for (int i = fromLine; i < all.size(); i++) {
            Matcher m = GC.matcher(all.get(i));
            if (m.find() && all.get(i).contains("Pause")) {
                before = Math.max(before, bytes(m.group(1), m.group(2)));
                after = Math.max(after, bytes(m.group(3), m.group(4)));
                count++;
            }
        }
        return new Heap(before, after, count, all.size());
    }

    static long bytes(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "K" -> v << 10;
            case "M" -> v << 20;
            default -> v << 30;
        };
    }

    /**
     * CPU seconds (user + system) the process has used, from /proc/<pid>/stat fields 14 and 15
     * in clock ticks (USER_HZ, 100 on Linux); -1 when unreadable. On a shared machine CPU time per
     * megabyte is steadier than wall-clock throughput.
     */
    public static double cpuSeconds(long pid) {
        try {
            return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU seconds (user + system) spent so far by the JIT compiler threads of {@code pid}
     * ({@code C1 CompilerThre*}, {@code C2 CompilerThre*} in {@code /proc/<pid>/task/<tid>/comm}),
     * or -1 when unreadable. Threads that have exited no longer count, so this is a lower bound.
     */
    public static double jitCpuSeconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long ticks = 0;
        try (java.util.stream.Stream<Path> s = Files.list(tasks)) {
            for (Path t : s.toList()) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
                        continue;
                    }
                    ticks += cpuTicks(Files.readString(t.resolve("stat")));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between list and read
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks / 100.0;
    }

    /** One thread's name ({@code comm}: at most 15 characters) and CPU seconds so far. */
    public record ThreadCpu(String comm, double seconds) {}

    /**
     * CPU seconds of every thread of {@code pid}, by thread id ({@code /proc/<pid>/task/*}); empty
     * when the process is gone. Names are cut to 15 characters by the kernel, so Vert.x's event
     * loops all read {@code vert.x-eventloo}: the thread id tells them apart.
     */
    public static Map<Long, ThreadCpu> threadCpu(long pid) {
        Map<Long, ThreadCpu> out = new java.util.TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (java.util.stream.Stream<Path> s = Files.list(tasks)) {
            for (Path t : s.toList()) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    out.put(Long.parseLong(t.getFileName().toString()), new ThreadCpu(comm, cpuTicks(Files.readString(t.resolve("stat"))) / 100.0));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between list and read
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** utime + stime (clock ticks, 100 per second here) of a {@code /proc/.../stat} line. */
    private static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
