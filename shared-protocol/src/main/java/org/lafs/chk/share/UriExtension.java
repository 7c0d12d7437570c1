package org.lafs.chk.share;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.format.Netstring;
import org.lafs.format.TaggedHash;

/**
 * The URI extension block (UEB), chk-format.md section 9: exactly 11 keys, sorted by byte value,
 * each emitted as {@code key ":" ns(value)}; integers in ASCII decimal, hashes raw.
 *
 * <p>{@link #parse} is strict: exactly these keys in this order, no leading zeros, 32-byte
 * hashes, {@code codec_name = crs}, and every derived field consistent with (size, k, n, S)
 * as section 3 computes it. Length is bounded below {@link #MAX_LENGTH}. Immutable.
 *
 * @param geometry file size, k, n and the effective segment size with everything derived
 * @param crypttextHash {@code H("allmydata_crypttext_v1", ciphertext)}
 * @param crypttextRootHash root of the crypttext (segment) hash tree
 * @param shareRootHash root of the share hash tree
 */
public record UriExtension(FileGeometry geometry, byte[] crypttextHash, byte[] crypttextRootHash,
                           byte[] shareRootHash) {

    /** Tahoe's ReadBucketProxy rejects a UEB length of 2000 or more (section 9). */
    public static final int MAX_LENGTH = 1999;

    private static final List<String> KEYS = List.of("codec_name", "codec_params", "crypttext_hash",
            "crypttext_root_hash", "needed_shares", "num_segments", "segment_size", "share_root_hash",
            "size", "tail_codec_params", "total_shares");

    public UriExtension {
        checkHash("crypttext_hash", crypttextHash);
        checkHash("crypttext_root_hash", crypttextRootHash);
        checkHash("share_root_hash", shareRootHash);
        crypttextHash = crypttextHash.clone();
        crypttextRootHash = crypttextRootHash.clone();
        shareRootHash = shareRootHash.clone();
    }

    private static void checkHash(String name, byte[] h) {
        if (h == null || h.length != TaggedHash.LENGTH) {
            throw new IllegalArgumentException(name + " must be 32 bytes");
        }
    }

    @Override
    public byte[] crypttextHash() {
        return crypttextHash.clone();
    }

    @Override
    public byte[] crypttextRootHash() {
        return crypttextRootHash.clone();
    }

    @Override
    public byte[] shareRootHash() {
        return shareRootHash.clone();
    }

    /** The serialized UEB bytes. */
    public byte[] serialize() {
        FileGeometry g = geometry;
        Map<String, byte[]> v = new LinkedHashMap<>();
        v.put("codec_name", ascii("crs"));
        v.put("codec_params", ascii(g.segmentSize() + "-" + g.k() + "-" + g.n()));
        v.put("crypttext_hash", crypttextHash);
        v.put("crypttext_root_hash", crypttextRootHash);
        v.put("needed_shares", ascii(Integer.toString(g.k())));
        v.put("num_segments", ascii(Integer.toString(g.numSegments())));
        v.put("segment_size", ascii(Integer.toString(g.segmentSize())));
        v.put("share_root_hash", shareRootHash);
        v.put("size", ascii(Long.toString(g.size())));
        v.put("tail_codec_params", ascii(g.paddedTail() + "-" + g.k() + "-" + g.n()));
        v.put("total_shares", ascii(Integer.toString(g.n())));
        ByteArrayOutputStream out = new ByteArrayOutputStream(340);
        for (String key : KEYS) {
            out.writeBytes(ascii(key + ":"));
            out.writeBytes(Netstring.encode(v.get(key)));
        }
        return out.toByteArray();
    }

    /** {@code H("allmydata_uri_extension_v1", serialize())}. */
    public byte[] hash() {
        return hash(serialize());
    }

    /** The UEB hash of serialized UEB bytes. */
    public static byte[] hash(byte[] uebBytes) {
        return TaggedHash.hash(Tags.UEB, uebBytes);
    }

    /**
     * Length of the UEB of any file with this geometry. The hashes are fixed-size, so this is
     * known before encoding (section 12) and fixes the allocated share size.
     */
    public static int serializedLength(FileGeometry g) {
        byte[] dummy = new byte[TaggedHash.LENGTH];
        return new UriExtension(g, dummy, dummy, dummy).serialize().length;
    }

    /**
     * Parses serialized UEB bytes strictly.
     *
     * @throws IllegalArgumentException with the first problem found
     */
    public static UriExtension parse(byte[] ueb) {
        if (ueb.length > MAX_LENGTH) {
            throw new IllegalArgumentException("UEB of " + ueb.length + " bytes exceeds " + MAX_LENGTH);
        }
        Map<String, byte[]> fields = new LinkedHashMap<>();
        int pos = 0;
        for (String key : KEYS) {
            byte[] prefix = ascii(key + ":");
            if (ueb.length - pos < prefix.length
                    || !Arrays.equals(ueb, pos, pos + prefix.length, prefix, 0, prefix.length)) {
                throw new IllegalArgumentException("UEB: expected key '" + key + "' at byte " + pos);
            }
            pos += prefix.length;
            int colon = pos;
            while (colon < ueb.length && colon - pos < 5 && ueb[colon] >= '0' && ueb[colon] <= '9') {
                colon++;
            }
            if (colon == pos || colon >= ueb.length || ueb[colon] != ':') {
                throw new IllegalArgumentException("UEB: bad netstring length for '" + key + "'");
            }
            int len = decimal(ueb, pos, colon, key);
            int start = colon + 1;
            if (len > ueb.length - start - 1 || ueb[start + len] != ',') {
                throw new IllegalArgumentException("UEB: netstring for '" + key + "' truncated or missing ','");
            }
            fields.put(key, Arrays.copyOfRange(ueb, start, start + len));
            pos = start + len + 1;
        }
        if (pos != ueb.length) {
            throw new IllegalArgumentException("UEB: " + (ueb.length - pos) + " trailing bytes after the 11 keys");
        }
        if (!Arrays.equals(fields.get("codec_name"), ascii("crs"))) {
            throw new IllegalArgumentException("UEB: codec_name must be 'crs'");
        }
        int k = (int) number(fields, "needed_shares", 256);
        int n = (int) number(fields, "total_shares", 256);
        // S <= roundup(max segment size, k): bounded so a hostile UEB cannot make readers allocate GiBs
        int s = (int) number(fields, "segment_size", EncodingParameters.MAX_SEGMENT_SIZE + 255L);
        long size = number(fields, "size", Long.MAX_VALUE);
        long segments = number(fields, "num_segments", FileGeometry.MAX_SEGMENTS);
        FileGeometry g;
        try {
            g = FileGeometry.of(size, k, n, s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("UEB: inconsistent parameters: " + e.getMessage());
        }
        if (g.segmentSize() != s) {
            throw new IllegalArgumentException("UEB: segment_size " + s + " is not the effective size for "
                    + size + " bytes and k=" + k);
        }
        if (g.numSegments() != segments) {
            throw new IllegalArgumentException("UEB: num_segments " + segments + " should be " + g.numSegments());
        }
        expect(fields, "codec_params", s + "-" + k + "-" + n);
        expect(fields, "tail_codec_params", g.paddedTail() + "-" + k + "-" + n);
        for (String h : List.of("crypttext_hash", "crypttext_root_hash", "share_root_hash")) {
            if (fields.get(h).length != TaggedHash.LENGTH) {
                throw new IllegalArgumentException("UEB: " + h + " must be 32 bytes");
            }
        }
        return new UriExtension(g, fields.get("crypttext_hash"), fields.get("crypttext_root_hash"),
                fields.get("share_root_hash"));
    }

    private static void expect(Map<String, byte[]> fields, String key, String value) {
        if (!Arrays.equals(fields.get(key), ascii(value))) {
            throw new IllegalArgumentException("UEB: " + key + " should be '" + value + "'");
        }
    }

    private static long number(Map<String, byte[]> fields, String key, long max) {
        byte[] v = fields.get(key);
        if (v.length == 0 || v.length > 19 || (v[0] == '0' && v.length > 1)) {
            throw new IllegalArgumentException("UEB: " + key + " is not a canonical decimal");
        }
        long x = 0;
        for (byte b : v) {
            if (b < '0' || b > '9') {
                throw new IllegalArgumentException("UEB: " + key + " is not a canonical decimal");
            }
            x = x * 10 + (b - '0');
            if (x < 0 || x > max) {
                throw new IllegalArgumentException("UEB: " + key + " exceeds " + max);
            }
        }
        return x;
    }

    private static int decimal(byte[] b, int from, int to, String key) {
        if (b[from] == '0' && to - from > 1) {
            throw new IllegalArgumentException("UEB: netstring length for '" + key + "' has a leading zero");
        }
        int x = 0;
        for (int i = from; i < to; i++) {
            x = x * 10 + (b[i] - '0');
        }
        return x;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UriExtension u && geometry.equals(u.geometry)
                && Arrays.equals(crypttextHash, u.crypttextHash)
                && Arrays.equals(crypttextRootHash, u.crypttextRootHash)
                && Arrays.equals(shareRootHash, u.shareRootHash);
    }

    @Override
    public int hashCode() {
        return geometry.hashCode() * 31 + Arrays.hashCode(shareRootHash);
    }

    @Override
    public String toString() {
        return "UriExtension[" + geometry + "]";
    }
}
