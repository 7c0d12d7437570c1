package org.lafs.gbs;

import java.util.List;

/**
 * Answer to a PATCH write (spec section 3.3).
 *
 * @param complete true for 201 (this write completed the share), false for 200
 * @param required the half-open ranges not yet written
 */
public record WriteResult(boolean complete, List<ByteRange> required) {
    public WriteResult {
        required = List.copyOf(required);
    }
}
