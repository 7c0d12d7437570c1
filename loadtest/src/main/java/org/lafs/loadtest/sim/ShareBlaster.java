package org.lafs.loadtest.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.ShareWriter;

/**
 * The wire behaviour of a direct upload without its CPU work: allocates share i of a random
 * storage index on server i and writes {@code shareSize} bytes of stand-in share data to every
 * share, block by block (segment after segment, each segment's block to all n shares), through
 * {@link ShareWriter}s with the given window. Used where the real encoder is not the point: a
 * throttled client's uplink carries n/k times the file either way, and the window scenario's
 * per-server pipelining is ShareWriter's job.
 */
public final class ShareBlaster {
    private ShareBlaster() {}

    /**
     * @param servers one client per share (share i goes to {@code servers.get(i)})
     * @param shareSize bytes per share (file size / k, rounded up, plus hash-tree overhead if wanted)
     * @param blockSize bytes per block (segment size / k)
     */
    public static Future<Void> upload(List<GbsClient> servers, long shareSize, int blockSize, int window) {
        byte[] si = new byte[16];
        ThreadLocalRandom.current().nextBytes(si);
        byte[] renew = random32();
        byte[] cancel = random32();
        byte[] upload = random32();
        List<Future<ShareWriter>> allocs = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            int sh = i;
            GbsClient c = servers.get(i);
            allocs.add(c.allocate(si, renew, cancel, upload, Set.of(sh), shareSize).compose(r -> r.allocated().contains(sh)
                    ? Future.succeededFuture(c.shareWriter(si, sh, upload, window, ShareWriter.DEFAULT_MAX_REQUEST))
                    : Future.failedFuture("server " + sh + " did not allocate share " + sh)));
        }
        return Future.all(allocs).compose(cf -> {
            List<ShareWriter> writers = cf.list();
            Promise<Void> done = Promise.promise();
            writeFrom(writers, 0, shareSize, blockSize, done);
            return done.future().compose(v -> Future.all(writers.stream().map(ShareWriter::close).toList())).mapEmpty();
        });
    }

    private static void writeFrom(List<ShareWriter> writers, long offset, long shareSize, int blockSize, Promise<Void> done) {
        if (offset >= shareSize) {
            done.complete();
            return;
        }
        int len = (int) Math.min(blockSize, shareSize - offset);
        List<Future<Void>> admitted = new ArrayList<>(writers.size());
        for (ShareWriter w : writers) {
            admitted.add(w.write(offset, Ciphertext.slice(offset * 7 + w.shareNumber() * 4099L, len)));
        }
        Future.all(admitted).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
            } else {
                writeFrom(writers, offset + len, shareSize, blockSize, done);
            }
        });
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
