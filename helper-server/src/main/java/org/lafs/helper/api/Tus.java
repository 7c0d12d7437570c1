package org.lafs.helper.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lafs.format.Base32;
import org.lafs.helper.upload.HelperException;
import org.lafs.helper.upload.UploadParams;

/**
 * tus 1.0.0 constants and header parsing (tus.io/protocols/resumable-upload, core + creation +
 * termination + expiration + checksum). Pure functions.
 */
public final class Tus {
    public static final String VERSION = "1.0.0";
    public static final String EXTENSIONS = "creation,termination,expiration,checksum";
    public static final String CHECKSUM_ALGORITHMS = "sha256";
    public static final String OFFSET_CONTENT_TYPE = "application/offset+octet-stream";
    /** tus checksum extension: the body did not match Upload-Checksum. */
    public static final int CHECKSUM_MISMATCH = 460;
    /** Longest Upload-Metadata header we parse; ours needs about 150 bytes. */
    public static final int MAX_METADATA = 4096;
    /** Metadata keys carrying the Tahoe parameters. */
    public static final String SI = "storage-index";
    public static final String K = "k";
    public static final String HAPPY = "happy";
    public static final String N = "n";
    public static final String SEGMENT_SIZE = "segment-size";
    /** Optional metadata key: the client's proof of the convergent key (52 base32 characters). */
    public static final String UPLOAD_PROOF = "upload-proof";

    private Tus() {}

    /** Parses {@code Upload-Metadata}: comma-separated {@code key base64value} pairs. */
    public static Map<String, String> parseMetadata(String header) {
        if (header == null || header.isBlank()) {
            throw new HelperException(400, "missing-metadata", "Upload-Metadata is required");
        }
        if (header.length() > MAX_METADATA) {
            throw new HelperException(400, "metadata-too-long", "Upload-Metadata is too long");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : header.split(",", -1)) {
            String p = pair.trim();
            if (p.isEmpty()) {
                throw new HelperException(400, "bad-metadata", "empty Upload-Metadata pair");
            }
            int sp = p.indexOf(' ');
            String key = sp < 0 ? p : p.substring(0, sp);
            String value;
            try {
                value = sp < 0 ? "" : new String(Base64.getDecoder().decode(p.substring(sp + 1).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new HelperException(400, "bad-metadata", "Upload-Metadata value of " + key + " is not base64");
            }
            if (key.isEmpty() || out.put(key, value) != null) {
                throw new HelperException(400, "bad-metadata", "Upload-Metadata keys must be non-empty and unique");
            }
        }
        return out;
    }

    /** Builds the declared upload from {@code Upload-Length} and the metadata. */
    public static UploadParams params(String uploadLength, Map<String, String> md) {
        long size = parseNonNegative(uploadLength, "Upload-Length", "bad-upload-length");
        String si = md.get(SI);
        if (si == null) {
            throw new HelperException(400, "missing-storage-index", "metadata storage-index is required");
        }
        byte[] siBytes;
        try {
            siBytes = Base32.decode(si, 16);
        } catch (IllegalArgumentException e) {
            throw new HelperException(400, "bad-storage-index", "storage-index must be 26 base32 characters");
        }
        return new UploadParams(siBytes, size, intField(md, K), intField(md, HAPPY), intField(md, N), intField(md, SEGMENT_SIZE));
    }

    private static int intField(Map<String, String> md, String key) {
        String v = md.get(key);
        if (v == null) {
            throw new HelperException(400, "missing-" + key, "metadata " + key + " is required");
        }
        long n = parseNonNegative(v, key, "bad-" + key);
        if (n > Integer.MAX_VALUE) {
            throw new HelperException(400, "bad-" + key, key + " is too large");
        }
        return (int) n;
    }

    /** A decimal without sign or leading junk, at most 18 digits. */
    public static long parseNonNegative(String v, String name, String reason) {
        if (v == null || v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HelperException(400, reason, name + " must be a non-negative decimal integer");
        }
        return Long.parseLong(v);
    }

    /** RFC 9110 HTTP-date, as tus expiration's Upload-Expires uses. */
    public static String httpDate(long epochMillis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }
}
