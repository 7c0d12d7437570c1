package org.lafs.gbs;

/**
 * The one structural rule of Tahoe's request schemas that Jackson's CBOR parser cannot check:
 * every map key is a text string (major type 3). Jackson hands byte-string keys over as names,
 * so {@link GbsCbor}'s request decoders first walk the raw item with this. Pure and bounded:
 * a walk reads each byte at most once, nests at most {@link #MAX_DEPTH} levels, and fails with
 * a {@link CborFormatException} on anything it cannot walk (truncation, reserved values, a count
 * larger than the bytes left). What it does not judge (trailing data, unknown keys, value types)
 * is left to the decoder.
 */
final class CborTextKeys {
    /** Tahoe's request schemas nest three levels (map, tag 258, array); this leaves room. */
    static final int MAX_DEPTH = 16;

    /** CBOR major types (RFC 8949 section 3.1). */
    private static final int BYTES = 2;
    private static final int TEXT = 3;
    private static final int ARRAY = 4;
    private static final int MAP = 5;
    private static final int TAG = 6;
    /** Additional information 31: indefinite length, or "break" as the stop code (RFC 8949 3.2). */
    private static final int INDEFINITE = 31;
    private static final int BREAK = 0xff;

    private CborTextKeys() {}

    /** Fails unless every map key in the first CBOR item of {@code item} is a text string. */
    static void require(byte[] item) {
        new Walk(item).skip(0, 0);
    }

    private static final class Walk {
        private final byte[] b;

        Walk(byte[] b) {
            this.b = b;
        }

        /** Position just after the item starting at {@code pos}. */
        int skip(int pos, int depth) {
            if (depth > MAX_DEPTH) {
                throw new CborFormatException("CBOR nested deeper than " + MAX_DEPTH);
            }
            int initial = at(pos++);
            int major = initial >>> 5;
            int info = initial & 0x1f;
            if (info == INDEFINITE) {
                return skipIndefinite(major, pos, depth);
            }
            if (info > 27) {
                throw new CborFormatException("reserved CBOR additional information " + info);
            }
            long arg = info;
            if (info >= 24) {
                int n = 1 << (info - 24);
                arg = 0;
                for (int i = 0; i < n; i++) {
                    arg = (arg << 8) | at(pos++);
                }
            }
            switch (major) {
                case BYTES, TEXT -> {
                    if (arg < 0 || arg > b.length - pos) {
                        throw new CborFormatException("truncated CBOR string");
                    }
                    return pos + (int) arg;
                }
                case ARRAY -> {
                    checkCount(arg, pos, 1);
                    for (long i = 0; i < arg; i++) {
                        pos = skip(pos, depth + 1);
                    }
                    return pos;
                }
                case MAP -> {
                    checkCount(arg, pos, 2);
                    for (long i = 0; i < arg; i++) {
                        pos = skip(key(pos), depth + 1);
                        pos = skip(pos, depth + 1);
                    }
                    return pos;
                }
                case TAG -> {
                    return skip(pos, depth + 1);
                }
                default -> {
                    return pos; // integers, simple values and floats: the argument was all of it
                }
            }
        }

        private int skipIndefinite(int major, int pos, int depth) {
            while (at(pos) != BREAK) {
                switch (major) {
                    case BYTES, TEXT -> {
                        if (at(pos) >>> 5 != major) {
                            throw new CborFormatException("indefinite string with a chunk of another type");
                        }
                        pos = skip(pos, depth + 1);
                    }
                    case ARRAY -> pos = skip(pos, depth + 1);
                    case MAP -> pos = skip(skip(key(pos), depth + 1), depth + 1);
                    default -> throw new CborFormatException("CBOR major type " + major + " cannot be indefinite");
                }
            }
            return pos + 1;
        }

        /** {@code pos}, once the key starting there is checked to be a text string. */
        private int key(int pos) {
            if (at(pos) >>> 5 != TEXT) {
                throw new CborFormatException("map keys must be text strings");
            }
            return pos;
        }

        /** Each element takes at least {@code minBytes}: a larger count cannot fit in what is left. */
        private void checkCount(long count, int pos, int minBytes) {
            if (count < 0 || count > (long) (b.length - pos) / minBytes) {
                throw new CborFormatException("CBOR count " + count + " exceeds the body");
            }
        }

        private int at(int pos) {
            if (pos >= b.length) {
                throw new CborFormatException("truncated CBOR");
            }
            return b[pos] & 0xff;
        }
    }
}
