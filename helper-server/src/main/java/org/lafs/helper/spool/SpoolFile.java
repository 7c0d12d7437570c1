package org.lafs.helper.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One upload's raw ciphertext on disk (no header, as Tahoe's {@code CHK_incoming} file), written
 * at explicit positions so reads by the encoder and appends by the ingest can overlap safely.
 *
 * <p>Threading: every method blocks; call from the {@code helper-spool} worker pool. Positional
 * {@link FileChannel} reads and writes are safe from several threads.
 */
public final class SpoolFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;

    private SpoolFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens or creates the spool file and cuts it to {@code durableLength}: bytes past the last
     * recorded durable offset were never acknowledged (a crash between write and record) and are
     * discarded, so the file and the record always agree.
     */
    public static SpoolFile open(Path path, long durableLength) throws IOException {
        org.lafs.fs.PrivateFiles.directory(path.getParent());
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long len = ch.size();
            if (len < durableLength) {
                throw new IOException("spool file " + path.getFileName() + " holds " + len + " bytes, record says " + durableLength);
            }
            if (len > durableLength) {
                ch.truncate(durableLength);
                ch.force(true);
            }
            return new SpoolFile(path, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Writes all of {@code data} at {@code position}. */
    public void write(long position, ByteBuffer data) throws IOException {
        long pos = position;
        while (data.hasRemaining()) {
            pos += channel.write(data, pos);
        }
    }

    /** fsync: data and size reach the disk before this returns. */
    public void force() throws IOException {
        channel.force(true);
    }

    /** Cuts the file back to {@code length} (after a rejected body) and syncs. */
    public void truncate(long length) throws IOException {
        channel.truncate(length);
        channel.force(true);
    }

    /** Reads exactly {@code length} bytes at {@code position}; fails at end of file. */
    public byte[] read(long position, int length) throws IOException {
        byte[] out = new byte[length];
        ByteBuffer buf = ByteBuffer.wrap(out);
        long pos = position;
        while (buf.hasRemaining()) {
            int r = channel.read(buf, pos);
            if (r < 0) {
                throw new IOException("spool file ends at " + pos + ", wanted " + (position + length));
            }
            pos += r;
        }
        return out;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
