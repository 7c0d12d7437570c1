package org.lafs.helper.foolscap.negotiation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;
import org.lafs.format.Base32;

/**
 * A Foolscap tub identifier: the lowercase unpadded RFC 4648 base32 of SHA-1 over the DER of
 * the tub's TLS leaf certificate (foolscap {@code crypto.py digest32}; spec section 1.2). 20
 * digest bytes give exactly 32 characters. Not a secret.
 */
public final class TubId {
    /** 32 characters of the lowercase base32 alphabet. */
    private static final Pattern FORM = Pattern.compile("[a-z2-7]{32}");

    private TubId() {}

    /** The TubID of a certificate given as DER bytes. */
    public static String of(byte[] certificateDer) {
        try {
            return Base32.encode(MessageDigest.getInstance("SHA-1").digest(certificateDer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isValid(String s) {
        return s != null && FORM.matcher(s).matches();
    }
}
