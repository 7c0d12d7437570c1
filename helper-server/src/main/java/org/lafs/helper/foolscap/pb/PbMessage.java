package org.lafs.helper.foolscap.pb;

import org.lafs.helper.foolscap.banana.Value;

/**
 * The three top-level PB messages (spec 4.1; foolscap {@code call.py}). Immutable.
 */
public sealed interface PbMessage {
    /** reqID 0 means the caller wants no answer ({@code callRemoteOnly}). */
    long NO_ANSWER = 0;

    long reqId();

    /**
     * A method call on object {@code clid} of the receiver (0 is the receiver's Broker).
     *
     * @param reqId the caller's request number, or 0 for no answer
     * @param clid the target, numbered by the receiver
     * @param method the method name
     * @param args its arguments
     */
    record Call(long reqId, long clid, String method, Value.Args args) implements PbMessage {}

    /** The successful result of the call {@code reqId}. */
    record Answer(long reqId, Value result) implements PbMessage {}

    /** The failure of the call {@code reqId}. */
    record Error(long reqId, RemoteFailure failure) implements PbMessage {}
}
