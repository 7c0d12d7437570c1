package org.lafs.client.download;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.share.CorruptShareException;
import org.lafs.client.DownloadReport;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.codec.ErasureCodec;
import org.lafs.format.TaggedHash;

/**
 * Downloads (a byte range of) a CHK file (gbs-storage-protocol.md section 5): finds the shares
 * in permuted order, opens k distinct shares with verified metadata ({@link ShareOpener}), then
 * per segment reads one block from each, checks it against its share's block hash tree, decodes,
 * checks the segment against the crypttext hash tree, decrypts and writes the requested bytes.
 *
 * <p>A share that is missing, slow (no answer within the read timeout) or failing is dropped and
 * replaced by the next candidate; a share whose bytes are wrong is also reported to its server
 * (advise-corrupt). Output bytes are always verified ones: when fewer than k good shares remain,
 * the download fails (bytes already written for earlier segments were verified).
 *
 * <p>Memory: the blocks of {@code 1 + READ_AHEAD} segments in flight, one segment buffer,
 * plus each open share's two hash trees. Blocking; one instance per download.
 */
public final class Downloader {
    /** How long advise-corrupt may take; it is a courtesy to the server, not part of the result. */
    static final long ADVISE_TIMEOUT_MILLIS = 5_000;
    /**
     * Segments read ahead of the one being decoded: enough to keep several requests per share in flight (each block is one HTTP range read) and hide the round trips
     * behind decoding, small enough that memory stays a few segments.
     */
    static final int READ_AHEAD = 6;

    private final ChkCap cap;
    private final byte[] si;
    private final List<StorageServer> servers;
    private final long timeout;
    private final ProgressListener progress;

    private final List<OpenShare> active = new ArrayList<>();
    private final Deque<ShareFinder.Location> candidates = new ArrayDeque<>();
    private final List<String> used = new ArrayList<>();
    private final List<String> corrupt = new ArrayList<>();
    private final List<String> unavailable = new ArrayList<>();
    private final Set<String> dropped = new HashSet<>();
    private final Map<String, Future<Buffer>> pending = new HashMap<>();
    private int uebMismatches;
    private int listed;

    public Downloader(ChkCap cap, List<StorageServer> servers, long readTimeoutMillis, ProgressListener progress) {
        this.cap = cap;
        this.si = cap.storageIndex();
        this.servers = List.copyOf(servers);
        this.timeout = readTimeoutMillis;
        this.progress = progress;
    }

    /**
     * Writes plaintext bytes {@code [offset, offset + length)} to {@code out}.
     *
     * @throws LafsException NOT_FOUND (too few shares), INTEGRITY (shares do not match the cap),
     *     BAD_INPUT (range outside the file), LOCAL_IO (writing {@code out} failed)
     */
    public DownloadReport download(long offset, long length, OutputStream out) throws LafsException {
        long t0 = System.nanoTime();
        if (offset < 0 || length < 0 || offset + length > cap.size()) {
            throw new LafsException(LafsException.Kind.BAD_INPUT, "range " + offset + "+" + length
                    + " is outside the file's " + cap.size() + " bytes");
        }
        ShareFinder.Found found = ShareFinder.find(servers, si, cap.n(), timeout);
        listed = found.locations().size();
        unavailable.addAll(found.unreachable().stream().map(s -> "server " + s).toList());
        orderCandidates(found.locations());
        fillActive();
        FileGeometry g = active.get(0).ueb().geometry();
        progress.phase("downloading", length, 0);
        if (length > 0) {
            int first = (int) (offset / g.segmentSize());
            int last = (int) ((offset + length - 1) / g.segmentSize());
            ErasureCodec codec = ErasureCodec.create(g.k(), g.n());
            byte[] segment = new byte[g.segmentSize()];
            long written = 0;
            for (int s = first; s <= last; s++) {
                Map<Integer, byte[]> blocks = blocksOf(s, g, Math.min(last, s + READ_AHEAD));
                int b = g.blockLength(s);
                byte[][] arr = new byte[g.k()][];
                int[] shnums = new int[g.k()];
                int i = 0;
                for (Map.Entry<Integer, byte[]> e : blocks.entrySet()) {
                    shnums[i] = e.getKey();
                    arr[i++] = e.getValue();
                }
                codec.decode(arr, shnums, b, segment, 0);
                int len = g.segmentLength(s);
                byte[] h = TaggedHash.hasher(Tags.CRYPTTEXT_SEGMENT).update(segment, 0, len).digest();
                if (!MessageDigest.isEqual(h, active.get(0).segmentHash(s))) {
                    throw new LafsException(LafsException.Kind.INTEGRITY, "decoded segment " + s
                            + " does not match its hash although every block was verified");
                }
                long segOff = g.segmentOffset(s);
                CtrCipher.at(cap.key(), segOff).apply(segment, 0, len);
                int from = (int) Math.max(0, offset - segOff);
                int to = (int) Math.min(len, offset + length - segOff);
                try {
                    out.write(segment, from, to - from);
                } catch (IOException e) {
                    throw new LafsException(LafsException.Kind.LOCAL_IO, "writing the output failed: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
                }
                written += to - from;
                progress.progress(written);
            }
        }
        for (OpenShare s : active) {
            used.add(s.shnum() + "@" + s.server().serverId());
        }
        return new DownloadReport(length, used, corrupt, unavailable, java.time.Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Spreads reads: every server's first share, then every server's second share, and so on. */
    private void orderCandidates(List<ShareFinder.Location> locations) {
        Map<StorageServer, List<ShareFinder.Location>> byServer = new LinkedHashMap<>();
        for (ShareFinder.Location l : locations) {
            byServer.computeIfAbsent(l.server(), x -> new ArrayList<>()).add(l);
        }
        for (int round = 0; ; round++) {
            boolean any = false;
            for (List<ShareFinder.Location> ls : byServer.values()) {
                if (round < ls.size()) {
                    candidates.add(ls.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
    }

    /** Opens candidates until k distinct shares are active. */
    private void fillActive() throws LafsException {
        while (active.size() < cap.k()) {
            ShareFinder.Location next = null;
            while (!candidates.isEmpty()) {
                ShareFinder.Location c = candidates.poll();
                int sh = c.shnum();
                if (active.stream().noneMatch(a -> a.shnum() == sh) && !dropped.contains(key(c.server(), sh))) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                throw notEnough();
            }
            try {
                active.add(ShareOpener.open(next.server(), cap, next.shnum(), timeout));
            } catch (ShareOpener.CapMismatchException e) {
                throw new LafsException(LafsException.Kind.BAD_INPUT, e.getMessage());
            } catch (CorruptShareException e) {
                if (e.getMessage().startsWith("UEB hash mismatch")) {
                    uebMismatches++;
                }
                reportCorrupt(next.server(), next.shnum(), e.getMessage());
            } catch (IOException e) {
                drop(next.server(), next.shnum(), e.getMessage());
            }
        }
    }

    private LafsException notEnough() {
        if (listed == 0) {
            return new LafsException(LafsException.Kind.NOT_FOUND, "no shares of this file were found on "
                    + servers.size() + " servers (unknown cap, or the file is not in this grid)");
        }
        if (uebMismatches > 0 && active.isEmpty() && uebMismatches == corrupt.size()) {
            return new LafsException(LafsException.Kind.INTEGRITY, "the grid's shares for this storage index do not match"
                    + " the cap (UEB hash mismatch on " + uebMismatches + " shares)");
        }
        return new LafsException(LafsException.Kind.NOT_FOUND, "not enough good shares: need " + cap.k() + ", found "
                + listed + " listed, " + corrupt.size() + " corrupt, " + unavailable.size() + " unavailable");
    }

    /** The k verified blocks of segment {@code s}, by share number; requests segments up to {@code ahead} too. */
    private Map<Integer, byte[]> blocksOf(int s, FileGeometry g, int ahead) throws LafsException {
        Map<Integer, byte[]> good = new LinkedHashMap<>();
        while (true) {
            for (OpenShare sh : active) {
                for (int a = s; a <= ahead; a++) {
                    request(sh, a, g);
                }
            }
            List<OpenShare> bad = new ArrayList<>();
            for (OpenShare sh : active) {
                if (good.containsKey(sh.shnum())) {
                    continue;
                }
                Future<Buffer> f = pending.remove(readKey(sh, s));
                int b = g.blockLength(s);
                try {
                    byte[] block = Await.get(f, timeout, "reading a block").getBytes();
                    if (block.length != b) {
                        throw new CorruptShareException("block of segment " + s + " is " + block.length + " bytes, expected " + b);
                    }
                    if (!sh.blockMatches(s, TaggedHash.hasher(Tags.BLOCK).update(block, 0, b).digest())) {
                        throw new CorruptShareException("block of segment " + s + " does not match its hash");
                    }
                    good.put(sh.shnum(), block);
                } catch (CorruptShareException e) {
                    reportCorrupt(sh.server(), sh.shnum(), e.getMessage());
                    bad.add(sh);
                } catch (IOException e) {
                    drop(sh.server(), sh.shnum(), e.getMessage());
                    bad.add(sh);
                }
            }
            if (bad.isEmpty()) {
                return good;
            }
            active.removeAll(bad);
            fillActive();
        }
    }

    private void request(OpenShare sh, int s, FileGeometry g) {
        String k = readKey(sh, s);
        if (!pending.containsKey(k)) {
            Future<Buffer> f;
            try {
                f = sh.server().read(si, sh.shnum(), sh.layout().dataOffset() + g.blockOffset(s), g.blockLength(s));
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            pending.put(k, f);
        }
    }

    private static String readKey(OpenShare sh, int s) {
        return sh.shnum() + "@" + sh.server().serverId() + "#" + s;
    }

    private static String key(StorageServer server, int shnum) {
        return shnum + "@" + server.serverId();
    }

    private void forget(StorageServer server, int shnum) {
        dropped.add(key(server, shnum));
        String prefix = key(server, shnum) + "#";
        pending.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private void drop(StorageServer server, int shnum, String why) {
        forget(server, shnum);
        unavailable.add(key(server, shnum) + ": " + why);
        progress.note("share " + shnum + " unavailable (" + why + "); switching to another share");
    }

    private void reportCorrupt(StorageServer server, int shnum, String why) {
        forget(server, shnum);
        corrupt.add(key(server, shnum) + ": " + why);
        progress.note("share " + shnum + " on " + server.serverId() + " is corrupt (" + why + "); reported it");
        try {
            Await.get(server.adviseCorrupt(si, shnum, why), ADVISE_TIMEOUT_MILLIS, "advise-corrupt");
        } catch (IOException | RuntimeException ignored) {
            // the report is a courtesy; Tahoe's client ignores failures too
        }
    }
}
