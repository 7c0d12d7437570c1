package org.lafs.helper.foolscap.negotiation;

import java.util.Map;
import java.util.TreeMap;
import org.lafs.helper.foolscap.banana.Vocab;

/**
 * The master's Decision block (spec 2.5; foolscap negotiate.py
 * {@code evaluateNegotiationVersion1}, {@code acceptDecisionVersion1}). Immutable.
 *
 * @param vocabIndex the initial vocabulary table both sides use
 * @param currentConnection {@code <master incarnation> <seqnum>} (the non-master only echoes it later)
 */
public record Decision(int vocabIndex, String currentConnection) {

    /**
     * What we decide as master: Banana 3, the highest table both offer, and this connection's
     * sequence number for the peer.
     */
    public static Decision asMaster(Hello ours, Hello theirs, long seqnum) throws NegotiationException {
        int index = Math.min(ours.vocabMax(), theirs.vocabMax());
        if (index < Math.max(ours.vocabMin(), theirs.vocabMin())) {
            throw new NegotiationException("no overlap in initial vocab set", true);
        }
        return new Decision(index, ours.incarnation() + " " + seqnum);
    }

    public byte[] encode() {
        TreeMap<String, String> m = new TreeMap<>();
        m.put("banana-decision-version", Integer.toString(Hello.BANANA_VERSION));
        m.put("current-connection", currentConnection);
        m.put("initial-vocab-table-index", vocabIndex + " " + Vocab.of(vocabIndex).hash());
        return HeaderBlock.format(m);
    }

    /** The refusal a master sends instead of a decision, e.g. for a duplicate connection. */
    public static byte[] refusal(String reason) {
        TreeMap<String, String> m = new TreeMap<>();
        m.put("banana-decision-version", "1");
        m.put("error", reason.replace('\r', ' ').replace('\n', ' '));
        return HeaderBlock.format(m);
    }

    /** Parses and checks the Decision a master client sent us. */
    public static Decision parseAndCheck(Map<String, String> block) throws NegotiationException {
        String version = block.get("banana-decision-version");
        if (version == null) {
            throw new NegotiationException("No banana-decision-version value", true);
        }
        int v;
        try {
            v = Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            throw new NegotiationException("malformed banana-decision-version", true);
        }
        if (v < 1 || v > Hello.BANANA_VERSION) {
            throw new NegotiationException("I cannot handle banana-decision-version value of " + v, true);
        }
        if (block.containsKey("error")) {
            throw new NegotiationException("peer refused: " + Hello.printable(block.get("error")), false);
        }
        int index = 0;
        String vocab = block.get("initial-vocab-table-index");
        if (vocab != null) {
            String[] p = vocab.trim().split(" +");
            try {
                index = Integer.parseInt(p[0]);
            } catch (NumberFormatException e) {
                throw new NegotiationException("malformed initial-vocab-table-index", true);
            }
            if (index < 0 || index > Vocab.MAX_INDEX) {
                throw new NegotiationException("initial vocab table index " + index + " out of range", true);
            }
            if (index > 0 && (p.length < 2 || !p[1].equals(Vocab.of(index).hash()))) {
                throw new NegotiationException("vocab table hash mismatch", true);
            }
        }
        return new Decision(index, block.get("current-connection"));
    }

    /** The side with the larger TubID (plain string order) is the master. */
    public static boolean weAreMaster(String ourTubId, String theirTubId) {
        return ourTubId.compareTo(theirTubId) > 0;
    }

    /**
     * foolscap's {@code compareOfferAndExisting} (spec 2.7): whether a new connection from a peer
     * we already hold a connection with replaces the old one (true) or is refused as a duplicate.
     *
     * @param offer the new Hello
     * @param existingIncarnation the peer incarnation recorded with the existing connection
     * @param existingSeqnum the seqnum we gave the existing connection
     * @param ourIncarnation our current incarnation
     */
    public static boolean replacesExisting(Hello offer, String existingIncarnation, long existingSeqnum, String ourIncarnation) {
        if (offer.incarnation() == null || offer.incarnation().isEmpty() || offer.lastConnection() == null) {
            return false;
        }
        if (!offer.incarnation().equals(existingIncarnation)) {
            return true;
        }
        String[] p = offer.lastConnection().trim().split(" +");
        if (p.length != 2 || p[0].equals("none")) {
            return false;
        }
        if (!p[0].equals(ourIncarnation)) {
            return true;
        }
        try {
            return Long.parseLong(p[1]) == existingSeqnum;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
