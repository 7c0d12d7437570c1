package org.lafs.helper.foolscap;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.cap.ChkVerifierCap;
import org.lafs.chk.share.UriExtension;
import org.lafs.format.Base32;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.upload.HelperResult;

/**
 * Builds Tahoe's {@code HelperUploadResults} copyable from a {@link HelperResult} (spec 5.4;
 * helper-semantics.md 2.4). Pure. The Python types are the contract: text keys in
 * {@code uri_extension_data}, bytes server ids, sets in the share maps, a tuple for
 * {@code upload_chk}. The client replaces the object's attributes with what arrives, so every
 * attribute it reads is present, in the order Tahoe's helper sets them.
 */
final class UploadResultsValue {
    /** Tahoe upload.py {@code HelperUploadResults.typeToCopy}, byte-exact. */
    static final String CLASS = "allmydata.upload.UploadResults.tahoe.allmydata.com";

    /** Our timing names and Tahoe's (offloaded.py / upload.py timings keys). */
    private static final Map<String, String> TIMINGS = Map.of("total", "total", "server-selection", "peer_selection",
            "encoding", "cumulative_encoding", "pushing", "cumulative_sending", "hashes-and-close", "hashes_and_close");

    private UploadResultsValue() {}

    /**
     * The copyable for a finished or in-grid result.
     *
     * @param r the result ({@code done} or {@code in-grid})
     * @param si the storage index (for the verify cap)
     * @param fetchSeconds seconds spent pulling ciphertext in this session (done only), or null
     * @throws IllegalArgumentException when the result's UEB fields do not rebuild a UEB with its hash
     */
    static Value of(HelperResult r, byte[] si, Double fetchSeconds) {
        boolean done = r.state().equals("done");
        UriExtension ueb = ueb(r);
        FileGeometry g = ueb.geometry();
        List<Map.Entry<String, Value>> a = new ArrayList<>();
        a.add(attr("timings", done ? timings(r, fetchSeconds) : dict(List.of())));
        a.add(attr("sharemap", sharemap(r.shareMap())));
        a.add(attr("servermap", done ? servermap(r.shareMap()) : dict(List.of())));
        a.add(attr("file_size", done ? Value.Int.of(g.size()) : Value.None.INSTANCE));
        a.add(attr("ciphertext_fetched", done ? Value.Int.of(r.ciphertextFetched()) : Value.None.INSTANCE));
        a.add(attr("uri", Value.None.INSTANCE));
        a.add(attr("preexisting_shares", Value.Int.of(done ? r.preexistingShares() : r.shareMap().size())));
        a.add(attr("pushed_shares", Value.Int.of(done ? r.pushedShares() : 0)));
        a.add(attr("uri_extension_hash", new Value.Bytes(r.uebHash())));
        a.add(attr("uri_extension_data", uebData(ueb)));
        if (done) {
            String verify = new ChkVerifierCap(si, r.uebHash(), g.k(), g.n(), g.size()).uri();
            a.add(attr("verifycapstr", new Value.Bytes(verify.getBytes(StandardCharsets.US_ASCII))));
        }
        return new Value.Copyable(CLASS, a);
    }

    /** Rebuilds the UEB from the result's fields and checks it hashes to the result's UEB hash. */
    static UriExtension ueb(HelperResult r) {
        Map<String, Object> u = r.ueb();
        FileGeometry g = FileGeometry.of(num(u, "size"), (int) num(u, "needed_shares"), (int) num(u, "total_shares"),
                (int) num(u, "segment_size"));
        UriExtension ueb = new UriExtension(g, Base32.decode(str(u, "crypttext_hash"), 32), Base32.decode(str(u, "crypttext_root_hash"), 32),
                Base32.decode(str(u, "share_root_hash"), 32));
        if (g.segmentSize() != num(u, "segment_size") || !Arrays.equals(ueb.hash(), r.uebHash())) {
            throw new IllegalArgumentException("the result's UEB fields do not match its UEB hash");
        }
        return ueb;
    }

    /** The UEB as Tahoe's client sees it: text keys, ints for the counts, bytes for the rest (sorted keys). */
    static Value uebData(UriExtension ueb) {
        FileGeometry g = ueb.geometry();
        TreeMap<String, Value> m = new TreeMap<>();
        m.put("codec_name", bytes("crs"));
        m.put("codec_params", bytes(g.segmentSize() + "-" + g.k() + "-" + g.n()));
        m.put("crypttext_hash", new Value.Bytes(ueb.crypttextHash()));
        m.put("crypttext_root_hash", new Value.Bytes(ueb.crypttextRootHash()));
        m.put("needed_shares", Value.Int.of(g.k()));
        m.put("num_segments", Value.Int.of(g.numSegments()));
        m.put("segment_size", Value.Int.of(g.segmentSize()));
        m.put("share_root_hash", new Value.Bytes(ueb.shareRootHash()));
        m.put("size", Value.Int.of(g.size()));
        m.put("tail_codec_params", bytes(g.paddedTail() + "-" + g.k() + "-" + g.n()));
        m.put("total_shares", Value.Int.of(g.n()));
        List<Map.Entry<Value, Value>> e = new ArrayList<>();
        m.forEach((k, v) -> e.add(new AbstractMap.SimpleImmutableEntry<>(new Value.Text(k), v)));
        return new Value.Dict(e);
    }

    private static Value timings(HelperResult r, Double fetchSeconds) {
        TreeMap<String, Value> m = new TreeMap<>();
        r.timingsMillis().forEach((k, ms) -> {
            String name = TIMINGS.get(k);
            if (name != null) {
                m.put(name, new Value.Real(ms / 1000.0));
            }
        });
        if (fetchSeconds != null) {
            m.put("cumulative_fetch", new Value.Real(fetchSeconds));
            m.put("total_fetch", new Value.Real(fetchSeconds));
        }
        List<Map.Entry<Value, Value>> e = new ArrayList<>();
        m.forEach((k, v) -> e.add(new AbstractMap.SimpleImmutableEntry<>(new Value.Text(k), v)));
        return new Value.Dict(e);
    }

    /** {shnum: set(server id bytes)}, keys ascending. */
    private static Value sharemap(Map<Integer, List<String>> shares) {
        List<Map.Entry<Value, Value>> e = new ArrayList<>();
        new TreeMap<>(shares).forEach((sh, servers) -> e.add(new AbstractMap.SimpleImmutableEntry<>(Value.Int.of(sh),
                Value.Seq.set(new TreeSet<>(servers).stream().map(s -> (Value) bytes(s)).toList()))));
        return new Value.Dict(e);
    }

    /** {server id bytes: set(shnum)}, keys ascending. */
    private static Value servermap(Map<Integer, List<String>> shares) {
        TreeMap<String, TreeSet<Integer>> inverse = new TreeMap<>(Comparator.naturalOrder());
        shares.forEach((sh, servers) -> servers.forEach(s -> inverse.computeIfAbsent(s, x -> new TreeSet<>()).add(sh)));
        List<Map.Entry<Value, Value>> e = new ArrayList<>();
        inverse.forEach((server, shnums) -> e.add(new AbstractMap.SimpleImmutableEntry<>(bytes(server),
                Value.Seq.set(shnums.stream().map(sh -> (Value) Value.Int.of(sh)).toList()))));
        return new Value.Dict(e);
    }

    private static Value dict(List<Map.Entry<Value, Value>> entries) {
        return new Value.Dict(entries);
    }

    private static Value.Bytes bytes(String s) {
        return new Value.Bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static Map.Entry<String, Value> attr(String k, Value v) {
        return new AbstractMap.SimpleImmutableEntry<>(k, v);
    }

    private static long num(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("result lacks " + key);
    }

    private static String str(Map<String, Object> m, String key) {
        if (m.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("result lacks " + key);
    }
}
