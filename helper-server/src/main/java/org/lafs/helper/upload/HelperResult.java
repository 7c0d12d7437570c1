package org.lafs.helper.upload;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lafs.format.Base32;

/**
 * The outcome the client fetches from {@code GET .../result}: everything Tahoe's
 * {@code UploadResults} carried (helper-semantics.md section 2.4), as JSON.
 *
 * @param state {@code done}, {@code in-grid} or {@code failed}
 * @param uebHash 32-byte UEB hash (null when failed)
 * @param ueb the UEB fields the client checks: size, segment_size, num_segments, needed_shares,
 *     total_shares (numbers) and the hash roots (base32); empty when failed
 * @param shareMap share number to server ids holding it (pushed ones for {@code done}, every
 *     share found for {@code in-grid})
 * @param pushedShares shares this run pushed
 * @param preexistingShares shares that servers already held
 * @param ciphertextFetched ciphertext bytes received from clients for this upload
 * @param timingsMillis named phase durations
 * @param reason machine-readable failure reason (null unless failed)
 * @param detail one line for people saying what went wrong and, where it helps, what to do
 *     (null unless failed; never a secret)
 */
public record HelperResult(String state, byte[] uebHash, Map<String, Object> ueb, Map<Integer, List<String>> shareMap,
        int pushedShares, int preexistingShares, long ciphertextFetched, Map<String, Long> timingsMillis, String reason,
        String detail) {

    public static HelperResult failed(String reason, String detail) {
        return new HelperResult("failed", null, Map.of(), Map.of(), 0, 0, 0, Map.of(), reason, detail);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject().put("state", state);
        if (uebHash != null) {
            o.put("ueb-hash", Base32.encode(uebHash));
        }
        if (!ueb.isEmpty()) {
            o.put("ueb", new JsonObject(new TreeMap<>(ueb)));
        }
        JsonObject shares = new JsonObject();
        new TreeMap<>(shareMap).forEach((sh, servers) -> shares.put(Integer.toString(sh), new JsonArray(List.copyOf(servers))));
        o.put("share-map", shares);
        o.put("pushed-shares", pushedShares).put("preexisting-shares", preexistingShares);
        o.put("ciphertext-fetched", ciphertextFetched);
        o.put("timings-ms", new JsonObject(new TreeMap<>(timingsMillis)));
        if (reason != null) {
            o.put("reason", reason);
        }
        if (detail != null) {
            o.put("detail", detail);
        }
        return o;
    }

    public static HelperResult fromJson(JsonObject o) {
        String hash = o.getString("ueb-hash");
        Map<Integer, List<String>> shares = new TreeMap<>();
        JsonObject sm = o.getJsonObject("share-map", new JsonObject());
        for (String key : sm.fieldNames()) {
            List<String> servers = sm.getJsonArray(key).stream().map(Object::toString).toList();
            shares.put(Integer.parseInt(key), servers);
        }
        Map<String, Long> timings = new TreeMap<>();
        JsonObject t = o.getJsonObject("timings-ms", new JsonObject());
        t.fieldNames().forEach(k -> timings.put(k, t.getLong(k)));
        return new HelperResult(o.getString("state"), hash == null ? null : Base32.decode(hash, 32),
                o.getJsonObject("ueb", new JsonObject()).getMap(), shares, o.getInteger("pushed-shares", 0),
                o.getInteger("preexisting-shares", 0), o.getLong("ciphertext-fetched", 0L), timings, o.getString("reason"),
                o.getString("detail"));
    }
}
