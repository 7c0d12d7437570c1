package org.lafs.helper.foolscap.banana;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the typed {@link Value} of one closed sequence from its type name and children (spec
 * section 3.4). Pure. A sequence that is well framed but not acceptable becomes
 * {@link Value.Invalid}; invalidity propagates to the enclosing sequences so that a call holding
 * one can be refused as a whole.
 */
final class Sequences {
    /**
     * Longest copyable class name accepted. foolscap limits it to the longest class it has
     * registered; ours are {@code twisted.python.failure.Failure} (30 bytes) and Tahoe's
     * {@code allmydata.upload.UploadResults.tahoe.allmydata.com} (50 bytes).
     */
    static final int MAX_CLASS_NAME = 100;

    private Sequences() {}

    static Value build(String type, List<Value> children, Map<Long, Value> references) {
        for (Value c : children) {
            if (c instanceof Value.Invalid) {
                return c;
            }
        }
        switch (type) {
            case "none":
                return children.isEmpty() ? Value.None.INSTANCE : invalid("none with children");
            case "boolean":
                if (children.size() == 1 && children.get(0) instanceof Value.Int i
                        && (i.value().equals(BigInteger.ZERO) || i.value().equals(BigInteger.ONE))) {
                    return new Value.Bool(i.value().equals(BigInteger.ONE));
                }
                return invalid("boolean must hold one INT 0 or 1");
            case "unicode":
                if (children.size() == 1 && children.get(0) instanceof Value.Bytes b) {
                    try {
                        return new Value.Text(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b.raw())).toString());
                    } catch (CharacterCodingException e) {
                        return invalid("unicode is not UTF-8");
                    }
                }
                return invalid("unicode must hold one STRING");
            case "list":
                return new Value.Seq(Value.SeqKind.LIST, children);
            case "tuple":
                return new Value.Seq(Value.SeqKind.TUPLE, children);
            case "set":
                return new Value.Seq(Value.SeqKind.SET, children);
            case "immutable-set":
                return new Value.Seq(Value.SeqKind.FROZENSET, children);
            case "dict":
                return dict(children);
            case "reference":
                return reference(children, references);
            case "copyable":
                return copyable(children);
            case "my-reference":
                return myReference(children);
            case "your-reference":
                if (children.size() == 1 && children.get(0) instanceof Value.Int i && i.value().bitLength() < 63) {
                    return new Value.YourRef(i.value().longValue());
                }
                return invalid("your-reference must hold one INT");
            case "arguments":
                return arguments(children);
            case "their-reference":
                return invalid("third-party references (gifts) are not accepted");
            default:
                return invalid("unsupported sequence type " + AsciiText.printable(type, 40));
        }
    }

    private static Value dict(List<Value> children) {
        if (children.size() % 2 != 0) {
            return invalid("dict with an odd number of items");
        }
        List<Map.Entry<Value, Value>> entries = new ArrayList<>(children.size() / 2);
        for (int i = 0; i < children.size(); i += 2) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(children.get(i), children.get(i + 1)));
        }
        return new Value.Dict(entries);
    }

    private static Value reference(List<Value> children, Map<Long, Value> references) {
        if (children.size() == 1 && children.get(0) instanceof Value.Int i && i.value().bitLength() < 63) {
            Value v = references.get(i.value().longValue());
            return v == null ? invalid("reference to an unknown or unfinished sequence") : v;
        }
        return invalid("reference must hold one INT");
    }

    private static Value copyable(List<Value> children) {
        if (children.isEmpty() || !(children.get(0) instanceof Value.Bytes name) || name.length() > MAX_CLASS_NAME
                || children.size() % 2 != 1) {
            return invalid("malformed copyable");
        }
        List<Map.Entry<String, Value>> attrs = new ArrayList<>();
        for (int i = 1; i < children.size(); i += 2) {
            if (!(children.get(i) instanceof Value.Bytes attr)) {
                return invalid("copyable attribute name is not a STRING");
            }
            attrs.add(new AbstractMap.SimpleImmutableEntry<>(attr.ascii(), children.get(i + 1)));
        }
        return new Value.Copyable(name.ascii(), attrs);
    }

    private static Value myReference(List<Value> children) {
        if (children.isEmpty() || children.size() > 3 || !(children.get(0) instanceof Value.Int clid)
                || clid.value().bitLength() >= 63) {
            return invalid("malformed my-reference");
        }
        String iface = null;
        String furl = null;
        if (children.size() > 1) {
            if (!(children.get(1) instanceof Value.Bytes b)) {
                return invalid("my-reference interface name is not a STRING");
            }
            iface = b.ascii();
        }
        if (children.size() > 2) {
            if (!(children.get(2) instanceof Value.Bytes b)) {
                return invalid("my-reference FURL is not a STRING");
            }
            furl = b.ascii();
        }
        return new Value.MyRef(clid.value().longValue(), iface, furl);
    }

    private static Value arguments(List<Value> children) {
        if (children.isEmpty() || !(children.get(0) instanceof Value.Int count) || count.value().signum() < 0
                || count.value().compareTo(BigInteger.valueOf(children.size() - 1L)) > 0) {
            return invalid("malformed arguments");
        }
        int npos = count.value().intValue();
        List<Value> positional = children.subList(1, 1 + npos);
        List<Map.Entry<String, Value>> keywords = new ArrayList<>();
        if ((children.size() - 1 - npos) % 2 != 0) {
            return invalid("keyword argument without a value");
        }
        for (int i = 1 + npos; i < children.size(); i += 2) {
            if (!(children.get(i) instanceof Value.Bytes name)) {
                return invalid("keyword argument name is not a STRING");
            }
            keywords.add(new AbstractMap.SimpleImmutableEntry<>(name.ascii(), children.get(i + 1)));
        }
        return new Value.Args(positional, keywords);
    }

    static Value.Invalid invalid(String reason) {
        return new Value.Invalid(reason);
    }
}
