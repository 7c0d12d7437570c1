package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.StorageIndex;
import org.lafs.chk.cap.ChkCap;
import org.lafs.format.Base32;

/** The client side of a helper upload, as a Tahoe-like node does it: key, SI, encrypt, tus, result, cap. */
final class ChkClient {
    final byte[] plaintext;
    final byte[] key;
    final byte[] si;
    final FileGeometry geometry;
    final EncodingParameters params;
    final byte[] ciphertext;

    ChkClient(byte[] plaintext, byte[] convergence, EncodingParameters params) {
        this.plaintext = plaintext;
        this.params = params;
        this.key = ConvergentKey.derive(plaintext, convergence, params);
        this.si = StorageIndex.of(key);
        this.geometry = params.geometry(plaintext.length);
        this.ciphertext = plaintext.clone();
        CtrCipher.at(key, 0).apply(ciphertext, 0, ciphertext.length);
    }

    String siBase32() {
        return Base32.encode(si);
    }

    /** tus creation; returns the response. */
    HttpResponse<String> create(TusClient c) {
        return c.create(plaintext.length, TusClient.md(siBase32(), params.k(), params.happy(), params.n(), geometry.segmentSize()));
    }

    /** Polls the result until done or failed. */
    static JsonObject awaitResult(TusClient c, String si) {
        for (int i = 0; i < 600; i++) {
            HttpResponse<String> r = c.get("/uploads/" + si + "/result?wait=10");
            if (r.statusCode() == 200) {
                JsonObject o = new JsonObject(r.body());
                String st = o.getString("state");
                if (st.equals("done") || st.equals("in-grid") || st.equals("failed")) {
                    return o.getJsonObject("result");
                }
            }
        }
        throw new AssertionError("upload did not finish");
    }

    /** The whole upload: create, send whatever the helper lacks, wait, build the cap. */
    String upload(TusClient c) {
        HttpResponse<String> cr = create(c);
        assertEquals(201, cr.statusCode(), cr.body());
        long offset = Long.parseLong(cr.headers().firstValue("Upload-Offset").orElseThrow());
        if (offset < plaintext.length) {
            String loc = c.base.substring(0, c.base.length() - "/helper/v1".length()) + cr.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> p = c.patchAll(loc, ciphertext, offset, 1 << 20);
            assertEquals(204, p.statusCode(), p.body());
        }
        return cap(awaitResult(c, siBase32()));
    }

    String cap(JsonObject result) {
        assertEquals(-1, result.getString("state").indexOf("failed"), result.encode());
        JsonObject ueb = result.getJsonObject("ueb");
        assertEquals(params.k(), ueb.getInteger("needed_shares"));
        assertEquals(params.n(), ueb.getInteger("total_shares"));
        assertEquals(plaintext.length, ueb.getLong("size"));
        assertEquals(geometry.segmentSize(), ueb.getInteger("segment_size"));
        return new ChkCap(key, Base32.decode(result.getString("ueb-hash"), 32), params.k(), params.n(), plaintext.length).uri();
    }
}
