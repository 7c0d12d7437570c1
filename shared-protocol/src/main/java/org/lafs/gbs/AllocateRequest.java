package org.lafs.gbs;

import java.util.Set;

/**
 * Body of {@code POST /storage/v1/immutable/:si}: CBOR
 * {@code {"share-numbers": #6.258([uint...]), "allocated-size": uint}} (spec section 3, row 2).
 *
 * @param shareNumbers share numbers to allocate, each 0..255
 * @param allocatedSize exact share length; values above {@link Long#MAX_VALUE} on the wire are
 *     read as {@link Long#MAX_VALUE} (no server can hold them anyway)
 */
public record AllocateRequest(Set<Integer> shareNumbers, long allocatedSize) {
    public AllocateRequest {
        shareNumbers = Set.copyOf(shareNumbers);
        if (allocatedSize < 0) {
            throw new IllegalArgumentException("allocated size must not be negative");
        }
    }
}
