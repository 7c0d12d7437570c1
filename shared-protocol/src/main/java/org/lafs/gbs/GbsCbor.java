package org.lafs.gbs;

import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
    public static final int SET_TAG = CborIo.SET_TAG;

    
    private GbsCbor() {}

    // ---------------------------------------------------------------- encoders

    /** Allocate request body. Share numbers are written in ascending order. */
    public static byte[] encodeAllocateRequest(AllocateRequest request) {
        return CborIo.write(g -> {
            g.writeStartObject(null, 2);
            g.writeFieldName("share-numbers");
            CborIo.writeSet(g, request.shareNumbers());
            g.writeFieldName("allocated-size");
            g.writeNumber(request.allocatedSize());
            g.writeEndObject();
        });
    }

    public static byte[] encodeAllocateResult(AllocateResult result) {
        return CborIo.write(g -> {
            g.writeStartObject(null, 2);
            g.writeFieldName("already-have");
            CborIo.writeSet(g, result.alreadyHave());
            g.writeFieldName("allocated");
            CborIo.writeSet(g, result.allocated());
            g.writeEndObject();
        });
    }

    /** The {@code GET .../shares} answer: a bare tag-258 set. */
    public static byte[] encodeShareSet(Set<Integer> shares) {
        return CborIo.write(g -> CborIo.writeSet(g, shares));
    }

    /** PATCH answer body {@code {"required": [{"begin": uint, "end": uint}...]}}. */
    public static byte[] encodeRequired(List<ByteRange> required) {
        return CborIo.write(g -> {
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
        return CborIo.write(g -> {
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
        CborIo.head(out, 5, 2); // map of 2
        CborIo.bytes(out, GbsProtocol.V1_KEY.getBytes(StandardCharsets.US_ASCII));
        CborIo.head(out, 5, 3); // inner map of 3
        CborIo.bytes(out, CborIo.ascii("maximum-immutable-share-size"));
        CborIo.head(out, 0, v.maximumImmutableShareSize());
        CborIo.bytes(out, CborIo.ascii("maximum-mutable-share-size"));
        CborIo.head(out, 0, v.maximumMutableShareSize());
        CborIo.bytes(out, CborIo.ascii("available-space"));
        CborIo.head(out, 0, v.availableSpace());
        CborIo.bytes(out, CborIo.ascii("application-version"));
        CborIo.bytes(out, v.applicationVersion());
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- decoders

    public static AllocateRequest decodeAllocateRequest(byte[] body) {
        return CborIo.readRequest(body, p -> {
            CborIo.expectMap(p);
            Set<Integer> shares = null;
            Long size = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                switch (name) {
                    case "share-numbers" -> {
                        if (shares != null) throw CborIo.dup(name);
                        shares = CborIo.readSet(p, GbsProtocol.MAX_ALLOCATE_SHARES, true);
                    }
                    case "allocated-size" -> {
                        if (size != null) throw CborIo.dup(name);
                        size = CborIo.readUint(p);
                    }
                    default -> throw new CborFormatException("unexpected key " + CborIo.quote(name));
                }
            }
            CborIo.expectEnd(t, JsonToken.END_OBJECT);
            if (shares == null || size == null) {
                throw new CborFormatException("share-numbers and allocated-size are required");
            }
            return new AllocateRequest(shares, size);
        });
    }

    public static AllocateResult decodeAllocateResult(byte[] body) {
        return CborIo.read(body, p -> {
            CborIo.expectMap(p);
            Set<Integer> have = null;
            Set<Integer> allocated = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                switch (name) {
                    case "already-have" -> {
                        if (have != null) throw CborIo.dup(name);
                        have = CborIo.readSet(p, Integer.MAX_VALUE, false);
                    }
                    case "allocated" -> {
                        if (allocated != null) throw CborIo.dup(name);
                        allocated = CborIo.readSet(p, Integer.MAX_VALUE, false);
                    }
                    default -> throw new CborFormatException("unexpected key " + CborIo.quote(name));
                }
            }
            CborIo.expectEnd(t, JsonToken.END_OBJECT);
            if (have == null || allocated == null) {
                throw new CborFormatException("already-have and allocated are required");
            }
            return new AllocateResult(have, allocated);
        });
    }

    public static Set<Integer> decodeShareSet(byte[] body) {
        return CborIo.read(body, p -> {
            p.nextToken();
            return CborIo.readSetBody(p, Integer.MAX_VALUE, false);
        });
    }

    /** Decodes a PATCH answer body into its required ranges. */
    public static List<ByteRange> decodeRequired(byte[] body) {
        return CborIo.read(body, p -> {
            CborIo.expectMap(p);
            List<ByteRange> required = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!name.equals("required") || required != null) {
                    throw new CborFormatException("unexpected key " + CborIo.quote(name));
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
                            begin = CborIo.readUint(p);
                        } else if (k.equals("end") && end == null) {
                            end = CborIo.readUint(p);
                        } else {
                            throw new CborFormatException("unexpected key " + CborIo.quote(k));
                        }
                    }
                    CborIo.expectEnd(t, JsonToken.END_OBJECT);
                    if (begin == null || end == null || end < begin) {
                        throw new CborFormatException("range needs begin <= end");
                    }
                    required.add(new ByteRange(begin, end));
                }
                CborIo.expectEnd(t, JsonToken.END_ARRAY);
            }
            CborIo.expectEnd(t, JsonToken.END_OBJECT);
            if (required == null) {
                throw new CborFormatException("required is missing");
            }
            return required;
        });
    }

    /** Decodes an advise-corrupt body; the reason must be 1..32765 characters (Tahoe's CDDL). */
    public static String decodeCorruptRequest(byte[] body) {
        return CborIo.readRequest(body, p -> {
            CborIo.expectMap(p);
            String reason = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!name.equals("reason") || reason != null) {
                    throw new CborFormatException("unexpected key " + CborIo.quote(name));
                }
                if (p.nextToken() != JsonToken.VALUE_STRING || p.getCurrentTag() != -1) {
                    throw new CborFormatException("reason must be a text string");
                }
                reason = p.getText();
            }
            CborIo.expectEnd(t, JsonToken.END_OBJECT);
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
        return CborIo.read(body, p -> {
            CborIo.expectMap(p);
            long[] sizes = {-1, -1, -1};
            byte[] app = null;
            boolean sawV1 = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (name.equals(GbsProtocol.V1_KEY)) {
                    sawV1 = true;
                    CborIo.expectMap(p);
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
                            sizes[idx] = CborIo.readUint(p);
                        }
                    }
                    CborIo.expectEnd(u, JsonToken.END_OBJECT);
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
            CborIo.expectEnd(t, JsonToken.END_OBJECT);
            if (!sawV1 || sizes[0] < 0 || sizes[1] < 0 || sizes[2] < 0 || app == null) {
                throw new CborFormatException("version document lacks required keys");
            }
            return new VersionInfo(sizes[0], sizes[1], sizes[2], app);
        });
    }
}
