package org.lafs.helper.foolscap.banana;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a Banana byte stream into top-level messages and keepalives (spec sections 3.2 - 3.6).
 * Pure and incremental: {@link #feed} bytes as they arrive, then take {@link #next} events until
 * it returns null. One instance per connection, used from one thread.
 *
 * <p>Fatal framing problems (bad type byte, CLOSE of the wrong sequence, a token outside any
 * sequence, OPEN where a type name belongs, a limit exceeded) throw {@link BananaException}.
 * Sequences that frame correctly but are not acceptable become {@link Value.Invalid} inside the
 * message, so the PB layer can refuse that one call and keep the connection.
 */
public final class Decoder {
    /** Type names are at most 15 bytes ({@code their-reference}), as foolscap enforces. */
    static final int MAX_TYPE_NAME = 15;

    /**
     * Receive limits.
     *
     * @param maxString longest STRING
     * @param maxDepth deepest nesting of sequences in one message
     * @param maxTokens most tokens in one top-level message
     * @param maxMessageBytes most bytes in one top-level message
     */
    public record Limits(int maxString, int maxDepth, int maxTokens, long maxMessageBytes) {}

    /** What the stream delivered. */
    public sealed interface Event {}

    /**
     * One complete top-level sequence.
     *
     * @param type its type name ({@code call}, {@code answer}, {@code error} on PB connections)
     * @param children its values in order
     * @param aborted true when the sender sent ABORT inside it (the children are incomplete)
     */
    public record Message(String type, List<Value> children, boolean aborted) implements Event {}

    /** The peer pinged; answer with a PONG of the same number. */
    public record Ping(long number) implements Event {}

    /** The peer answered a PING. */
    public record Pong(long number) implements Event {}

    /** The peer reports a fatal error and will close (text bounded to 1000 bytes). */
    public record PeerError(String text) implements Event {}

    private static final class Frame {
        final long openId;
        String type;
        final List<Value> children = new ArrayList<>();

        Frame(long openId) {
            this.openId = openId;
        }
    }

    private final TokenReader tokens;
    private final Vocab vocab;
    private final Limits limits;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<Long, Value> references = new HashMap<>();
    private boolean aborted;
    private int messageTokens;
    private long messageBytes;

    public Decoder(Vocab vocab, Limits limits) {
        this.tokens = new TokenReader(limits.maxString());
        this.vocab = vocab;
        this.limits = limits;
    }

    public void feed(byte[] data, int off, int len) {
        tokens.feed(data, off, len);
    }

    public void feed(byte[] data) {
        tokens.feed(data, 0, data.length);
    }

    /** Bytes fed but not yet consumed (an incomplete token). */
    public int buffered() {
        return tokens.buffered();
    }

    /** True while a top-level message is partly received. */
    public boolean inMessage() {
        return !stack.isEmpty();
    }

    /**
     * The next event, or null when more bytes are needed.
     *
     * @throws BananaException when the stream breaks the framing rules
     */
    public Event next() throws BananaException {
        Token t;
        while ((t = tokens.next()) != null) {
            Event e = accept(t);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private Event accept(Token t) throws BananaException {
        switch (t.type()) {
            case PING:
                return new Ping(t.header());
            case PONG:
                return new Pong(t.header());
            case ERROR:
                return new PeerError(StandardCharsets.UTF_8.decode(ByteBuffer.wrap(t.body())).toString());
            default:
                break;
        }
        if (!stack.isEmpty()) {
            messageTokens++;
            messageBytes += 1 + t.body().length;
            if (messageTokens > limits.maxTokens()) {
                throw new BananaException("message has more than " + limits.maxTokens() + " tokens");
            }
            if (messageBytes > limits.maxMessageBytes()) {
                throw new BananaException("message larger than " + limits.maxMessageBytes() + " bytes");
            }
        }
        Frame top = stack.peek();
        if (top != null && top.type == null) {
            top.type = typeName(t);
            return null;
        }
        switch (t.type()) {
            case OPEN:
                if (stack.size() >= limits.maxDepth()) {
                    throw new BananaException("sequences nested deeper than " + limits.maxDepth());
                }
                if (stack.isEmpty()) {
                    references.clear();
                    aborted = false;
                    messageTokens = 1;
                    messageBytes = 1;
                }
                stack.push(new Frame(t.header()));
                return null;
            case CLOSE:
                return close(t.header());
            case ABORT:
                if (top == null) {
                    throw new BananaException("ABORT outside a sequence");
                }
                aborted = true;
                return null;
            default:
                if (top == null) {
                    throw new BananaException(t.type() + " token outside a sequence");
                }
                top.children.add(atom(t));
                return null;
        }
    }

    private String typeName(Token t) throws BananaException {
        byte[] name;
        if (t.type() == TokenType.VOCAB) {
            name = word(t.header());
        } else if (t.type() == TokenType.STRING) {
            name = t.body();
            if (name.length > MAX_TYPE_NAME) {
                throw new BananaException("sequence type name longer than " + MAX_TYPE_NAME + " bytes");
            }
        } else {
            throw new BananaException("sequence type must be a STRING or VOCAB, not " + t.type());
        }
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    private byte[] word(long index) throws BananaException {
        byte[] w = vocab.word(index);
        if (w == null) {
            throw new BananaException("VOCAB index " + index + " is not in table " + vocab.index());
        }
        return w;
    }

    private Value atom(Token t) throws BananaException {
        return switch (t.type()) {
            case INT -> Value.Int.of(t.header());
            case NEG -> Value.Int.of(-t.header());
            case LONGINT -> new Value.Int(new BigInteger(1, t.body()));
            case LONGNEG -> new Value.Int(new BigInteger(1, t.body()).negate());
            case FLOAT -> new Value.Real(ByteBuffer.wrap(t.body()).getDouble());
            case STRING -> new Value.Bytes(t.body());
            case VOCAB -> new Value.Bytes(word(t.header()));
            default -> throw new BananaException("unexpected " + t.type() + " token");
        };
    }

    private Event close(long openId) throws BananaException {
        Frame f = stack.poll();
        if (f == null) {
            throw new BananaException("CLOSE outside a sequence");
        }
        if (f.openId != openId) {
            throw new BananaException("lost sync: CLOSE(" + openId + ") for OPEN(" + f.openId + ")");
        }
        if (f.type == null) {
            throw new BananaException("sequence closed before its type");
        }
        if (stack.isEmpty()) {
            return new Message(f.type, List.copyOf(f.children), aborted);
        }
        Value v = aborted ? Sequences.invalid("aborted by the sender") : Sequences.build(f.type, f.children, references);
        references.put(f.openId, v);
        stack.peek().children.add(v);
        return null;
    }
}
