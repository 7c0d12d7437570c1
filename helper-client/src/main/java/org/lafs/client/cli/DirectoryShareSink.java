package org.lafs.client.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.lafs.chk.encode.ShareSink;

/**
 * Writes share i to {@code DIR/i}, opening each file on its first write (truncating an old one).
 * Failures are wrapped in {@link WriteFailure} so the CLI can tell them from read failures.
 * Not thread-safe.
 */
final class DirectoryShareSink implements ShareSink, AutoCloseable {
    private final Path dir;
    private final FileChannel[] channels;

    /** An I/O failure on the output side. */
    static final class WriteFailure extends IOException {
        private static final long serialVersionUID = 1L;

        WriteFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    DirectoryShareSink(Path dir, int n) {
        this.dir = dir;
        this.channels = new FileChannel[n];
    }

    @Override
    public void write(int shnum, long offset, byte[] data, int off, int len) throws IOException {
        try {
            FileChannel ch = channels[shnum];
            if (ch == null) {
                ch = FileChannel.open(dir.resolve(Integer.toString(shnum)), StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                channels[shnum] = ch;
            }
            ByteBuffer b = ByteBuffer.wrap(data, off, len);
            long at = offset;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
        } catch (IOException e) {
            throw new WriteFailure(e);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileChannel ch : channels) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    first = first == null ? new WriteFailure(e) : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
