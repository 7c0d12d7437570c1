package org.lafs.gbs;

/** A CBOR body that is malformed or does not match the message's schema. */
public final class CborFormatException extends IllegalArgumentException {
    public CborFormatException(String message) {
        super(message);
    }
}
