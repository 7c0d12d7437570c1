package org.lafs.helper.foolscap.negotiation;

import java.util.Map;
import java.util.TreeMap;
import org.lafs.helper.foolscap.banana.AsciiText;

/**
 * The Hello block each side sends once TLS is up (spec 2.4; foolscap negotiate.py
 * {@code sendHello}, {@code evaluateHello}). Immutable.
 *
 * @param bananaMin lowest Banana version offered
 * @param bananaMax highest Banana version offered
 * @param vocabMin lowest initial vocabulary table offered
 * @param vocabMax highest initial vocabulary table offered
 * @param tubId the sender's claimed TubID
 * @param incarnation 16 hex characters naming the sender's process lifetime
 * @param lastConnection {@code none 0} or {@code <incarnation> <seqnum>}; null when absent (listeners send none)
 */
public record Hello(int bananaMin, int bananaMax, int vocabMin, int vocabMax, String tubId, String incarnation,
        String lastConnection) {
    /** Every foolscap since 0.1.3 speaks Banana version 3 only ({@code banana-negotiation-range: 3 3}). */
    public static final int BANANA_VERSION = 3;

    /** Our Hello: Banana 3, vocabulary tables 0 and 1. */
    public static Hello ours(String tubId, String incarnation) {
        return new Hello(BANANA_VERSION, BANANA_VERSION, 0, 1, tubId, incarnation, null);
    }

    public byte[] encode() {
        TreeMap<String, String> m = new TreeMap<>();
        m.put("banana-negotiation-range", bananaMin + " " + bananaMax);
        m.put("initial-vocab-table-range", vocabMin + " " + vocabMax);
        m.put("my-tub-id", tubId);
        m.put("my-incarnation", incarnation);
        if (lastConnection != null) {
            m.put("last-connection", lastConnection);
        }
        return HeaderBlock.format(m);
    }

    /**
     * Parses the peer's Hello and checks it against the TubID its TLS certificate hashes to.
     *
     * @throws NegotiationException with the reason foolscap would give
     */
    public static Hello parseAndCheck(Map<String, String> block, String certificateTubId) throws NegotiationException {
        if (block.containsKey("error")) {
            throw new NegotiationException("peer refused: " + printable(block.get("error")), false);
        }
        String range = block.get("banana-negotiation-range");
        if (range == null) {
            throw new NegotiationException("No valid banana-negotiation sequence seen", true);
        }
        int[] banana = pair(range, "banana-negotiation-range");
        if (banana[0] > BANANA_VERSION || banana[1] < BANANA_VERSION) {
            throw new NegotiationException("no overlap in banana version", true);
        }
        int[] vocab = pair(block.getOrDefault("initial-vocab-table-range", "0 0"), "initial-vocab-table-range");
        String tubId = block.get("my-tub-id");
        if (tubId == null || !tubId.equals(certificateTubId)) {
            throw new NegotiationException("TubID mismatch", true);
        }
        return new Hello(banana[0], banana[1], vocab[0], vocab[1], tubId, block.get("my-incarnation"),
                block.get("last-connection"));
    }

    static int[] pair(String text, String what) throws NegotiationException {
        String[] p = text.trim().split(" +");
        try {
            if (p.length == 2) {
                int a = Integer.parseInt(p[0]);
                int b = Integer.parseInt(p[1]);
                if (a >= 0 && b >= a && b < 1000) {
                    return new int[] {a, b};
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new NegotiationException("malformed " + what, true);
    }

    static String printable(String s) {
        return AsciiText.printable(s, 200);
    }
}
