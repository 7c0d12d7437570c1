package org.lafs.helper.foolscap.pb;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lafs.helper.foolscap.banana.Value;

/**
 * A PB error's payload, the copyable {@code twisted.python.failure.Failure} (spec 4.5; foolscap
 * {@code call.py FailureConstraint}): four byte-string attributes, each bounded as stock
 * receivers enforce, or they reject the error itself. We never send a real traceback.
 *
 * @param type exception class name, e.g. {@code builtins.KeyError} (at most 200 bytes)
 * @param value the message (at most 1000 bytes)
 * @param traceback text (at most 2000 bytes)
 * @param parents class names of the exception's ancestry (each at most 200 bytes)
 */
public record RemoteFailure(String type, String value, String traceback, List<String> parents) {
    /** foolscap call.py FailureConstraint: ByteStringConstraint(200) / (1000) / (2000). */
    static final int MAX_TYPE = 200;
    static final int MAX_VALUE = 1000;
    static final int MAX_TRACEBACK = 2000;
    static final String CLASS = "twisted.python.failure.Failure";

    public RemoteFailure {
        type = cut(type, MAX_TYPE);
        value = cut(value, MAX_VALUE);
        traceback = cut(traceback, MAX_TRACEBACK);
        parents = parents.stream().map(p -> cut(p, MAX_TYPE)).toList();
    }

    /**
     * A failure of exception class {@code type} (a Python-style dotted name) with {@code message}.
     * The traceback is only the exception line, never stack frames: a stock Tahoe client (with
     * {@code expose-remote-exception-types = False}) shows nothing of a remote failure but its
     * traceback text ("[CopiedFailure instance: Traceback from remote host -- ...]", seen with
     * Tahoe 1.20), so that line is how the user learns why the helper refused.
     */
    public static RemoteFailure of(String type, String message) {
        return new RemoteFailure(type, message, type + ": " + message + "\n",
                List.of(type, "builtins.Exception", "builtins.BaseException", "builtins.object"));
    }

    public Value toValue() {
        List<Map.Entry<String, Value>> attrs = new ArrayList<>();
        attrs.add(attr("value", bytes(value)));
        attrs.add(attr("type", bytes(type)));
        attrs.add(attr("traceback", bytes(traceback)));
        attrs.add(attr("parents", Value.Seq.list(parents.stream().map(p -> (Value) bytes(p)).toList())));
        return new Value.Copyable(CLASS, attrs);
    }

    /** Reads a received failure; missing or odd attributes become empty strings. */
    public static RemoteFailure fromValue(Value v) {
        if (!(v instanceof Value.Copyable c) || !c.className().equals(CLASS)) {
            return of("unknown", "malformed failure");
        }
        List<String> parents = new ArrayList<>();
        if (c.get("parents") instanceof Value.Seq s) {
            for (Value p : s.items()) {
                parents.add(text(p));
            }
        }
        return new RemoteFailure(text(c.get("type")), text(c.get("value")), text(c.get("traceback")), parents);
    }

    private static String text(Value v) {
        if (v instanceof Value.Bytes b) {
            return new String(b.value(), StandardCharsets.UTF_8);
        }
        if (v instanceof Value.Text t) {
            return t.value();
        }
        return "";
    }

    private static Value.Bytes bytes(String s) {
        return new Value.Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Map.Entry<String, Value> attr(String k, Value v) {
        return new AbstractMap.SimpleImmutableEntry<>(k, v);
    }

    /** Cuts to at most {@code max} UTF-8 bytes (the limits are in bytes). */
    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return s;
        }
        String t = new String(b, 0, max - 3, StandardCharsets.UTF_8);
        while (t.getBytes(StandardCharsets.UTF_8).length > max - 3) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "...";
    }

    @Override
    public String toString() {
        return type + ": " + value;
    }
}
