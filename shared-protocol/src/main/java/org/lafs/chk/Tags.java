package org.lafs.chk;

/** The exact tag strings of chk-format.md section 2 (ASCII, no terminator). */
public final class Tags {
    private Tags() {}

    public static final String STORAGE_INDEX = "allmydata_immutable_key_to_storage_index_v1";
    /** Prefix of the convergence tag; note the trailing {@code +} (section 4). */
    public static final String CONVERGENT_KEY_PREFIX = "allmydata_immutable_content_to_key_with_added_secret_v1+";
    public static final String BLOCK = "allmydata_encoded_subshare_v1";
    public static final String UEB = "allmydata_uri_extension_v1";
    public static final String CRYPTTEXT = "allmydata_crypttext_v1";
    public static final String CRYPTTEXT_SEGMENT = "allmydata_crypttext_segment_v1";
    public static final String MERKLE_EMPTY_LEAF = "Merkle tree empty leaf";
    public static final String MERKLE_INTERNAL = "Merkle tree internal node";
}
