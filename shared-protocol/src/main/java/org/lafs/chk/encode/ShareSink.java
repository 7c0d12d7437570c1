package org.lafs.chk.encode;

import java.io.IOException;

/**
 * Receives share bytes from {@link ChkEncoder}. Each share is written strictly in order from
 * offset 0 with no holes (chk-format.md section 12). The array is only valid during the call:
 * copy it if it must outlive the call.
 */
@FunctionalInterface
public interface ShareSink {
    void write(int shnum, long offset, byte[] data, int off, int len) throws IOException;

    default void write(int shnum, long offset, byte[] data) throws IOException {
        write(shnum, offset, data, 0, data.length);
    }

    /** A sink that drops everything (computing a cap without storing shares). */
    ShareSink DISCARD = (shnum, offset, data, off, len) -> { };
}
