package org.lafs.helper;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.lafs.chk.share.ShareSource;
import org.lafs.chk.share.ShareVerifier;
import org.lafs.grid.ServerInfo;
import org.lafs.helper.grid.GridConnection;
import org.lafs.storage.LocalGrid;

/** A real 10-node local grid on loopback, plus share verification against a cap's UEB hash. */
final class GridFixture implements AutoCloseable {
    final Vertx vertx;
    final LocalGrid grid;
    GridConnection conn;

    GridFixture(Vertx vertx, Path dir) throws Exception {
        this.vertx = vertx;
        this.grid = LocalGrid.start(vertx, dir, 10).await();
        this.conn = GridConnection.open(vertx, grid.serversYaml());
    }

    /**
     * Runs a GBS client call on a Vert.x context and waits. GbsClient attaches its body handler in
     * a future callback; called from a plain thread that callback is dispatched later and can miss
     * the first body chunks (lost bytes or IllegalStateException), so tests never call it from the
     * test thread directly.
     */
    <T> T call(java.util.function.Supplier<io.vertx.core.Future<T>> op) throws Exception {
        io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
        vertx.runOnContext(v -> {
            try {
                op.get().onComplete(p);
            } catch (RuntimeException e) {
                p.tryFail(e); // fail the test instead of leaving it waiting
            }
        });
        return p.future().await();
    }

    /** Verifies every share of {@code si} on every server; returns the distinct share numbers found. */
    Set<Integer> verifyShares(byte[] si, byte[] uebHash) throws Exception {
        Set<Integer> found = new java.util.TreeSet<>();
        for (ServerInfo s : conn.servers()) {
            for (int sh : call(() -> conn.client(s.serverId()).listShares(si))) {
                byte[] share = readAll(s.serverId(), si, sh);
                try {
                    ShareVerifier.verify(ShareSource.of(share), sh, uebHash);
                } catch (Exception e) {
                    byte[] again = readAll(s.serverId(), si, sh);
                    throw new AssertionError("share " + sh + " on " + s.nickname() + " (" + share.length + " bytes, first "
                            + java.util.HexFormat.of().formatHex(share, 0, Math.min(16, share.length)) + ", re-read equal: "
                            + java.util.Arrays.equals(share, again) + ", re-read first "
                            + java.util.HexFormat.of().formatHex(again, 0, Math.min(16, again.length)) + "): " + e.getMessage(), e);
                }
                found.add(sh);
            }
        }
        return found;
    }

    private byte[] readAll(String server, byte[] si, int sh) throws Exception {
        List<byte[]> parts = new ArrayList<>();
        long at = 0;
        int total = 0;
        while (true) {
            long from = at;
            byte[] b = call(() -> conn.client(server).read(si, sh, from, 1 << 20)).getBytes();
            if (b.length == 0) {
                break;
            }
            parts.add(b);
            at += b.length;
            total += b.length;
            if (b.length < (1 << 20)) {
                break;
            }
        }
        byte[] out = new byte[total];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        conn.closeAsync().await();
        grid.close().await();
    }
}
