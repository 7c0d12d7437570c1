package org.lafs.chk;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128-CTR over the whole file with a zero initial counter (chk-format.md section 6),
 * seekable: a cipher created {@link #at} byte offset {@code p} produces the same keystream bytes
 * as one created at 0 after {@code p} bytes. Encryption and decryption are the same operation.
 *
 * <p>Uses JCA {@code AES/CTR/NoPadding} (hardware AES; see PERF-NOTES.md). Not thread-safe;
 * create one per stream.
 */
public final class CtrCipher {
    private static final int BLOCK = 16;
    private final Cipher cipher;

    private CtrCipher(Cipher cipher) {
        this.cipher = cipher;
    }

    /** A cipher positioned at byte {@code offset} of the file's keystream. */
    public static CtrCipher at(byte[] key, long offset) {
        if (key.length != ConvergentKey.LENGTH) {
            throw new IllegalArgumentException("AES-128 key must be 16 bytes, got " + key.length);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        byte[] counter = new byte[BLOCK];
        long block = offset / BLOCK;
        for (int i = 0; i < 8; i++) {
            counter[BLOCK - 1 - i] = (byte) (block >>> (8 * i));
        }
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
            int skip = (int) (offset % BLOCK);
            if (skip > 0) {
                c.update(new byte[skip]);
            }
            return new CtrCipher(c);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is required by the Java platform", e);
        }
    }

    /** XORs the keystream into {@code buf[off, off+len)} in place and advances. */
    public void apply(byte[] buf, int off, int len) {
        apply(buf, off, len, buf, off);
    }

    /** Writes {@code in[inOff..) XOR keystream} to {@code out[outOff..)} and advances. */
    public void apply(byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (len == 0) {
            return;
        }
        try {
            int done = cipher.update(in, inOff, len, out, outOff);
            if (done != len) {
                throw new IllegalStateException("CTR produced " + done + " of " + len + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stream of {@code source} XOR keystream starting at {@code offset}; closes the source. */
    public static InputStream stream(InputStream source, byte[] key, long offset) {
        CtrCipher c = at(key, offset);
        return new FilterInputStream(source) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int r = read(one, 0, 1);
                return r < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int r = in.read(b, off, len);
                if (r > 0) {
                    c.apply(b, off, r);
                }
                return r;
            }

            @Override
            public long skip(long n) {
                throw new UnsupportedOperationException("skip would desynchronise the keystream");
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }
}
