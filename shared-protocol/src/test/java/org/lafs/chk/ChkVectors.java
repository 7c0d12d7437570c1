package org.lafs.chk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The CHK capability vectors of src/test/resources/vectors/chk-vectors.json (reused by helper-client). */
public final class ChkVectors {
    private ChkVectors() {}

    /** One vector: plaintext = seed repeated and cut to {@code length}. */
    public record Vector(int index, byte[] secret, byte[] seed, long length, int k, int n, int maxSegmentSize,
                         String expectedCap) {
        public byte[] plaintext() {
            return repeat(seed, (int) length);
        }

        public InputStream stream() {
            return new RepeatingStream(seed, length);
        }

        @Override
        public String toString() {
            return "#" + index + " " + k + "-of-" + n + " size " + length;
        }
    }

    /**
     * Loads the bundled vectors, or the JSON file (same schema) named by the system property
     * {@code chk.vectors.file}, e.g. all 120 CHK vectors of Tahoe's test_vectors.yaml.
     */
    public static List<Vector> load() {
        String external = System.getProperty("chk.vectors.file");
        try (InputStream in = external != null && !external.isEmpty()
                ? java.nio.file.Files.newInputStream(java.nio.file.Path.of(external))
                : ChkVectors.class.getResourceAsStream("/vectors/chk-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Vector> out = new ArrayList<>();
            Base64.Decoder b64 = Base64.getDecoder();
            int i = 0;
            for (JsonNode v : root.get("vectors")) {
                out.add(new Vector(i++, b64.decode(v.get("convergence_secret_base64").asText()),
                        b64.decode(v.get("sample_seed_base64").asText()), v.get("length").asLong(),
                        v.get("needed").asInt(), v.get("total").asInt(), v.get("max_segment_size").asInt(),
                        v.get("expected_cap").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] repeat(byte[] seed, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = seed[i % seed.length];
        }
        return out;
    }

    /** Generates seed-repeated bytes without holding the file. */
    public static final class RepeatingStream extends InputStream {
        private final byte[] seed;
        private final long length;
        private long pos;

        public RepeatingStream(byte[] seed, long length) {
            this.seed = seed;
            this.length = length;
        }

        @Override
        public int read() {
            if (pos >= length) {
                return -1;
            }
            return seed[(int) (pos++ % seed.length)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = seed[(int) ((pos + i) % seed.length)];
            }
            pos += n;
            return n;
        }
    }
}
