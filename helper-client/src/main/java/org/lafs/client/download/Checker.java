package org.lafs.client.download;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.Tags;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.share.CorruptShareException;
import org.lafs.client.CheckReport;
import org.lafs.client.LafsException;
import org.lafs.format.Base32;
import org.lafs.format.TaggedHash;

/**
 * Checks a file (Tahoe's checker, simplified): asks every server which shares it holds, opens
 * each share and verifies its metadata against the cap (UEB hash, header, hash trees, chain);
 * with {@code verify}, also reads every block and checks it against its block hash. Corrupt
 * shares are reported with advise-corrupt. Blocking.
 */
public final class Checker {
    private Checker() {}

    public static CheckReport check(ChkCap cap, List<StorageServer> servers, boolean verify, long timeoutMillis)
            throws LafsException {
        byte[] si = cap.storageIndex();
        ShareFinder.Found found = ShareFinder.find(servers, si, cap.n(), timeoutMillis);
        SortedMap<Integer, List<String>> good = new TreeMap<>();
        List<String> corrupt = new ArrayList<>();
        List<String> unreachable = new ArrayList<>(found.unreachable());
        for (ShareFinder.Location l : found.locations()) {
            try {
                OpenShare s = ShareOpener.open(l.server(), cap, l.shnum(), timeoutMillis);
                if (verify) {
                    verifyBlocks(s, si, timeoutMillis);
                }
                good.computeIfAbsent(l.shnum(), x -> new ArrayList<>()).add(l.server().serverId());
            } catch (ShareOpener.CapMismatchException e) {
                throw new LafsException(LafsException.Kind.BAD_INPUT, e.getMessage());
            } catch (CorruptShareException e) {
                corrupt.add(l.shnum() + "@" + l.server().serverId() + ": " + e.getMessage());
                try {
                    Await.get(l.server().adviseCorrupt(si, l.shnum(), e.getMessage()), Downloader.ADVISE_TIMEOUT_MILLIS, "advise-corrupt");
                } catch (IOException | RuntimeException ignored) {
                    // courtesy only
                }
            } catch (IOException e) {
                if (!unreachable.contains(l.server().serverId())) {
                    unreachable.add(l.server().serverId());
                }
            }
        }
        return new CheckReport(Base32.encode(si), cap.k(), cap.n(), good, corrupt, unreachable, verify);
    }

    private static void verifyBlocks(OpenShare s, byte[] si, long timeoutMillis) throws IOException, CorruptShareException {
        FileGeometry g = s.ueb().geometry();
        for (int seg = 0; seg < g.numSegments(); seg++) {
            int b = g.blockLength(seg);
            byte[] block = Await.get(s.server().read(si, s.shnum(), s.layout().dataOffset() + g.blockOffset(seg), b),
                    timeoutMillis, "reading a block").getBytes();
            if (block.length != b || !s.blockMatches(seg, TaggedHash.hasher(Tags.BLOCK).update(block, 0, b).digest())) {
                throw new CorruptShareException("block of segment " + seg + " does not match its hash");
            }
        }
    }
}
