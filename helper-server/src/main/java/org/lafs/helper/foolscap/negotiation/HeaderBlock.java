package org.lafs.helper.foolscap.negotiation;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * The header blocks of Foolscap negotiation (spec section 2.3): lines {@code key: value} ended
 * by CRLF, the block ended by an empty line. Pure.
 */
public final class HeaderBlock {
    /** foolscap negotiate.py: a block (plus buffered bytes) over 4096 bytes is an error. */
    public static final int MAX_BLOCK = 4096;

    private HeaderBlock() {}

    /** The index just past the first CRLFCRLF in {@code buf[from, to)}, or -1. */
    public static int end(byte[] buf, int from, int to) {
        for (int i = from; i + 4 <= to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /**
     * Parses a block's lines (without the final empty line), as foolscap does: the key is the
     * text before the first colon, lowercased; the value the rest with leading spaces removed.
     * Lines without a colon are ignored; a repeated key keeps the last value.
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            out.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).stripLeading());
        }
        return out;
    }

    /** A block with keys in the given (sorted) order, lowercase, as foolscap's {@code sendBlock} writes it. */
    public static byte[] format(SortedMap<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(k.toLowerCase(Locale.ROOT)).append(": ").append(v).append("\r\n"));
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
