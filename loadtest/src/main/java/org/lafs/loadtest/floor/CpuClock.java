package org.lafs.loadtest.floor;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this whole process (user + system, every thread), in nanoseconds. Whole-process
 * on purpose: on loopback the kernel does the receiver's TCP work in the sender's system call, so
 * only the sum over both ends is a fair price for moving a byte. Its resolution is the kernel's
 * tick on this JDK and machine (10 ms), hence pieces of hundreds of MB by default.
 */
final class CpuClock {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuClock() {}

    static long now() {
        return OS.getProcessCpuTime();
    }

    /** CPU seconds that {@code work} took. */
    static double seconds(Work work) throws Exception {
        long t0 = now();
        work.run();
        return (now() - t0) / 1e9;
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }
}
