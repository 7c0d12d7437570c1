package org.lafs.helper.foolscap.pb;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.lafs.helper.foolscap.banana.Decoder;
import org.lafs.helper.foolscap.banana.Encoder;
import org.lafs.helper.foolscap.banana.Value;

/**
 * Maps decoded top-level Banana messages to {@link PbMessage}s and back (spec 4.1). Pure.
 */
public final class PbCodec {
    /** foolscap limits method names by the interface; ours are at most 27 bytes. 100 is ample. */
    static final int MAX_METHOD = 100;

    private PbCodec() {}

    /**
     * A message that framed correctly but cannot be used. {@code reqId} is the request it
     * belongs to when that much could be read, else -1; {@code call} says whether it was a call
     * (to be answered with an error) or an answer/error (whose request then fails).
     */
    public static final class Unusable extends Exception {
        private final long reqId;
        private final boolean call;

        Unusable(long reqId, boolean call, String reason) {
            super(reason, null, false, false);
            this.reqId = reqId;
            this.call = call;
        }

        public long reqId() {
            return reqId;
        }

        public boolean call() {
            return call;
        }
    }

    public static PbMessage decode(Decoder.Message m) throws Unusable {
        List<Value> c = m.children();
        boolean isCall = m.type().equals("call");
        if (!isCall && !m.type().equals("answer") && !m.type().equals("error")) {
            throw new Unusable(-1, false, "unexpected top-level sequence " + m.type().length() + " bytes long");
        }
        long reqId = c.isEmpty() ? -1 : nonNegative(c.get(0));
        if (m.aborted()) {
            throw new Unusable(reqId, isCall, "the sender aborted the message");
        }
        if (reqId < 0) {
            throw new Unusable(-1, isCall, "request id is not a non-negative INT");
        }
        if (isCall) {
            if (c.size() != 4 || !(c.get(1) instanceof Value.Int clid) || clid.value().bitLength() >= 63
                    || !(c.get(2) instanceof Value.Bytes name) || name.length() > MAX_METHOD) {
                throw new Unusable(reqId, true, "malformed call");
            }
            if (c.get(3) instanceof Value.Invalid inv) {
                throw new Unusable(reqId, true, inv.reason());
            }
            if (!(c.get(3) instanceof Value.Args args)) {
                throw new Unusable(reqId, true, "call without arguments");
            }
            return new PbMessage.Call(reqId, clid.value().longValue(), name.ascii(), args);
        }
        if (c.size() != 2 || c.get(1) instanceof Value.Invalid) {
            throw new Unusable(reqId, false, c.size() == 2 ? ((Value.Invalid) c.get(1)).reason() : "malformed " + m.type());
        }
        if (m.type().equals("answer")) {
            return new PbMessage.Answer(reqId, c.get(1));
        }
        return new PbMessage.Error(reqId, RemoteFailure.fromValue(c.get(1)));
    }

    private static long nonNegative(Value v) {
        return v instanceof Value.Int i && i.value().signum() >= 0 && i.value().bitLength() < 63 ? i.value().longValue() : -1;
    }

    public static byte[] encode(PbMessage m, Encoder encoder) {
        if (m instanceof PbMessage.Call call) {
            return encoder.message("call", List.of(Value.Int.of(call.reqId()), Value.Int.of(call.clid()),
                    new Value.Bytes(call.method().getBytes(StandardCharsets.US_ASCII)), call.args()));
        }
        if (m instanceof PbMessage.Answer a) {
            return encoder.message("answer", List.of(Value.Int.of(a.reqId()), a.result()));
        }
        PbMessage.Error e = (PbMessage.Error) m;
        return encoder.message("error", List.of(Value.Int.of(e.reqId()), e.failure().toValue()));
    }
}
