package org.lafs.helper.foolscap.banana;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Serializes top-level Banana messages the way foolscap's {@code banana.py sendToken} and its
 * slicers do, byte for byte: integers by range (INT, NEG, LONGINT, LONGNEG), FLOAT without a
 * header, every byte string equal to a word of the negotiated table as VOCAB, open-ids numbered
 * 0, 1, 2 ... for the life of the connection.
 *
 * <p>Open-ids are taken when a message is serialized, so the caller must put messages on the
 * wire in the order it serialized them (spec 4.6). Not thread-safe: one per connection, used by
 * its single writer.
 */
public final class Encoder {
    private static final BigInteger INT_LIMIT = BigInteger.ONE.shiftLeft(31); // foolscap: INT below 2**31
    private final Vocab vocab;
    private long nextOpenId;

    public Encoder(Vocab vocab) {
        this.vocab = vocab;
    }

    /** The open-id the next OPEN will carry. */
    public long nextOpenId() {
        return nextOpenId;
    }

    /** Serializes one top-level sequence {@code (type, children...)}: a call, answer or error. */
    public byte[] message(String type, List<Value> children) {
        Out out = new Out();
        long id = open(out, type);
        for (Value v : children) {
            value(out, v);
        }
        close(out, id);
        return out.toByteArray();
    }

    /** A PING (foolscap sends PING 0 as the bare type byte). */
    public static byte[] ping(long n) {
        return bare(TokenType.PING, n);
    }

    /** The PONG answering a PING with the same number. */
    public static byte[] pong(long n) {
        return bare(TokenType.PONG, n);
    }

    /**
     * An ERROR token reporting a fatal problem before we close (banana.py {@code sendError}); the
     * text is cut to the 1000 bytes receivers accept.
     */
    public static byte[] error(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(t.length, TokenReader.MAX_ERROR);
        Out out = new Out();
        header(out, n);
        out.write(TokenType.ERROR.code());
        out.write(t, 0, n);
        return out.toByteArray();
    }

    private static byte[] bare(TokenType type, long n) {
        Out out = new Out();
        if (n != 0) {
            header(out, n);
        }
        out.write(type.code());
        return out.toByteArray();
    }

    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(256);
        }
    }

    private static void header(Out out, long v) {
        // base-128, least significant digit first; zero is one 00 digit (banana.py int2b128)
        do {
            out.write((int) (v & 0x7f));
            v >>>= 7;
        } while (v != 0);
    }

    private long open(Out out, String type) {
        long id = nextOpenId++;
        header(out, id);
        out.write(TokenType.OPEN.code());
        string(out, type.getBytes(StandardCharsets.US_ASCII));
        return id;
    }

    private static void close(Out out, long id) {
        header(out, id);
        out.write(TokenType.CLOSE.code());
    }

    private void string(Out out, byte[] b) {
        int word = vocab.indexOf(b);
        if (word >= 0) {
            header(out, word);
            out.write(TokenType.VOCAB.code());
            return;
        }
        header(out, b.length);
        out.write(TokenType.STRING.code());
        out.writeBytes(b);
    }

    private static void integer(Out out, BigInteger v) {
        if (v.signum() >= 0 && v.compareTo(INT_LIMIT) < 0) {
            header(out, v.longValue());
            out.write(TokenType.INT.code());
        } else if (v.signum() < 0 && v.negate().compareTo(INT_LIMIT) <= 0) {
            header(out, v.negate().longValue());
            out.write(TokenType.NEG.code());
        } else {
            byte[] mag = v.abs().toByteArray();
            int skip = mag[0] == 0 ? 1 : 0; // toByteArray adds a sign byte; long_to_bytes does not
            header(out, mag.length - skip);
            out.write((v.signum() < 0 ? TokenType.LONGNEG : TokenType.LONGINT).code());
            out.write(mag, skip, mag.length - skip);
        }
    }

    private void value(Out out, Value v) {
        if (v instanceof Value.Bytes b) {
            string(out, b.raw());
        } else if (v instanceof Value.Text t) {
            long id = open(out, "unicode");
            string(out, t.value().getBytes(StandardCharsets.UTF_8));
            close(out, id);
        } else if (v instanceof Value.Int i) {
            integer(out, i.value());
        } else if (v instanceof Value.Real r) {
            out.write(TokenType.FLOAT.code()); // banana.py sends FLOAT with no header digits
            long bits = Double.doubleToLongBits(r.value());
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (bits >>> s) & 0xff);
            }
        } else if (v instanceof Value.None) {
            close(out, open(out, "none"));
        } else if (v instanceof Value.Bool b) {
            long id = open(out, "boolean");
            integer(out, b.value() ? BigInteger.ONE : BigInteger.ZERO);
            close(out, id);
        } else if (v instanceof Value.Seq s) {
            long id = open(out, s.kind().wireName());
            for (Value item : s.items()) {
                value(out, item);
            }
            close(out, id);
        } else if (v instanceof Value.Dict d) {
            long id = open(out, "dict");
            for (Map.Entry<Value, Value> e : d.entries()) {
                value(out, e.getKey());
                value(out, e.getValue());
            }
            close(out, id);
        } else if (v instanceof Value.Copyable c) {
            long id = open(out, "copyable");
            string(out, c.className().getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, Value> e : c.attributes()) {
                string(out, e.getKey().getBytes(StandardCharsets.US_ASCII));
                value(out, e.getValue());
            }
            close(out, id);
        } else if (v instanceof Value.MyRef r) {
            long id = open(out, "my-reference");
            integer(out, BigInteger.valueOf(r.clid()));
            if (r.interfaceName() != null) {
                string(out, r.interfaceName().getBytes(StandardCharsets.US_ASCII));
                if (r.furl() != null) {
                    string(out, r.furl().getBytes(StandardCharsets.US_ASCII));
                }
            }
            close(out, id);
        } else if (v instanceof Value.YourRef r) {
            long id = open(out, "your-reference");
            integer(out, BigInteger.valueOf(r.clid()));
            close(out, id);
        } else if (v instanceof Value.Args a) {
            long id = open(out, "arguments");
            integer(out, BigInteger.valueOf(a.positional().size()));
            for (Value p : a.positional()) {
                value(out, p);
            }
            for (Map.Entry<String, Value> e : a.keywords()) {
                string(out, e.getKey().getBytes(StandardCharsets.US_ASCII));
                value(out, e.getValue());
            }
            close(out, id);
        } else {
            throw new IllegalArgumentException("cannot send " + v);
        }
    }
}
