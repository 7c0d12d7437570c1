package org.lafs.helper.foolscap.negotiation;

/**
 * Negotiation cannot continue. {@link #tellPeer()} says whether to send an error block (foolscap
 * does for its own NegotiationErrors, not when the peer itself refused).
 */
public final class NegotiationException extends Exception {
    private final boolean tellPeer;

    public NegotiationException(String message, boolean tellPeer) {
        super(message, null, false, false);
        this.tellPeer = tellPeer;
    }

    public boolean tellPeer() {
        return tellPeer;
    }
}
