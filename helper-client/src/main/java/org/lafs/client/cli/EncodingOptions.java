package org.lafs.client.cli;

import java.util.Set;
import org.lafs.chk.EncodingParameters;

/**
 * The shared {@code --needed/--total/--happy/--segment-size} options. Defaults are
 * {@link EncodingParameters#DEFAULTS} (3-of-10, 128 KiB segments, as the test vectors use);
 * happy defaults to min(7, total).
 */
final class EncodingOptions {
    static final Set<String> NAMES = Set.of("--needed", "--total", "--happy", "--segment-size");
    static final String USAGE = """
              --needed K          shares needed to read the file, 1..256 (default 3)
              --total N           shares written, K..256 (default 10)
              --happy H           placement target, 1..N (default min(7, N)); not part of the cap
              --segment-size B    maximum segment size in bytes (default 131072; Tahoe 1.19+ uses 1048576)\
            """;

    private EncodingOptions() {}

    static EncodingParameters parse(Args a) throws CliException {
        return parse(a, EncodingParameters.DEFAULTS);
    }

    /** As {@link #parse(Args)} over the defaults {@code d} (a node directory's tahoe.cfg). */
    static EncodingParameters parse(Args a, EncodingParameters d) throws CliException {
        int n = a.intOption("--total", d.n(), 1, EncodingParameters.MAX_SHARES);
        int k = a.intOption("--needed", d.k(), 1, EncodingParameters.MAX_SHARES);
        int happy = a.intOption("--happy", Math.min(d.happy(), n), 1, EncodingParameters.MAX_SHARES);
        int seg = a.intOption("--segment-size", d.maxSegmentSize(), 1, EncodingParameters.MAX_SEGMENT_SIZE);
        if (k > n) {
            throw CliException.usage("--needed (" + k + ") must not exceed --total (" + n + ")");
        }
        if (happy > n) {
            throw CliException.usage("--happy (" + happy + ") must not exceed --total (" + n + ")");
        }
        try {
            return new EncodingParameters(k, happy, n, seg);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }
}
