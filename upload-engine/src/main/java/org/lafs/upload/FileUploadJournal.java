package org.lafs.upload;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An {@link UploadJournal} in one local file (the client's direct uploads keep it in the node
 * directory): an append-only file of entries {@code type(1) length(4) bytes}, type {@code P}
 * placement (the last one wins), {@code S} segment record (in order), {@code R} the finished
 * upload's UEB hash. Loading stops at a torn or unreadable last entry. The placement carries upload
 * secrets, so it is fsynced before the pipeline writes a share byte; segment records are only
 * flushed to the OS: losing the last few to a machine crash just makes a resume rewrite those
 * segments, which storage servers accept (identical bytes, gbs-storage-protocol.md section 3.3).
 *
 * <p>The pipeline calls it on worker threads, one call at a time; synchronized anyway.
 */
public final class FileUploadJournal implements UploadJournal, AutoCloseable {
    /** A journal entry is at most a placement of 256 shares: far below this. */
    private static final int MAX_ENTRY = 1 << 20;

    private final Path file;
    private final int n;
    private final FileChannel channel;
    /** What the file holds, in memory; this class adds the file. */
    private final MemoryUploadJournal state = new MemoryUploadJournal();
    private byte[] resultUebHash;

    /**
     * Opens (or creates) the journal of an upload with {@code n} shares, dropping a torn tail.
     *
     * @throws IOException the file cannot be read or opened for writing
     */
    public FileUploadJournal(Path file, int n) throws IOException {
        if (n < 1 || n > 256) {
            throw new IllegalArgumentException("n must be 1..256, got " + n);
        }
        this.file = file;
        this.n = n;
        org.lafs.fs.PrivateFiles.directory(file.toAbsolutePath().getParent());
        long good = load();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(good);
        channel.position(good);
    }

    private long load() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long good = 0;
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            while (true) {
                int type;
                byte[] body;
                try {
                    type = in.readUnsignedByte();
                    int len = in.readInt();
                    if (len < 0 || len > MAX_ENTRY) {
                        break;
                    }
                    body = new byte[len];
                    in.readFully(body);
                } catch (EOFException torn) {
                    break;
                }
                try {
                    if (type == 'P') {
                        state.savePlacement(SavedPlacement.fromBytes(body));
                    } else if (type == 'S') {
                        SegmentRecord r = SegmentRecord.fromBytes(body);
                        if (r.blockHashes().length != n) {
                            break;
                        }
                        state.saveSegment(state.segmentsAcknowledged(), r);
                    } else if (type == 'R' && body.length == 32) {
                        resultUebHash = body;
                    } else {
                        break;
                    }
                } catch (IllegalArgumentException bad) {
                    break;
                }
                good += 5 + body.length;
            }
        }
        return good;
    }

    @Override
    public synchronized Optional<SavedPlacement> placement() {
        return state.placement();
    }

    @Override
    public synchronized void savePlacement(SavedPlacement p) {
        append('P', p.toBytes(), true);
        state.savePlacement(p);
    }

    @Override
    public synchronized int segmentsAcknowledged() {
        return state.segmentsAcknowledged();
    }

    @Override
    public synchronized SegmentRecord segment(int index) {
        return state.segment(index);
    }

    @Override
    public synchronized void saveSegment(int index, SegmentRecord r) {
        if (r.blockHashes().length != n) {
            throw new IllegalArgumentException("segment record has " + r.blockHashes().length + " block hashes; this upload has n=" + n);
        }
        state.saveSegment(index, r); // checks the order before anything reaches the file
        append('S', r.toBytes(), false);
    }

    @Override
    public synchronized void saveResult(UploadResult r) {
        append('R', r.uebHash(), true);
        state.saveResult(r);
        resultUebHash = r.uebHash();
    }

    /** The result saved in this session. */
    public synchronized Optional<UploadResult> result() {
        return state.result();
    }

    /** The UEB hash of a finished upload, also as saved by an earlier process. */
    public synchronized Optional<byte[]> resultUebHash() {
        return Optional.ofNullable(resultUebHash).map(byte[]::clone);
    }

    private void append(int type, byte[] body, boolean sync) {
        ByteBuffer b = ByteBuffer.allocate(5 + body.length);
        b.put((byte) type).putInt(body.length).put(body).flip();
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the upload journal " + file.getFileName(), e);
        }
    }

    @Override
    public String toString() {
        return "FileUploadJournal[" + file.getFileName() + "]";
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to save
        }
    }

    /** Removes the journal (after success, or when it belongs to a changed file). */
    public void delete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // harmless leftover
        }
    }
}
