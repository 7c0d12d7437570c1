package org.lafs.helper.foolscap;

import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.upload.UploadParams;

/**
 * What the client's {@code RIEncryptedUploadable} answers mean (spec section 6.2), checked:
 * pure functions from decoded Banana values to what {@link ReaderSources.Source} hands the
 * {@link UploadJob}.
 */
final class ReaderAnswers {
    private ReaderAnswers() {}

    /**
     * The upload the client declares with its {@code get_size} and
     * {@code get_all_encoding_parameters} answers (an integer; a tuple (k, happy, n, segment size)).
     *
     * @throws IllegalArgumentException naming what is wrong with them
     */
    static UploadParams params(byte[] si, Value sizeValue, Value p) {
        if (!(sizeValue instanceof Value.Int sz)) {
            throw new IllegalArgumentException("get_size must answer an integer");
        }
        if (!(p instanceof Value.Seq seq) || seq.items().size() != 4 || !seq.items().stream().allMatch(v -> v instanceof Value.Int)) {
            throw new IllegalArgumentException("get_all_encoding_parameters must answer (k, happy, n, segment_size)");
        }
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            v[i] = ((Value.Int) seq.items().get(i)).longValue("encoding parameter");
            if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("encoding parameter out of range");
            }
        }
        return new UploadParams(si, sz.longValue("size"), (int) v[0], (int) v[1], (int) v[2], (int) v[3]);
    }

    /** The pieces of a {@code read_encrypted} answer as one array, or null unless exactly {@code len} bytes of byte strings. */
    static byte[] pieces(Value v, int len) {
        if (!(v instanceof Value.Seq seq) || seq.kind() != Value.SeqKind.LIST) {
            return null;
        }
        long total = 0;
        for (Value p : seq.items()) {
            if (!(p instanceof Value.Bytes b)) {
                return null;
            }
            total += b.length();
        }
        if (total != len) {
            return null;
        }
        byte[] out = new byte[len];
        int o = 0;
        for (Value p : seq.items()) {
            Value.Bytes b = (Value.Bytes) p;
            b.copyTo(out, o);
            o += b.length();
        }
        return out;
    }
}
