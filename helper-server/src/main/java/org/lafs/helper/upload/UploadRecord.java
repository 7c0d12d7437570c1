package org.lafs.helper.upload;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.lafs.format.Base32;

/**
 * The durable state of one upload, stored under {@code u/<si>}: what was declared, who created
 * it, how many ciphertext bytes are durable in the spool, and whether it has ended.
 *
 * @param params the declared upload
 * @param token name of the token that created it
 * @param createdMillis creation time (epoch ms)
 * @param lastActivityMillis last accepted byte or creation/resume (epoch ms); drives expiry
 * @param durableOffset bytes fsynced to the spool file; never more than {@code params.size}
 * @param state {@link UploadState}
 * @param proof the creator's {@link KeyProof} (only its digest is stored), or null when it sent none
 */
public record UploadRecord(UploadParams params, String token, long createdMillis, long lastActivityMillis,
        long durableOffset, UploadState state, KeyProof proof) {

    public UploadRecord withOffset(long offset, long now) {
        return new UploadRecord(params, token, createdMillis, now, offset, state, proof);
    }

    public UploadRecord withState(UploadState s, long now) {
        return new UploadRecord(params, token, createdMillis, now, durableOffset, s, proof);
    }

    public UploadRecord touched(long now) {
        return new UploadRecord(params, token, createdMillis, now, durableOffset, state, proof);
    }

    public byte[] encode() {
        JsonObject o = new JsonObject()
                .put("si", params.siBase32())
                .put("size", params.size())
                .put("k", params.k())
                .put("happy", params.happy())
                .put("n", params.n())
                .put("segment-size", params.segmentSize())
                .put("token", token)
                .put("created", createdMillis)
                .put("activity", lastActivityMillis)
                .put("offset", durableOffset)
                .put("state", state.name());
        if (proof != null) {
            o.put("proof-digest", Base32.encode(proof.digest()));
        }
        return o.encode().getBytes(StandardCharsets.UTF_8);
    }

    public static UploadRecord decode(byte[] bytes) {
        JsonObject o = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        UploadParams p = new UploadParams(Base32.decode(o.getString("si"), 16), o.getLong("size"), o.getInteger("k"),
                o.getInteger("happy"), o.getInteger("n"), o.getInteger("segment-size"));
        return new UploadRecord(p, o.getString("token"), o.getLong("created"), o.getLong("activity"), o.getLong("offset"),
                UploadState.valueOf(o.getString("state")),
                o.getString("proof-digest") == null ? null : KeyProof.ofDigest(Base32.decode(o.getString("proof-digest"), 32)));
    }
}
