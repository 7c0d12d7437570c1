package org.lafs.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Netstrings as Tahoe uses them: {@code <decimal length>:<bytes>,} (chk-format.md section 1.1). */
public final class Netstring {
    private Netstring() {}

    public static byte[] encode(byte[] value) {
        byte[] prefix = (value.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + value.length + 1];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(value, 0, out, prefix.length, value.length);
        out[out.length - 1] = ',';
        return out;
    }

    public static byte[] encode(String asciiValue) {
        return encode(asciiValue.getBytes(StandardCharsets.US_ASCII));
    }

    /** Concatenation of the netstrings of each value. */
    public static byte[] concat(byte[]... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] v : values) {
            out.writeBytes(encode(v));
        }
        return out.toByteArray();
    }
}
