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
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CBOR plumbing under {@link GbsCbor}'s message codecs: writing with Jackson's generator,
 * strict reading (one item, nothing after it, malformed input as {@link CborFormatException}),
 * tag-258 sets of share numbers, unsigned integers of major type 0, and hand-written heads for
 * the few items Jackson cannot produce (RFC 8949 section 3). Pure functions, thread-safe.
 */
final class CborIo {
    /** CBOR tag for a mathematical finite set (IANA registry; used by Tahoe for sets). */
    static final int SET_TAG = 258;

    private static final CBORFactory FACTORY = new CBORFactory();

    private CborIo() {}

    interface Writer {
        void write(CBORGenerator g) throws IOException;
    }

    interface Reader<T> {
        T read(CBORParser p) throws IOException;
    }

    static byte[] write(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (CBORGenerator g = FACTORY.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A request body: text-string map keys only, as Tahoe's CDDL schemas (400 otherwise), then {@link #read}. */
    static <T> T readRequest(byte[] body, Reader<T> r) {
        if (body.length > 0) {
            CborTextKeys.require(body);
        }
        return read(body, r);
    }

    static <T> T read(byte[] body, Reader<T> r) {
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

    static void writeSet(CBORGenerator g, Set<Integer> values) throws IOException {
        g.writeTag(SET_TAG);
        g.writeStartArray(null, values.size());
        for (int v : new TreeSet<>(values)) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    static void expectMap(CBORParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT || p.getCurrentTag() != -1) {
            throw new CborFormatException("expected a map");
        }
    }

    static void expectEnd(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new CborFormatException("unexpected item " + actual);
        }
    }

    static Set<Integer> readSet(CBORParser p, int maxCount, boolean shareNumbers) throws IOException {
        p.nextToken();
        return readSetBody(p, maxCount, shareNumbers);
    }

    static Set<Integer> readSetBody(CBORParser p, int maxCount, boolean shareNumbers) throws IOException {
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

    static long readUint(CBORParser p) throws IOException {
        p.nextToken();
        return readUintCurrent(p);
    }

    /** An unsigned integer of major type 0; values above 2^63-1 saturate. */
    static long readUintCurrent(CBORParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getCurrentTag() != -1) {
            throw new CborFormatException("expected an unsigned integer");
        }
        BigInteger v = p.getBigIntegerValue();
        if (v.signum() < 0) {
            throw new CborFormatException("expected an unsigned integer");
        }
        return v.bitLength() > 63 ? Long.MAX_VALUE : v.longValue();
    }

    static CborFormatException dup(String name) {
        return new CborFormatException("duplicate key " + quote(name));
    }

    static String quote(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return '"' + cut.replaceAll("[^\\x20-\\x7e]", "?") + '"';
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void bytes(ByteArrayOutputStream out, byte[] b) {
        head(out, 2, b.length);
        out.writeBytes(b);
    }

    /** A CBOR initial byte plus argument (RFC 8949 section 3), for non-negative arguments. */
    static void head(ByteArrayOutputStream out, int major, long arg) {
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
