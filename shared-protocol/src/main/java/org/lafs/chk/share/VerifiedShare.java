package org.lafs.chk.share;

/**
 * The result of {@link ShareVerifier#verify}: share {@code shnum} of the file described by
 * {@code ueb}, laid out as {@code layout}, with every byte checked against {@code uebHash}.
 */
public record VerifiedShare(int shnum, UriExtension ueb, ShareLayout layout) {
}
