package org.lafs.gbs;

import java.util.Set;

/**
 * Answer to an allocate: CBOR {@code {"already-have": #6.258([...]), "allocated": #6.258([...])}}
 * (spec section 3.2). A requested share in neither set is being uploaded already (possibly by
 * this caller, after a lost response) or did not fit.
 *
 * @param alreadyHave every complete share the server holds for the storage index
 * @param allocated the shares for which an upload slot was opened
 */
public record AllocateResult(Set<Integer> alreadyHave, Set<Integer> allocated) {
    public AllocateResult {
        alreadyHave = Set.copyOf(alreadyHave);
        allocated = Set.copyOf(allocated);
    }
}
