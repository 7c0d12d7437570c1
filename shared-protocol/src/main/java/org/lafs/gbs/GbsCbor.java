package org.lafs.gbs;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * CBOR encoding and strict decoding of every GBS immutable message (spec sections 2 and 3).
 * Pure functions, thread-safe.
 *
 * <p>Encoders write definite-length items, text-string map keys, and tag 258 around every set,
 * which is what Tahoe's CDDL schemas require. Decoders accept exactly the schema: the right keys
 * (no missing, duplicate or unknown ones), unsigned integers of major type 0, tag 258 on sets,
 * and nothing after the top-level item; anything else is a {@link CborFormatException}.
 * Jackson reads byte-string map keys as names too: request decoders therefore check the raw
 * item first ({@link CborTextKeys}), while the version document (byte-string keys, a response)
 * relies on Jackson's leniency.
 */
public final class GbsCbor {
    /** CBOR tag for a mathematical finite set (IANA registry; used by Tahoe for sets). */
    public static final int SET_TAG = 258;

    private static final CBORFactory FACTORY = new CBORFactory();

    private GbsCbor() {}

    // ---------------------------------------------------------------- encoders

    /** Allocate request body. Share numbers are written in ascending order. */
    public static byte[] encodeAllocateRequest(AllocateRequest request) {
        return write(g -> {
            g.writeStartObject(null, 2);
            g.writeFieldName("share-numbers");
            writeSet(g, request.shareNumbers());
            g.writeFieldName("allocated-size");
            g.writeNumber(request.allocatedSize());
            g.writeEndObject();
        });
    }

    public static byte[] encodeAllocateResult(AllocateResult result) {
        return write(g -> {
            g.writeStartObject(null, 2);
            g.writeFieldName("already-have");
            writeSet(g, result.alreadyHave());
            g.writeFieldName("allocated");
            writeSet(g, result.allocated());
            g.writeEndObject();
        });
    }

    /** The {@code GET .../shares} answer: a bare tag-258 set. */
    public static byte[] encodeShareSet(Set<Integer> shares) {
        return write(g -> writeSet(g, shares));
    }

    /** PATCH answer body {@code {"required": [{"begin": uint, "end": uint}...]}}. */
    public static byte[] encodeRequired(List<ByteRange> required) {
        return write(g -> {
            g.writeStartObject(null, 1);
            g.writeFieldName("required");
            g.writeStartArray(null, required.size());
            for (ByteRange r : required) {
                g.writeStartObject(null, 2);
                g.writeFieldName("begin");
                g.writeNumber(r.begin());
                g.writeFieldName("end");
                g.writeNumber(r.end());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Advise-corrupt body {@code {"reason": tstr}}. */
    public static byte[] encodeCorruptRequest(String reason) {
        return write(g -> {
            g.writeStartObject(null, 1);
            g.writeFieldName("reason");
            g.writeString(reason);
            g.writeEndObject();
        });
    }

    /**
     * The version document with byte-string keys and a byte-string application version, exactly
     * as Tahoe's server sends it (spec section 3.1). Jackson cannot write byte-string keys, so
     * this one is assembled by hand.
     */
    public static byte[] encodeVersion(VersionInfo v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, 2); // map of 2
        bytes(out, GbsProtocol.V1_KEY.getBytes(StandardCharsets.US_ASCII));
        head(out, 5, 3); // inner map of 3
        bytes(out, ascii("maximum-immutable-share-size"));
        head(out, 0, v.maximumImmutableShareSize());
        bytes(out, ascii("maximum-mutable-share-size"));
        head(out, 0, v.maximumMutableShareSize());
        bytes(out, ascii("available-space"));
        head(out, 0, v.availableSpace());
        bytes(out, ascii("application-version"));
        bytes(out, v.applicationVersion());
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- decoders

    public static AllocateRequest decodeAllocateRequest(byte[] body) {
        return readRequest(body, p -> {
            expectMap(p);
            Set<Integer> shares = null;
            Long size = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                switch (name) {
                    case "share-numbers" -> {
                        if (shares != null) throw dup(name);
                        shares = readSet(p, GbsProtocol.MAX_ALLOCATE_SHARES, true);
                    }
                    case "allocated-size" -> {
                        if (size != null) throw dup(name);
                        size = readUint(p);
                    }
                    default -> throw new CborFormatException("unexpected key " + quote(name));
                }
            }
            expectEnd(t, JsonToken.END_OBJECT);
            if (shares == null || size == null) {
                throw new CborFormatException("share-numbers and allocated-size are required");
            }
            return new AllocateRequest(shares, size);
        });
    }

    public static AllocateResult decodeAllocateResult(byte[] body) {
        return read(body, p -> {
            expectMap(p);
            Set<Integer> have = null;
            Set<Integer> allocated = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                switch (name) {
                    case "already-have" -> {
                        if (have != null) throw dup(name);
                        have = readSet(p, Integer.MAX_VALUE, false);
                    }
                    case "allocated" -> {
                        if (allocated != null) throw dup(name);
                        allocated = readSet(p, Integer.MAX_VALUE, false);
                    }
                    default -> throw new CborFormatException("unexpected key " + quote(name));
                }
            }
            expectEnd(t, JsonToken.END_OBJECT);
            if (have == null || allocated == null) {
                throw new CborFormatException("already-have and allocated are required");
            }
            return new AllocateResult(have, allocated);
        });
    }

    public static Set<Integer> decodeShareSet(byte[] body) {
        return read(body, p -> {
            p.nextToken();
            return readSetBody(p, Integer.MAX_VALUE, false);
        });
    }

    /** Decodes a PATCH answer body into its required ranges. */
    public static List<ByteRange> decodeRequired(byte[] body) {
        return read(body, p -> {
            expectMap(p);
            List<ByteRange> required = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!name.equals("required") || required != null) {
                    throw new CborFormatException("unexpected key " + quote(name));
                }
                if (p.nextToken() != JsonToken.START_ARRAY || p.getCurrentTag() != -1) {
                    throw new CborFormatException("required must be an array");
                }
                required = new ArrayList<>();
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    Long begin = null;
                    Long end = null;
                    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        if (k.equals("begin") && begin == null) {
                            begin = readUint(p);
                        } else if (k.equals("end") && end == null) {
                            end = readUint(p);
                        } else {
                            throw new CborFormatException("unexpected key " + quote(k));
                        }
                    }
                    expectEnd(t, JsonToken.END_OBJECT);
                    if (begin == null || end == null || end < begin) {
                        throw new CborFormatException("range needs begin <= end");
                    }
                    required.add(new ByteRange(begin, end));
                }
                expectEnd(t, JsonToken.END_ARRAY);
            }
            expectEnd(t, JsonToken.END_OBJECT);
            if (required == null) {
                throw new CborFormatException("required is missing");
            }
            return required;
        });
    }

    /** Decodes an advise-corrupt body; the reason must be 1..32765 characters (Tahoe's CDDL). */
    public static String decodeCorruptRequest(byte[] body) {
        return readRequest(body, p -> {
            expectMap(p);
            String reason = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!name.equals("reason") || reason != null) {
                    throw new CborFormatException("unexpected key " + quote(name));
                }
                if (p.nextToken() != JsonToken.VALUE_STRING || p.getCurrentTag() != -1) {
                    throw new CborFormatException("reason must be a text string");
                }
                reason = p.getText();
            }
            expectEnd(t, JsonToken.END_OBJECT);
            if (reason == null) {
                throw new CborFormatException("reason is missing");
            }
            // CDDL .size on tstr counts bytes of the UTF-8 encoding.
            int size = reason.getBytes(StandardCharsets.UTF_8).length;
            if (size < 1 || size > GbsProtocol.MAX_CORRUPT_REASON) {
                throw new CborFormatException("reason must be 1.." + GbsProtocol.MAX_CORRUPT_REASON + " bytes");
            }
            return reason;
        });
    }

    /**
     * Decodes a version document. Unknown keys (Foolscap-era flags, future additions) are
     * skipped; the three sizes and the application version are required.
     */
    public static VersionInfo decodeVersion(byte[] body) {
        return read(body, p -> {
            expectMap(p);
            long[] sizes = {-1, -1, -1};
            byte[] app = null;
            boolean sawV1 = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (name.equals(GbsProtocol.V1_KEY)) {
                    sawV1 = true;
                    expectMap(p);
                    JsonToken u;
                    while ((u = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        int idx = switch (k) {
                            case "maximum-immutable-share-size" -> 0;
                            case "maximum-mutable-share-size" -> 1;
                            case "available-space" -> 2;
                            default -> -1;
                        };
                        if (idx < 0) {
                            p.nextToken();
                            p.skipChildren();
                        } else {
                            sizes[idx] = readUint(p);
                        }
                    }
                    expectEnd(u, JsonToken.END_OBJECT);
                } else if (name.equals("application-version")) {
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_EMBEDDED_OBJECT) {
                        app = p.getBinaryValue();
                    } else if (v == JsonToken.VALUE_STRING) {
                        app = p.getText().getBytes(StandardCharsets.UTF_8);
                    } else {
                        throw new CborFormatException("application-version must be a string");
                    }
                } else {
                    p.nextToken();
                    p.skipChildren();
                }
            }
            expectEnd(t, JsonToken.END_OBJECT);
            if (!sawV1 || sizes[0] < 0 || sizes[1] < 0 || sizes[2] < 0 || app == null) {
                throw new CborFormatException("version document lacks required keys");
            }
            return new VersionInfo(sizes[0], sizes[1], sizes[2], app);
        });
    }

    // ---------------------------------------------------------------- helpers

    private interface Writer {
        void write(CBORGenerator g) throws IOException;
    }

    private interface Reader<T> {
        T read(CBORParser p) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (CBORGenerator g = FACTORY.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A request body: text-string map keys only, as Tahoe's CDDL schemas (400 otherwise), then {@link #read}. */
    private static <T> T readRequest(byte[] body, Reader<T> r) {
        if (body.length > 0) {
            CborTextKeys.require(body);
        }
        return read(body, r);
    }

    private static <T> T read(byte[] body, Reader<T> r) {
        if (body.length == 0) {
            throw new CborFormatException("empty body");
        }
        try (CBORParser p = FACTORY.createParser(body)) {
            T value = r.read(p);
            if (p.nextToken() != null) {
                throw new CborFormatException("trailing data after the CBOR item");
            }
            return value;
        } catch (CborFormatException e) {
            throw e;
        } catch (StreamReadException e) {
            throw new CborFormatException("malformed CBOR: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new CborFormatException("malformed CBOR");
        }
    }

    private static void writeSet(CBORGenerator g, Set<Integer> values) throws IOException {
        g.writeTag(SET_TAG);
        g.writeStartArray(null, values.size());
        for (int v : new TreeSet<>(values)) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    private static void expectMap(CBORParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT || p.getCurrentTag() != -1) {
            throw new CborFormatException("expected a map");
        }
    }

    private static void expectEnd(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new CborFormatException("unexpected item " + actual);
        }
    }

    private static Set<Integer> readSet(CBORParser p, int maxCount, boolean shareNumbers) throws IOException {
        p.nextToken();
        return readSetBody(p, maxCount, shareNumbers);
    }

    private static Set<Integer> readSetBody(CBORParser p, int maxCount, boolean shareNumbers) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY || p.getCurrentTag() != SET_TAG) {
            throw new CborFormatException("expected a set (tag 258 array)");
        }
        Set<Integer> out = new HashSet<>();
        int count = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new CborFormatException("truncated set");
            }
            if (++count > maxCount) {
                throw new CborFormatException("more than " + maxCount + " set members");
            }
            long v = readUintCurrent(p);
            if (v > GbsProtocol.MAX_SHARE_NUMBER) {
                throw new CborFormatException("share number " + v + " out of range 0.." + GbsProtocol.MAX_SHARE_NUMBER);
            }
            out.add((int) v);
        }
        return out;
    }

    private static long readUint(CBORParser p) throws IOException {
        p.nextToken();
        return readUintCurrent(p);
    }

    /** An unsigned integer of major type 0; values above 2^63-1 saturate. */
    private static long readUintCurrent(CBORParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getCurrentTag() != -1) {
            throw new CborFormatException("expected an unsigned integer");
        }
        BigInteger v = p.getBigIntegerValue();
        if (v.signum() < 0) {
            throw new CborFormatException("expected an unsigned integer");
        }
        return v.bitLength() > 63 ? Long.MAX_VALUE : v.longValue();
    }

    private static CborFormatException dup(String name) {
        return new CborFormatException("duplicate key " + quote(name));
    }

    private static String quote(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return '"' + cut.replaceAll("[^\\x20-\\x7e]", "?") + '"';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] b) {
        head(out, 2, b.length);
        out.writeBytes(b);
    }

    /** A CBOR initial byte plus argument (RFC 8949 section 3), for non-negative arguments. */
    private static void head(ByteArrayOutputStream out, int major, long arg) {
        int mt = major << 5;
        if (arg < 24) {
            out.write(mt | (int) arg);
        } else if (arg < 0x100) {
            out.write(mt | 24);
            out.write((int) arg);
        } else if (arg < 0x10000) {
            out.write(mt | 25);
            out.write((int) (arg >>> 8));
            out.write((int) arg);
        } else if (arg < 0x100000000L) {
            out.write(mt | 26);
            for (int s = 24; s >= 0; s -= 8) out.write((int) (arg >>> s));
        } else {
            out.write(mt | 27);
            for (int s = 56; s >= 0; s -= 8) out.write((int) (arg >>> s));
        }
    }
}
