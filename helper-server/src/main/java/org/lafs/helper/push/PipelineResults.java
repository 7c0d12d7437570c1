package org.lafs.helper.push;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.share.UriExtension;
import org.lafs.format.Base32;
import org.lafs.helper.upload.HelperResult;
import org.lafs.upload.UploadResult;

/** Turns a pipeline {@link UploadResult} or a UEB read from the grid into the helper's result document. Pure. */
public final class PipelineResults {
    private PipelineResults() {}

    /** The UEB fields a client checks, as helper-semantics.md section 2.4 lists them. */
    public static Map<String, Object> uebFields(UriExtension ueb) {
        FileGeometry g = ueb.geometry();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", g.size());
        m.put("segment_size", g.segmentSize());
        m.put("num_segments", g.numSegments());
        m.put("needed_shares", g.k());
        m.put("total_shares", g.n());
        m.put("crypttext_hash", Base32.encode(ueb.crypttextHash()));
        m.put("crypttext_root_hash", Base32.encode(ueb.crypttextRootHash()));
        m.put("share_root_hash", Base32.encode(ueb.shareRootHash()));
        return m;
    }

    static HelperResult toHelperResult(UploadResult r, long fetched) {
        UriExtension ueb = UriExtension.parse(r.uebBytes());
        Map<Integer, List<String>> shares = new TreeMap<>();
        r.sharemap().forEach((sh, servers) -> shares.put(sh, List.copyOf(servers)));
        Map<String, Long> t = new LinkedHashMap<>();
        UploadResult.Timings tm = r.timings();
        if (tm != null) {
            t.put("total", tm.total().toMillis());
            t.put("server-selection", tm.serverSelection().toMillis());
            t.put("encoding", tm.encoding().toMillis());
            t.put("pushing", tm.pushing().toMillis());
            t.put("hashes-and-close", tm.hashesAndClose().toMillis());
        }
        return new HelperResult("done", r.uebHash(), uebFields(ueb), shares, r.pushedShares(), r.preexistingShares(), fetched, t, null, null);
    }
}
