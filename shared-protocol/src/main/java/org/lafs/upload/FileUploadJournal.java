package org.lafs.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An {@link UploadJournal} in a directory of its own, for the client's direct upload:
 * {@code placement} (replaced atomically), {@code segments} (fixed-size records appended and
 * fsynced in order) and {@code result} (written once at the end: UEB hash, so a finished upload
 * is recognisable). A torn last record (crash mid-append) is ignored on reopen.
 *
 * <p>Blocking file I/O: call from worker threads, as the pipeline does. Thread-safe.
 */
public final class FileUploadJournal implements UploadJournal {
    private static final String PLACEMENT = "placement";
    private static final String SEGMENTS = "segments";
    private static final String RESULT = "result";

    private final Path dir;
    private final int recordSize;
    private int segments;

    /**
     * Opens (or creates) the journal in {@code dir} for an upload with {@code n} shares.
     *
     * @throws UncheckedIOException if the directory cannot be created or read
     */
    public FileUploadJournal(Path dir, int n) {
        if (n < 1 || n > 256) {
            throw new IllegalArgumentException("n must be 1..256, got " + n);
        }
        this.dir = dir;
        this.recordSize = 2 + 32 * (n + 1);
        try {
            Files.createDirectories(dir);
            Path seg = dir.resolve(SEGMENTS);
            long length = Files.exists(seg) ? Files.size(seg) : 0;
            segments = (int) (length / recordSize);
            if (length % recordSize != 0) {
                try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                    ch.truncate((long) segments * recordSize);
                    ch.force(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open upload journal " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<SavedPlacement> placement() {
        try {
            return Optional.of(SavedPlacement.fromBytes(Files.readAllBytes(dir.resolve(PLACEMENT))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(PLACEMENT) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void savePlacement(SavedPlacement p) {
        replace(PLACEMENT, p.toBytes());
    }

    @Override
    public synchronized int segmentsAcknowledged() {
        return segments;
    }

    @Override
    public synchronized SegmentRecord segment(int index) {
        if (index < 0 || index >= segments) {
            throw new IndexOutOfBoundsException("segment " + index + " not journaled (have " + segments + ")");
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENTS), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(recordSize);
            long at = (long) index * recordSize;
            while (b.hasRemaining()) {
                if (ch.read(b, at + b.position()) < 0) {
                    throw new IOException("journal ends early");
                }
            }
            return SegmentRecord.fromBytes(b.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read segment " + index + " from " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void saveSegment(int index, SegmentRecord r) {
        if (index != segments) {
            throw new IllegalStateException("segment " + index + " saved out of order; expected " + segments);
        }
        byte[] bytes = r.toBytes();
        if (bytes.length != recordSize) {
            throw new IllegalArgumentException("record has " + r.blockHashes().length + " block hashes; this journal holds "
                    + ((recordSize - 2) / 32 - 1));
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENTS), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long at = (long) index * recordSize;
            while (b.hasRemaining()) {
                ch.write(b, at + b.position());
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + dir.resolve(SEGMENTS) + ": " + e.getMessage(), e);
        }
        segments++;
    }

    @Override
    public synchronized void saveResult(UploadResult r) {
        replace(RESULT, r.uebHash());
    }

    /** The UEB hash of a finished upload, if this journal saw it finish. */
    public synchronized Optional<byte[]> resultUebHash() {
        try {
            return Optional.of(Files.readAllBytes(dir.resolve(RESULT)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(RESULT) + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code name} atomically: temp file, fsync, rename, fsync of the directory where supported. */
    private void replace(String name, byte[] bytes) {
        Path tmp = dir.resolve(name + ".tmp");
        Path target = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp + ": " + e.getMessage(), e);
        }
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // some platforms cannot open a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FileUploadJournal[" + dir + ", " + segments + " segments]";
    }
}
