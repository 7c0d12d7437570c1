package org.lafs.helper.foolscap.banana;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Banana's built-in vocabulary tables (foolscap {@code vocab.py}; spec section 3.3): a VOCAB token
 * with index i stands for word i of the table the two sides negotiated. Table 0 is empty, table
 * 1 holds 25 fixed words. Immutable.
 */
public final class Vocab {
    /** foolscap vocab.py {@code vocab_v1}, in index order. */
    private static final List<String> V1 = List.of("none", "boolean", "reference", "dict", "list", "tuple", "set",
            "immutable-set", "unicode", "set-vocab", "add-vocab", "call", "arguments", "answer", "error", "my-reference",
            "your-reference", "their-reference", "copyable", "instance", "module", "class", "method", "function",
            "attrdict");

    public static final Vocab TABLE_0 = new Vocab(0, List.of());
    public static final Vocab TABLE_1 = new Vocab(1, V1);
    /** Highest table index we know (what we offer in {@code initial-vocab-table-range}). */
    public static final int MAX_INDEX = 1;

    private final int index;
    private final List<String> words;
    private final byte[][] bytes;

    private Vocab(int index, List<String> words) {
        this.index = index;
        this.words = words;
        this.bytes = words.stream().map(w -> w.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }

    public static Vocab of(int index) {
        return switch (index) {
            case 0 -> TABLE_0;
            case 1 -> TABLE_1;
            default -> throw new IllegalArgumentException("unknown vocabulary table " + index);
        };
    }

    public int index() {
        return index;
    }

    /** The word with this index, or null when the table has none. */
    public byte[] word(long i) {
        return i >= 0 && i < bytes.length ? bytes[(int) i] : null;
    }

    /** The index of {@code word}, or -1. */
    public int indexOf(byte[] word) {
        if (word.length > 15) { // longest word: "their-reference"
            return -1;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (Arrays.equals(bytes[i], word)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The table's check value in {@code initial-vocab-table-index}: the first 4 hex characters
     * of SHA-1 over the words joined by one zero byte (vocab.py {@code hashVocabTable}); table 0
     * gives {@code da39}, table 1 {@code bb33}.
     */
    public String hash() {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    sha1.update((byte) 0);
                }
                sha1.update(bytes[i]);
            }
            return HexFormat.of().formatHex(sha1.digest()).substring(0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> words() {
        return words;
    }
}
