package org.lafs.client.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.cap.ChkCap;
import org.lafs.client.CheckReport;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;

/** Download and check logic over in-memory servers (socket-free tier). */
class DownloaderTest {
    static final EncodingParameters P = new EncodingParameters(3, 7, 10, 4096);
    static final byte[] SECRET = new byte[32];

    record Grid(List<InMemoryServer> servers, ChkCap cap, byte[] plain, byte[][] shares) {
        List<StorageServer> asList() {
            return new ArrayList<>(servers);
        }
    }

    static Grid grid(int size, long seed) throws Exception {
        byte[] plain = new byte[size];
        new Random(seed).nextBytes(plain);
        ByteArrayOutputStream[] shares = new ByteArrayOutputStream[P.n()];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = new ByteArrayOutputStream();
        }
        ChkCap cap = (ChkCap) Chk.encode(() -> new ByteArrayInputStream(plain), size, SECRET, P,
                (sh, off, data, o, len) -> shares[sh].write(data, o, len));
        List<InMemoryServer> servers = new ArrayList<>();
        byte[][] bytes = new byte[P.n()][];
        for (int i = 0; i < P.n(); i++) {
            InMemoryServer s = new InMemoryServer("v0-server-" + i);
            bytes[i] = shares[i].toByteArray();
            s.put(cap.storageIndex(), i, bytes[i]);
            servers.add(s);
        }
        return new Grid(servers, cap, plain, bytes);
    }

    static byte[] get(Grid g, long off, long len) throws LafsException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Downloader(g.cap(), g.asList(), 5_000, ProgressListener.NONE).download(off, len, out);
        return out.toByteArray();
    }

    @Test
    void wholeFileAndRanges() throws Exception {
        Grid g = grid(16 * 4095 + 1, 1);
        assertArrayEquals(g.plain(), get(g, 0, g.plain().length));
        assertArrayEquals(java.util.Arrays.copyOfRange(g.plain(), 5000, 5001), get(g, 5000, 1));
        assertArrayEquals(java.util.Arrays.copyOfRange(g.plain(), 4090, 13000), get(g, 4090, 13000 - 4090));
        assertArrayEquals(java.util.Arrays.copyOfRange(g.plain(), g.plain().length - 7, g.plain().length),
                get(g, g.plain().length - 7, 7));
        assertEquals(0, get(g, 10, 0).length);
        assertThrows(LafsException.class, () -> get(g, 1, g.plain().length));
    }

    @Test
    void survivesMissingSharesAndReportsTheCorruptOne() throws Exception {
        Grid g = grid(50_000, 2);
        byte[] si = g.cap().storageIndex();
        // n - k = 7 shares missing... minus one, and one of the remaining 4 corrupt in a block
        for (int i = 0; i < 6; i++) {
            g.servers().get(i).shares.clear();
        }
        byte[] bad = g.shares()[7].clone();
        bad[100] ^= 0x40; // inside the data area: a block hash mismatch
        g.servers().get(7).put(si, 7, bad);
        assertArrayEquals(g.plain(), get(g, 0, g.plain().length));
        assertEquals(1, g.servers().get(7).corruptReports.size(), "advise-corrupt sent for share 7");

        CheckReport r = Checker.check(g.cap(), g.asList(), true, 5_000);
        assertEquals(3, r.goodShares());
        assertTrue(r.recoverable() && !r.healthy());
        assertEquals(1, r.corrupt().size());
    }

    @Test
    void corruptUebOrTreeIsDetectedWhenOpening() throws Exception {
        Grid g = grid(20_000, 3);
        byte[] si = g.cap().storageIndex();
        for (int sh = 0; sh < 7; sh++) {
            byte[] bad = g.shares()[sh].clone();
            bad[bad.length - 1 - sh * 40] ^= 1; // somewhere in the trailer (UEB, chain or trees)
            g.servers().get(sh).put(si, sh, bad);
        }
        assertArrayEquals(g.plain(), get(g, 0, g.plain().length));
        int reports = g.servers().stream().mapToInt(s -> s.corruptReports.size()).sum();
        assertTrue(reports >= 1, "at least one corrupt share reported");
    }

    @Test
    void tooFewSharesFailsWithoutWrongBytes() throws Exception {
        Grid g = grid(20_000, 4);
        for (int i = 0; i < 8; i++) {
            g.servers().get(i).shares.clear();
        }
        LafsException e = assertThrows(LafsException.class, () -> get(g, 0, g.plain().length));
        assertEquals(LafsException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void unknownCapAndWrongUebHash() throws Exception {
        Grid g = grid(20_000, 5);
        Grid other = grid(20_000, 6);
        LafsException unknown = assertThrows(LafsException.class,
                () -> new Downloader(other.cap(), g.asList(), 5_000, ProgressListener.NONE).download(0, 10, new ByteArrayOutputStream()));
        assertEquals(LafsException.Kind.NOT_FOUND, unknown.kind());
        byte[] wrongHash = g.cap().uebHash();
        wrongHash[0] ^= 1;
        ChkCap forged = new ChkCap(g.cap().key(), wrongHash, 3, 10, 20_000);
        LafsException mismatch = assertThrows(LafsException.class,
                () -> new Downloader(forged, g.asList(), 5_000, ProgressListener.NONE).download(0, 10, new ByteArrayOutputStream()));
        assertEquals(LafsException.Kind.INTEGRITY, mismatch.kind(), mismatch.getMessage());
        ChkCap wrongSize = new ChkCap(g.cap().key(), g.cap().uebHash(), 3, 10, 20_001);
        LafsException size = assertThrows(LafsException.class,
                () -> new Downloader(wrongSize, g.asList(), 5_000, ProgressListener.NONE).download(0, 10, new ByteArrayOutputStream()));
        assertEquals(LafsException.Kind.BAD_INPUT, size.kind(), size.getMessage());
    }
}
