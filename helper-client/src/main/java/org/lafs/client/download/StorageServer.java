package org.lafs.client.download;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Set;

/**
 * The read side of one storage server as the downloader and checker use it
 * (gbs-storage-protocol.md section 3, endpoints 5, 6 and 8). {@link GbsStorageServer} implements
 * it over the GBS HTTPS client. Futures may complete on any thread; failures carry short
 * messages without secrets.
 */
public interface StorageServer {
    /** The announcement's server id ({@code v0-...}). */
    String serverId();

    /** The permutation seed (gbs-storage-protocol.md section 7). */
    byte[] permutationSeed();

    /** Complete shares held for {@code storageIndex}. */
    Future<Set<Integer>> listShares(byte[] storageIndex);

    /** Up to {@code length} bytes at {@code offset}; shorter at the end of the share. */
    Future<Buffer> read(byte[] storageIndex, int shnum, long offset, int length);

    /** Reports a corrupt share ({@code POST .../corrupt}). */
    Future<Void> adviseCorrupt(byte[] storageIndex, int shnum, String reason);
}
