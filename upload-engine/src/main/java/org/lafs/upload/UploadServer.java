package org.lafs.upload;

import org.lafs.gbs.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import org.lafs.placement.RankedServer;

/**
 * One storage server as {@link UploadPipeline} uses it: the immutable-share calls of
 * gbs-storage-protocol.md section 3. {@link GbsUploadServer} implements it over the GBS HTTPS
 * client; keeping the pipeline on this narrow interface keeps it independent of transport.
 *
 * <p>Failures are reported as failed futures whose message is short and free of secrets.
 * Futures may complete on any thread; the pipeline moves back to its own context.
 */
public interface UploadServer {

    /** The announcement's server id ({@code v0-...}), used in results and messages. */
    String serverId();

    /** Id, permutation seed and preference, for the permuted order. */
    RankedServer ranking();

    /** The 20-byte lease seed (the tub id from the FURL; gbs-storage-protocol.md section 6). */
    byte[] leaseSeed();

    /** {@code maximum-immutable-share-size} from the version document. */
    Future<Long> maximumImmutableShareSize();

    /** Complete shares the server holds for {@code storageIndex}. */
    Future<Set<Integer>> listShares(byte[] storageIndex);

    /** {@code POST /storage/v1/immutable/:si}. */
    Future<Allocation> allocate(byte[] storageIndex, byte[] renewSecret, byte[] cancelSecret, byte[] uploadSecret,
                                Set<Integer> shares, long allocatedSize);

    /**
     * {@code PATCH} of {@code data} at share offset {@code offset}.
     *
     * @return whether this write completed the share (201), and otherwise the ranges the server
     *     still requires (200)
     */
    Future<WriteResult> write(byte[] storageIndex, int share, byte[] uploadSecret, long offset, Buffer data);

    /**
     * {@code GET} of bytes {@code [offset, offset + length)} of a complete share (fewer at its
     * end); used to check shares the server said it already had.
     */
    Future<Buffer> read(byte[] storageIndex, int share, long offset, int length);

    /** {@code PUT .../abort}: frees an unfinished share. */
    Future<Void> abort(byte[] storageIndex, int share, byte[] uploadSecret);

    /**
     * This server with its calls carried by event loop {@code lane} (modulo the loop count), so
     * that one upload's connections can be spread over the cores; the same server (id, ranking)
     * otherwise. Implementations without such a notion return themselves.
     */
    default UploadServer lane(int lane) {
        return this;
    }

    /**
     * An allocate answer.
     *
     * @param alreadyHave every complete share the server holds for the storage index
     * @param allocated shares for which an upload slot was opened
     */
    record Allocation(Set<Integer> alreadyHave, Set<Integer> allocated) {
        public Allocation {
            alreadyHave = Set.copyOf(alreadyHave);
            allocated = Set.copyOf(allocated);
        }
    }
}
