package org.lafs.helper.grid;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lafs.chk.share.ShareHeader;
import org.lafs.chk.share.UriExtension;
import org.lafs.gbs.GbsClient;
import org.lafs.grid.ServerInfo;
import org.lafs.helper.log.Log;
import org.lafs.helper.push.PipelineResults;
import org.lafs.helper.upload.GridProbe;
import org.lafs.helper.upload.HelperResult;
import org.lafs.placement.PermutedOrder;
import org.lafs.placement.RankedServer;

/**
 * "Is this file already in the grid?" (helper-semantics.md section 4, tightened).
 *
 * <ol>
 *   <li>Ask every server, in permuted order for the SI, which complete shares it holds (servers
 *       that fail are skipped).
 *   <li>Read the UEB of up to {@link #UEB_READS} shares held by different servers (header, then
 *       UEB length, rejected at 2000 or more, then UEB bytes).
 *   <li>Present only if every UEB read is byte-identical (so the UEB hash matches across
 *       shares), parses, and its {@code total_shares} N is covered: all share numbers 0..N-1
 *       are held somewhere. Tahoe read one arbitrary share and validated nothing.
 * </ol>
 * Adds no leases (like Tahoe). Never fails: any problem means "not present".
 */
public final class GridChecker implements GridProbe {
    /** UEBs compared: more than one catches a single corrupt or lying server cheaply. */
    static final int UEB_READS = 3;
    /** Tahoe's ReadBucketProxy rejects UEB lengths of 2000 or more (chk-format.md section 9). */
    static final int MAX_UEB = 1999;

    private final GridConnection grid;

    public GridChecker(GridConnection grid) {
        this.grid = grid;
    }

    @Override
    public Future<HelperResult> probe(byte[] si) {
        List<RankedServer> ranking = new ArrayList<>();
        for (ServerInfo s : grid.servers()) {
            ranking.add(new RankedServer(s.serverId(), s.permutationSeed(), false));
        }
        List<RankedServer> ordered = PermutedOrder.rank(si, ranking);
        List<Future<Set<Integer>>> asks = new ArrayList<>();
        for (RankedServer r : ordered) {
            asks.add(grid.client(r.serverId()).listShares(si).otherwise(err -> Set.of()));
        }
        return Future.join(asks).transform(ar -> {
            Map<Integer, List<String>> shares = new TreeMap<>();
            for (int i = 0; i < ordered.size(); i++) {
                Set<Integer> held = asks.get(i).result();
                for (int sh : held == null ? Set.<Integer>of() : held) {
                    shares.computeIfAbsent(sh, x -> new ArrayList<>()).add(ordered.get(i).serverId());
                }
            }
            if (shares.isEmpty()) {
                return Future.succeededFuture((HelperResult) null);
            }
            return readUebs(si, shares).map(uebs -> decide(si, shares, uebs));
        }).otherwise(err -> {
            Log.warn("grid-check-failed", "error", String.valueOf(err.getMessage()));
            return null;
        });
    }

    private Future<List<byte[]>> readUebs(byte[] si, Map<Integer, List<String>> shares) {
        List<Future<byte[]>> reads = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Map.Entry<Integer, List<String>> e : shares.entrySet()) {
            for (String server : e.getValue()) {
                if (reads.size() < UEB_READS && used.add(server)) {
                    reads.add(readUeb(grid.client(server), si, e.getKey()));
                    break;
                }
            }
        }
        return Future.join(reads).transform(ar -> {
            List<byte[]> out = new ArrayList<>();
            for (Future<byte[]> f : reads) {
                out.add(f.succeeded() ? f.result() : null);
            }
            return Future.succeededFuture(out);
        });
    }

    private static Future<byte[]> readUeb(GbsClient c, byte[] si, int shnum) {
        return c.read(si, shnum, 0, ShareHeader.V2_SIZE).compose(head -> {
            ShareHeader h = ShareHeader.parse(head.getBytes(), 0);
            int field = h.uebLengthFieldSize();
            return c.read(si, shnum, h.uebLengthOffset(), field + MAX_UEB).map(buf -> uebFrom(buf, field));
        });
    }

    private static byte[] uebFrom(Buffer buf, int field) {
        byte[] b = buf.getBytes();
        if (b.length < field) {
            throw new IllegalArgumentException("short UEB length field");
        }
        long len = field == 4 ? Integer.toUnsignedLong(ByteBuffer.wrap(b, 0, 4).getInt()) : ByteBuffer.wrap(b, 0, 8).getLong();
        if (len < 1 || len > MAX_UEB || b.length < field + len) {
            throw new IllegalArgumentException("bad UEB length " + len);
        }
        return Arrays.copyOfRange(b, field, field + (int) len);
    }

    private static HelperResult decide(byte[] si, Map<Integer, List<String>> shares, List<byte[]> uebs) {
        byte[] first = uebs.isEmpty() ? null : uebs.get(0);
        for (byte[] u : uebs) {
            if (u == null || !Arrays.equals(u, first)) {
                return null;
            }
        }
        UriExtension ueb;
        try {
            ueb = UriExtension.parse(first);
        } catch (RuntimeException e) {
            return null;
        }
        int n = ueb.geometry().n();
        for (int sh = 0; sh < n; sh++) {
            if (!shares.containsKey(sh)) {
                return null;
            }
        }
        return new HelperResult("in-grid", UriExtension.hash(first), PipelineResults.uebFields(ueb), shares, 0, shares.size(), 0,
                Map.of(), null);
    }
}
