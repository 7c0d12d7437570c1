package org.lafs.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Tahoe's immutable share container, version 1 ({@code storage/immutable.py ShareFile}):
 * <pre>
 * 0x00  uint32 version = 1
 * 0x04  uint32 min(2^32-1, data length)   (unused by readers)
 * 0x08  uint32 number of leases
 * 0x0c  share data
 * then  leases, 72 bytes each: uint32 owner, 32-byte renew secret, 32-byte cancel secret,
 *       uint32 expiry (Unix seconds)
 * </pre>
 * all big-endian. Readers find the leases from the file size and the lease count. Using the
 * same container means a Tahoe node could serve our share files and vice versa. Blocking I/O:
 * call from a worker thread only. Not thread-safe.
 */
public final class ShareFile implements AutoCloseable {
    public static final int HEADER = 0x0c;
    public static final int LEASE_SIZE = 72;

    /** One lease record. */
    public record Lease(int owner, byte[] renewSecret, byte[] cancelSecret, long expirySeconds) {}

    private final FileChannel ch;
    private final long dataLength;

    private ShareFile(FileChannel ch, long dataLength) {
        this.ch = ch;
        this.dataLength = dataLength;
    }

    /** Creates a new container for {@code size} data bytes holding one lease (Tahoe adds it at creation). */
    public static ShareFile create(Path path, long size, Lease lease) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            h.putInt(1).putInt((int) Math.min(0xffffffffL, size)).putInt(1).flip();
            writeFully(ch, h, 0);
            writeFully(ch, encode(lease), HEADER + size);
            return new ShareFile(ch, size);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Opens an existing container; the data length follows from size and lease count. */
    public static ShareFile open(Path path, boolean writable) throws IOException {
        FileChannel ch = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        try {
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            readFully(ch, h, 0);
            h.flip();
            int version = h.getInt();
            h.getInt();
            long leases = h.getInt() & 0xffffffffL;
            long dataLength = ch.size() - HEADER - leases * LEASE_SIZE;
            if (version != 1 || dataLength < 0) {
                throw new IOException("not an immutable share container: " + path.getFileName());
            }
            return new ShareFile(ch, dataLength);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public long dataLength() {
        return dataLength;
    }

    /** Reads up to {@code length} data bytes at {@code offset}, fewer at the end of the data. */
    public byte[] read(long offset, int length) throws IOException {
        long n = Math.max(0, Math.min(length, dataLength - offset));
        ByteBuffer b = ByteBuffer.allocate((int) n);
        readFully(ch, b, HEADER + offset);
        return b.array();
    }

    /** Writes data bytes at {@code offset}; the caller keeps it inside {@code [0, dataLength)}. */
    public void write(long offset, byte[] data) throws IOException {
        if (offset < 0 || offset + data.length > dataLength) {
            throw new IllegalArgumentException("write outside the share data");
        }
        writeFully(ch, ByteBuffer.wrap(data), HEADER + offset);
    }

    /**
     * Writes the buffers one after another from {@code offset} (their remaining bytes; positions
     * advance); the caller keeps the total inside {@code [0, dataLength)}.
     */
    public void write(long offset, List<ByteBuffer> data) throws IOException {
        long total = 0;
        for (ByteBuffer b : data) {
            total += b.remaining();
        }
        if (offset < 0 || offset + total > dataLength) {
            throw new IllegalArgumentException("write outside the share data");
        }
        long pos = HEADER + offset;
        ByteBuffer joined = null;
        for (ByteBuffer b : data) {
            int n = b.remaining();
            if (b.isDirect() || n >= JOIN_BYTES) {
                if (joined != null && joined.position() > 0) {
                    pos = flushJoined(joined, pos);
                }
                writeFully(ch, b, pos);
                pos += n;
                continue;
            }
            if (joined == null) {
                joined = JOIN.get();
            }
            if (joined.remaining() < n) {
                pos = flushJoined(joined, pos);
            }
            joined.put(b);
        }
        if (joined != null && joined.position() > 0) {
            flushJoined(joined, pos);
        }
    }

    /**
     * Heap buffers joined into one direct buffer per thread before a write. The JDK copies a heap
     * buffer into a temporary direct one for every write anyway (sun.nio.ch.IOUtil), so joining
     * costs no extra copy and turns a PATCH piece of many body chunks (Vert.x hands them over in
     * pieces of at most {@code HttpGuard.MAX_CHUNK}) into one pwrite instead of one per chunk.
     */
    static final int JOIN_BYTES = 512 << 10;
    private static final ThreadLocal<ByteBuffer> JOIN = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(JOIN_BYTES));

    /** Writes what {@code joined} holds at {@code pos}, empties it, and returns the position after it. */
    private long flushJoined(ByteBuffer joined, long pos) throws IOException {
        joined.flip();
        int n = joined.remaining();
        try {
            writeFully(ch, joined, pos);
        } finally {
            joined.clear();
        }
        return pos + n;
    }

    public List<Lease> leases() throws IOException {
        long count = (ch.size() - HEADER - dataLength) / LEASE_SIZE;
        List<Lease> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            ByteBuffer b = ByteBuffer.allocate(LEASE_SIZE);
            readFully(ch, b, HEADER + dataLength + i * LEASE_SIZE);
            b.flip();
            int owner = b.getInt();
            byte[] renew = new byte[32];
            byte[] cancel = new byte[32];
            b.get(renew).get(cancel);
            out.add(new Lease(owner, renew, cancel, b.getInt() & 0xffffffffL));
        }
        return out;
    }

    /**
     * Renews the lease whose renew secret matches (constant-time), to {@code expiry} if later;
     * otherwise appends {@code lease}. Tahoe's {@code _add_or_renew_leases}.
     */
    public void addOrRenewLease(Lease lease) throws IOException {
        List<Lease> leases = leases();
        for (int i = 0; i < leases.size(); i++) {
            if (MessageDigest.isEqual(leases.get(i).renewSecret(), lease.renewSecret())) {
                if (lease.expirySeconds() > leases.get(i).expirySeconds()) {
                    ByteBuffer e = ByteBuffer.allocate(4).putInt((int) lease.expirySeconds()).flip();
                    writeFully(ch, e, HEADER + dataLength + (long) i * LEASE_SIZE + 68);
                }
                return;
            }
        }
        writeFully(ch, encode(lease), HEADER + dataLength + (long) leases.size() * LEASE_SIZE);
        ByteBuffer n = ByteBuffer.allocate(4).putInt(leases.size() + 1).flip();
        writeFully(ch, n, 8);
    }

    /** Rewrites the lease list keeping only those expiring after {@code nowSeconds}; returns how many remain. */
    public int dropExpiredLeases(long nowSeconds) throws IOException {
        List<Lease> keep = new ArrayList<>();
        for (Lease l : leases()) {
            if (l.expirySeconds() > nowSeconds) {
                keep.add(l);
            }
        }
        for (int i = 0; i < keep.size(); i++) {
            writeFully(ch, encode(keep.get(i)), HEADER + dataLength + (long) i * LEASE_SIZE);
        }
        ch.truncate(HEADER + dataLength + (long) keep.size() * LEASE_SIZE);
        writeFully(ch, ByteBuffer.allocate(4).putInt(keep.size()).flip(), 8);
        return keep.size();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }

    private static ByteBuffer encode(Lease l) {
        ByteBuffer b = ByteBuffer.allocate(LEASE_SIZE);
        b.putInt(l.owner()).put(l.renewSecret()).put(l.cancelSecret()).putInt((int) l.expirySeconds());
        return b.flip();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("share file shorter than expected");
            }
            pos += n;
        }
    }
}
