package org.lafs.helper.foolscap.banana;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The typed values Banana carries (spec section 3.4), as Python sees them: the Python type is
 * part of the contract (bytes vs text, tuple vs list), so each has its own record. Immutable.
 */
public sealed interface Value {

    /** Python {@code bytes}: a STRING token (or a VOCAB abbreviation of one). */
    record Bytes(byte[] value) implements Value {
        public Bytes {
            value = value.clone();
        }

        public static Bytes ascii(String s) {
            return new Bytes(s.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public int length() {
            return value.length;
        }

        /** The bytes without a copy, for the encoder. */
        byte[] raw() {
            return value;
        }

        /** Copies the bytes into {@code dest} at {@code offset} (a spool batch) without an extra array. */
        public void copyTo(byte[] dest, int offset) {
            System.arraycopy(value, 0, dest, offset, value.length);
        }

        public String ascii() {
            return new String(value, StandardCharsets.US_ASCII);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return value.length > 48 ? "Bytes[" + value.length + " bytes]" : "Bytes[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** Python {@code str}: a {@code unicode} sequence holding UTF-8. */
    record Text(String value) implements Value {}

    /** Python {@code int} of any size: INT, NEG, LONGINT or LONGNEG on the wire. */
    record Int(BigInteger value) implements Value {
        public static Int of(long v) {
            return new Int(BigInteger.valueOf(v));
        }

        /** The value as a long, or an exception naming {@code what} when it does not fit. */
        public long longValue(String what) {
            if (value.bitLength() > 63) {
                throw new IllegalArgumentException(what + " out of range");
            }
            return value.longValue();
        }
    }

    /** Python {@code float}. */
    record Real(double value) implements Value {}

    /** Python {@code None}: the {@code none} sequence. */
    record None() implements Value {
        public static final None INSTANCE = new None();
    }

    /** Python {@code bool}: the {@code boolean} sequence. */
    record Bool(boolean value) implements Value {}

    /** The kinds of item sequences; the wire type name of each. */
    enum SeqKind {
        LIST("list"), TUPLE("tuple"), SET("set"), FROZENSET("immutable-set");

        private final String wireName;

        SeqKind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** A list, tuple, set or frozenset, items in wire order. */
    record Seq(SeqKind kind, List<Value> items) implements Value {
        public Seq {
            items = List.copyOf(items);
        }

        public static Seq list(List<Value> items) {
            return new Seq(SeqKind.LIST, items);
        }

        public static Seq tuple(Value... items) {
            return new Seq(SeqKind.TUPLE, List.of(items));
        }

        public static Seq set(List<Value> items) {
            return new Seq(SeqKind.SET, items);
        }
    }

    /** A Python dict, entries in wire order (stock senders sort by key). */
    record Dict(List<Map.Entry<Value, Value>> entries) implements Value {
        public Dict {
            entries = List.copyOf(entries);
        }

        public Value get(Value key) {
            for (Map.Entry<Value, Value> e : entries) {
                if (e.getKey().equals(key)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    /** A copyable object: class name plus attributes in wire order, names as bytes. */
    record Copyable(String className, List<Map.Entry<String, Value>> attributes) implements Value {
        public Copyable {
            attributes = List.copyOf(attributes);
        }

        public Value get(String name) {
            for (Map.Entry<String, Value> e : attributes) {
                if (e.getKey().equals(name)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    /**
     * {@code my-reference}: one of the sender's objects, numbered by the sender (spec 4.3).
     *
     * @param clid the sender's number for it
     * @param interfaceName remote interface name, or null when absent
     * @param furl the object's FURL, or null when absent (never secret-free: not logged)
     */
    record MyRef(long clid, String interfaceName, String furl) implements Value {
        @Override
        public String toString() {
            return "MyRef[clid=" + clid + ", interface=" + interfaceName + (furl == null ? "" : ", furl=<redacted>") + "]";
        }
    }

    /** {@code your-reference}: one of the receiver's own objects, sent back. */
    record YourRef(long clid) implements Value {}

    /**
     * The {@code arguments} of a call (spec 4.2): positional values then keyword pairs.
     *
     * @param positional values in order
     * @param keywords name and value pairs in wire order
     */
    record Args(List<Value> positional, List<Map.Entry<String, Value>> keywords) implements Value {
        public Args {
            positional = List.copyOf(positional);
            keywords = List.copyOf(keywords);
        }

        public static Args of(Value... positional) {
            return new Args(List.of(positional), List.of());
        }

        public int size() {
            return positional.size() + keywords.size();
        }

        /** Argument {@code index} (by declared order) or keyword {@code name}, or null. */
        public Value get(int index, String name) {
            if (index < positional.size()) {
                return positional.get(index);
            }
            for (Map.Entry<String, Value> e : keywords) {
                if (e.getKey().equals(name)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    /**
     * A value that parsed as Banana but that we do not accept (an unknown or unsupported sequence
     * type, a malformed sequence). The stream stays in sync; a call containing it gets an error.
     */
    record Invalid(String reason) implements Value {}
}
