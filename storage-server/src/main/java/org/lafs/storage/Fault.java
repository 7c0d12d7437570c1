package org.lafs.storage;

/**
 * What a node does to one request when a {@link FaultPolicy} says so (STYLE.md item 10).
 *
 * <ul>
 *   <li>{@code NONE}: serve normally;</li>
 *   <li>{@code STALL}: never answer (the connection stays open until the client gives up);</li>
 *   <li>{@code DISCONNECT}: close the connection at once, nothing applied;</li>
 *   <li>{@code DISCONNECT_MID_BODY}: read the first body bytes, then close; nothing applied;</li>
 *   <li>{@code STATUS}: answer {@link #status()} with an empty body; nothing applied;</li>
 *   <li>{@code DROP_RESPONSE}: apply the request, then close the connection without answering;</li>
 *   <li>{@code DELAY}: apply, then answer after {@link #delayMs()}.</li>
 * </ul>
 */
public record Fault(Kind kind, int status, long delayMs) {
    public enum Kind { NONE, STALL, DISCONNECT, DISCONNECT_MID_BODY, STATUS, DROP_RESPONSE, DELAY }

    public static final Fault NONE = new Fault(Kind.NONE, 0, 0);

    public static Fault stall() {
        return new Fault(Kind.STALL, 0, 0);
    }

    public static Fault disconnect() {
        return new Fault(Kind.DISCONNECT, 0, 0);
    }

    public static Fault disconnectMidBody() {
        return new Fault(Kind.DISCONNECT_MID_BODY, 0, 0);
    }

    public static Fault status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599");
        }
        return new Fault(Kind.STATUS, status, 0);
    }

    public static Fault dropResponse() {
        return new Fault(Kind.DROP_RESPONSE, 0, 0);
    }

    public static Fault delay(long ms) {
        return new Fault(Kind.DELAY, 0, ms);
    }
}
