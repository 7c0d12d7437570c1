package org.lafs.chk.share;

/** A share container failed verification: its bytes are not what the UEB hash commits to. */
public final class CorruptShareException extends Exception {
    private static final long serialVersionUID = 1L;

    public CorruptShareException(String message) {
        super(message);
    }
}
