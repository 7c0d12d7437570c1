package org.lafs.loadtest.floor;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lafs.helper.spool.SpoolFile;
import org.lafs.storage.disk.ShareFile;

/**
 * The page-cache work of an upload, through the classes that do it: the helper appends the
 * ciphertext to its {@link SpoolFile} (fsync at every checkpoint) and reads each segment back to
 * encode it; every storage node writes its block of each segment into its {@link ShareFile}.
 * Files are deleted afterwards, as the loadtest deletes finished shares between repeats.
 */
final class FileWork {
    /** The helper's ingest writes batches of up to 256 KiB (IngestSession.BATCH). */
    private static final int SPOOL_WRITE = 256 << 10;
    /** ingest.checkpoint-bytes default (ConfigLoader): fsync, then RocksDB, every 1 MiB. */
    private static final long CHECKPOINT = 1 << 20;
    /** A storage node receives a PATCH body as TLS records: 16 KiB pieces (RFC 8446 section 5.1). */
    private static final int SHARE_PIECE = 16384;

    private FileWork() {}

    /** CPU seconds for the helper's spool: write with checkpoints, then read back by segment. */
    static double spoolSeconds(Path dir, Shape shape, long ciphertext) throws Exception {
        Path file = dir.resolve("floor-spool.bin");
        Files.deleteIfExists(file);
        try {
            return CpuClock.seconds(() -> {
                try (SpoolFile spool = SpoolFile.open(file, 0)) {
                    ByteBuffer batch = filled(SPOOL_WRITE);
                    long sinceSync = 0;
                    for (long pos = 0; pos < ciphertext; ) {
                        int n = (int) Math.min(SPOOL_WRITE, ciphertext - pos);
                        spool.write(pos, batch.clear().limit(n));
                        pos += n;
                        sinceSync += n;
                        if (sinceSync >= CHECKPOINT || pos == ciphertext) {
                            spool.force();
                            sinceSync = 0;
                        }
                    }
                    for (long pos = 0; pos < ciphertext; pos += shape.segment()) {
                        spool.read(pos, (int) Math.min(shape.segment(), ciphertext - pos));
                    }
                }
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** CPU seconds for n storage nodes each appending its block of every segment to its share. */
    static double sharesSeconds(Path dir, Shape shape, long ciphertext) throws Exception {
        long segments = shape.segments(ciphertext);
        long shareSize = segments * shape.blockSize();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < shape.n(); i++) {
            files.add(dir.resolve("floor-share-" + i));
            Files.deleteIfExists(files.get(i));
        }
        ShareFile.Lease lease = new ShareFile.Lease(0, new byte[32], new byte[32], 0);
        ByteBuffer piece = filled(SHARE_PIECE);
        try {
            return CpuClock.seconds(() -> {
                List<ShareFile> shares = new ArrayList<>();
                try {
                    for (Path f : files) {
                        shares.add(ShareFile.create(f, shareSize, lease));
                    }
                    List<ByteBuffer> block = blockAsPieces(piece, shape.blockSize());
                    for (long s = 0; s < segments; s++) {
                        for (ShareFile share : shares) {
                            block.forEach(ByteBuffer::rewind);
                            share.write(s * shape.blockSize(), block);
                        }
                    }
                } finally {
                    for (ShareFile share : shares) {
                        share.close();
                    }
                }
            });
        } finally {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** One block as the body chunks a storage node gets: views of {@code piece}, 16 KiB each. */
    private static List<ByteBuffer> blockAsPieces(ByteBuffer piece, int blockSize) {
        List<ByteBuffer> out = new ArrayList<>();
        for (int off = 0; off < blockSize; off += SHARE_PIECE) {
            out.add(piece.duplicate().clear().limit(Math.min(SHARE_PIECE, blockSize - off)).slice());
        }
        return out;
    }

    /** Direct memory of random bytes, as Netty hands over received data. */
    static ByteBuffer filled(int size) {
        byte[] bytes = new byte[size];
        new java.util.SplittableRandom(size).nextBytes(bytes);
        return ByteBuffer.allocateDirect(size).put(bytes).flip();
    }
}
