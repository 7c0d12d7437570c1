package org.lafs.helper.foolscap.banana;

import java.util.Arrays;

/**
 * Splits a Banana byte stream into {@link Token}s, incrementally: stock senders write one token
 * per write, so tokens split across reads and TLS records anywhere (spec section 3.2). Pure: no
 * I/O, no threads; one instance per connection direction, used from one thread.
 *
 * <p>Every size is bounded before bytes are buffered for it: header digits, STRING, ERROR and
 * LONGINT lengths. What it holds is at most one incomplete token plus the last chunk fed.
 */
public final class TokenReader {
    /** foolscap banana.py: a header of more than 64 base-128 digits is a {@code BananaError}. */
    public static final int MAX_HEADER_DIGITS = 64;
    /** foolscap banana.py {@code SIZE_LIMIT}: an ERROR token carries at most 1000 bytes. */
    public static final int MAX_ERROR = 1000;
    /**
     * Longest LONGINT/LONGNEG magnitude accepted. Tahoe's sizes and offsets are
     * {@code IntegerConstraint(8)} (interfaces.py {@code Number}, 8 bytes); 64 leaves room and
     * keeps hostile numbers small.
     */
    public static final int MAX_LONGINT = 64;
    /** A buffer grown past this for one large token is given back once it is drained. */
    private static final int SHRINK_ABOVE = 256 << 10;
    private static final int INITIAL = 16 << 10;

    private final int maxString;
    private byte[] buf = new byte[INITIAL];
    private int start;
    private int end;

    /** @param maxString longest STRING body accepted (a longer one is fatal) */
    public TokenReader(int maxString) {
        this.maxString = maxString;
    }

    /** Appends received bytes. */
    public void feed(byte[] data, int off, int len) {
        if (len == 0) {
            return;
        }
        if (end + len > buf.length) {
            int live = end - start;
            if (live + len <= buf.length && start > 0) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, live + len)];
                System.arraycopy(buf, start, bigger, 0, live);
                buf = bigger;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** Bytes received but not yet returned as tokens. */
    public int buffered() {
        return end - start;
    }

    /**
     * The next complete token, or null when more bytes are needed.
     *
     * @throws BananaException on a framing violation (the stream is unusable afterwards)
     */
    public Token next() throws BananaException {
        int pos = start;
        long header = 0;
        int digits = 0;
        while (true) {
            if (pos >= end) {
                if (end - start > MAX_HEADER_DIGITS) {
                    throw new BananaException("token header longer than " + MAX_HEADER_DIGITS + " digits");
                }
                return null;
            }
            int b = buf[pos] & 0xff;
            if (b >= 0x80) {
                break;
            }
            if (digits >= MAX_HEADER_DIGITS) {
                throw new BananaException("token header longer than " + MAX_HEADER_DIGITS + " digits");
            }
            if (b != 0) {
                // 7 bits per digit; 9 digits fill 63 bits. Any non-zero digit beyond would not fit a long.
                if (digits >= 9) {
                    throw new BananaException("token header value too large");
                }
                header |= ((long) b) << (7 * digits);
            }
            digits++;
            pos++;
        }
        int typeByte = buf[pos] & 0xff;
        TokenType type = TokenType.of(typeByte);
        if (type == null) {
            throw new BananaException(String.format("invalid Banana type byte 0x%02x", typeByte));
        }
        if (type == TokenType.LIST) {
            throw new BananaException("obsolete LIST token (oldbanana peer)");
        }
        pos++;
        int bodyLength = 0;
        if (type.hasBody()) {
            long limit = switch (type) {
                case STRING -> maxString;
                case ERROR -> MAX_ERROR;
                case LONGINT, LONGNEG -> MAX_LONGINT;
                default -> 8;
            };
            long n = type == TokenType.FLOAT ? 8 : header;
            if (n > limit) {
                throw new BananaException(type + " token of " + n + " bytes exceeds the limit of " + limit);
            }
            bodyLength = (int) n;
            if (end - pos < bodyLength) {
                return null;
            }
        }
        byte[] body = bodyLength == 0 ? Token.NO_BODY : Arrays.copyOfRange(buf, pos, pos + bodyLength);
        start = pos + bodyLength;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > SHRINK_ABOVE) {
                buf = new byte[INITIAL];
            }
        }
        return new Token(type, header, body);
    }
}
