package org.lafs.client.upload;

import java.io.IOException;

/** The plaintext read in the second pass differs from the first pass (size or content). */
public final class FileChangedException extends IOException {
    private static final long serialVersionUID = 1L;

    public FileChangedException(String message) {
        super(message);
    }
}
