package org.lafs.loadtest.floor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The page-cache work of an upload: the helper appends the ciphertext to its spool (fsync at
 * every checkpoint) and reads each segment back to encode it; every storage node writes its
 * share. Files are deleted afterwards, as the loadtest deletes finished shares between repeats.
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
        Path file = Files.createTempFile(dir, "floor-spool-", ".bin");
        try {
            return CpuClock.seconds(() -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                    ByteBuffer w = filled(SPOOL_WRITE);
                    long sinceSync = 0;
                    for (long pos = 0; pos < ciphertext; ) {
                        w.clear().limit((int) Math.min(SPOOL_WRITE, ciphertext - pos));
                        pos += writeFully(ch, w, pos);
                        sinceSync += w.limit();
                        if (sinceSync >= CHECKPOINT || pos == ciphertext) {
                            ch.force(false);
                            sinceSync = 0;
                        }
                    }
                    ByteBuffer r = ByteBuffer.allocateDirect(shape.segment());
                    for (long pos = 0; pos < ciphertext; ) {
                        r.clear().limit((int) Math.min(shape.segment(), ciphertext - pos));
                        while (r.hasRemaining()) {
                            int got = ch.read(r, pos);
                            if (got < 0) {
                                throw new IOException("spool ended early at " + pos);
                            }
                            pos += got;
                        }
                    }
                }
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** CPU seconds for n storage nodes each appending its block of every segment to its share. */
    static double sharesSeconds(Path dir, Shape shape, long ciphertext) throws Exception {
        Path[] files = new Path[shape.n()];
        for (int i = 0; i < files.length; i++) {
            files[i] = Files.createTempFile(dir, "floor-share-" + i + "-", ".bin");
        }
        try {
            long segments = shape.segments(ciphertext);
            return CpuClock.seconds(() -> {
                FileChannel[] ch = new FileChannel[files.length];
                try {
                    for (int i = 0; i < ch.length; i++) {
                        ch[i] = FileChannel.open(files[i], StandardOpenOption.WRITE);
                    }
                    ByteBuffer piece = filled(SHARE_PIECE);
                    long pos = 0;
                    for (long s = 0; s < segments; s++) {
                        for (FileChannel c : ch) {
                            for (int off = 0; off < shape.blockSize(); off += SHARE_PIECE) {
                                piece.clear().limit(Math.min(SHARE_PIECE, shape.blockSize() - off));
                                writeFully(c, piece, pos + off);
                            }
                        }
                        pos += shape.blockSize();
                    }
                } finally {
                    for (FileChannel c : ch) {
                        if (c != null) {
                            c.close();
                        }
                    }
                }
            });
        } finally {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static long writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long start = pos;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
        return pos - start;
    }

    private static ByteBuffer filled(int size) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        byte[] bytes = new byte[size];
        new java.util.SplittableRandom(size).nextBytes(bytes);
        return b.put(bytes).flip();
    }
}
