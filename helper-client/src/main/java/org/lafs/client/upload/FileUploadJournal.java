package org.lafs.client.upload;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lafs.upload.SavedPlacement;
import org.lafs.upload.SegmentRecord;
import org.lafs.upload.UploadJournal;
import org.lafs.upload.UploadResult;

/**
 * The direct upload's {@link UploadJournal} in the node directory: an append-only file of
 * entries {@code type(1) length(4) bytes}, type {@code P} placement (the last one wins), {@code S}
 * segment record (in order). Loading stops at a torn last entry. The placement carries upload
 * secrets, so it is fsynced before the pipeline writes a share byte; segment records are only
 * flushed to the OS: losing the last few to a machine crash just makes a resume rewrite those
 * segments, which storage servers accept (identical bytes, gbs-storage-protocol.md section 3.3).
 *
 * <p>The pipeline calls it on worker threads, one call at a time; synchronized anyway.
 */
final class FileUploadJournal implements UploadJournal, AutoCloseable {
    /** A journal entry is at most a placement of 256 shares: far below this. */
    private static final int MAX_ENTRY = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private SavedPlacement placement;
    private final List<SegmentRecord> segments = new ArrayList<>();
    private UploadResult result;

    FileUploadJournal(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
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
                        placement = SavedPlacement.fromBytes(body);
                    } else if (type == 'S') {
                        segments.add(SegmentRecord.fromBytes(body));
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
        return Optional.ofNullable(placement);
    }

    @Override
    public synchronized void savePlacement(SavedPlacement p) {
        append('P', p.toBytes(), true);
        placement = p;
    }

    @Override
    public synchronized int segmentsAcknowledged() {
        return segments.size();
    }

    @Override
    public synchronized SegmentRecord segment(int index) {
        return segments.get(index);
    }

    @Override
    public synchronized void saveSegment(int index, SegmentRecord r) {
        if (index != segments.size()) {
            throw new IllegalStateException("segment " + index + " saved out of order; expected " + segments.size());
        }
        append('S', r.toBytes(), false);
        segments.add(r);
    }

    @Override
    public synchronized void saveResult(UploadResult r) {
        result = r;
    }

    synchronized Optional<UploadResult> result() {
        return Optional.ofNullable(result);
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
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to save
        }
    }

    /** Removes the journal (after success, or when it belongs to a changed file). */
    void delete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // harmless leftover
        }
    }
}
