package org.lafs.helper.foolscap.negotiation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.lafs.helper.foolscap.banana.BananaException;

/**
 * Collects the bytes of the negotiation phases and cuts them into header blocks, each ended by
 * CRLFCRLF (spec 2.1). Bytes after a block belong to the next phase and stay buffered: a master
 * client sends Hello, Decision and its first Banana message in one read. More than
 * {@link HeaderBlock#MAX_BLOCK} buffered bytes without a block end is fatal, as in foolscap.
 * Pure; one per connection.
 */
public final class BlockReader {
    private byte[] buf = new byte[512];
    private int len;

    public void feed(byte[] data, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(data, off, buf, len, n);
        len += n;
    }

    /**
     * The next block's text (without its final CRLFCRLF), or null when it is incomplete.
     *
     * @throws BananaException when 4096 bytes arrive without a block end
     */
    public String nextBlock() throws BananaException {
        int end = HeaderBlock.end(buf, 0, len);
        if (end < 0) {
            if (len > HeaderBlock.MAX_BLOCK) {
                throw new BananaException("negotiation block longer than " + HeaderBlock.MAX_BLOCK + " bytes");
            }
            return null;
        }
        if (end > HeaderBlock.MAX_BLOCK) {
            throw new BananaException("negotiation block longer than " + HeaderBlock.MAX_BLOCK + " bytes");
        }
        String text = new String(buf, 0, end - 4, StandardCharsets.ISO_8859_1);
        System.arraycopy(buf, end, buf, 0, len - end);
        len -= end;
        return text;
    }

    /** Takes the bytes buffered after the last block (they belong to the Banana phase). */
    public byte[] drain() {
        byte[] rest = Arrays.copyOf(buf, len);
        len = 0;
        buf = new byte[0];
        return rest;
    }

    public int buffered() {
        return len;
    }
}
