package org.lafs.chk.encode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.share.ShareLayout;
import org.lafs.chk.tree.MerkleTree;

/**
 * Segment and block hashes kept in a scratch file instead of the heap, and the n+1 hash trees
 * built inside that file at the finish, one level at a time, so an upload's heap does not grow
 * with its file size. The file is laid out as the trees are stored in shares (chk-format.md
 * section 8): tree t (0 = crypttext, 1 + i = block tree of share i) at {@code t * (2P-1) * 32},
 * its node m 32 bytes at {@code m * 32} after that, leaf i at node P-1+i. It holds
 * (n+1) * (2P-1) * 32 bytes (about 5.5 MB for a 1 GiB file at 3-of-10) and is deleted by
 * {@link #close()}.
 *
 * <p>Thread-safe: {@link #add} from any thread (positional writes); {@link #finish} once
 * complete; trailer reads afterwards from any thread.
 */
public final class FileSegmentHashes implements SegmentHashStore, AutoCloseable {
    private static final int H = MerkleTree.HASH;
    /** Hashes read per step while building a level: 64 KiB of I/O, a power of two like every level. */
    private static final int CHUNK = 2048;

    private final FileGeometry geometry;
    private final Path path;
    private final FileChannel ch;
    private final int padded;
    private final long treeBytes;
    private final BitSet present;
    private int count;

    /** Creates (or truncates) {@code path}. */
    public FileSegmentHashes(FileGeometry geometry, Path path) {
        this.geometry = geometry;
        this.path = path;
        this.padded = MerkleTree.nextPow2(geometry.numSegments());
        this.treeBytes = MerkleTree.serializedSize(geometry.numSegments());
        this.present = new BitSet(geometry.numSegments());
        try {
            this.ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create hash scratch file " + path, e);
        }
    }

    @Override
    public FileGeometry geometry() {
        return geometry;
    }

    @Override
    public void add(int index, byte[] segmentHash, byte[][] blockHashesOfSegment) {
        SegmentHashStore.check(geometry, index, segmentHash, blockHashesOfSegment);
        synchronized (this) {
            if (present.get(index)) {
                throw new IllegalArgumentException("segment " + index + " added twice");
            }
        }
        write(leaf(0, index), segmentHash);
        for (int i = 0; i < geometry.n(); i++) {
            write(leaf(1 + i, index), blockHashesOfSegment[i]);
        }
        synchronized (this) {
            if (!present.get(index)) {
                present.set(index);
                count++;
            }
        }
    }

    @Override
    public synchronized boolean isComplete() {
        return count == geometry.numSegments();
    }

    @Override
    public ShareTrailers finish(byte[] crypttextHash, ShareLayout layout) {
        if (!isComplete()) {
            throw new IllegalStateException("hashes of some segments are missing");
        }
        byte[][] roots = new byte[geometry.n() + 1][];
        for (int t = 0; t < roots.length; t++) {
            roots[t] = build(t);
        }
        byte[][] blockRoots = java.util.Arrays.copyOfRange(roots, 1, roots.length);
        return ChkFinisher.finish(geometry, roots[0], blockRoots, crypttextHash, layout, new ShareTrailers.Trees() {
            @Override
            public ShareTrailers.Region crypttext() {
                return region(0);
            }

            @Override
            public ShareTrailers.Region block(int shnum) {
                return region(1 + shnum);
            }
        });
    }

    private ShareTrailers.Region region(int tree) {
        long base = tree * treeBytes;
        return new ShareTrailers.Region() {
            @Override
            public long length() {
                return treeBytes;
            }

            @Override
            public void copy(long from, byte[] dst, int off, int len) {
                read(base + from, ByteBuffer.wrap(dst, off, len));
            }
        };
    }

    /** Fills tree {@code t}'s padding leaves and every level above the leaves; returns its root. */
    private byte[] build(int t) {
        long base = t * treeBytes;
        int leaves = geometry.numSegments();
        for (int i = leaves; i < padded; i += CHUNK) {
            int c = Math.min(CHUNK, padded - i);
            byte[] pad = new byte[c * H];
            for (int j = 0; j < c; j++) {
                System.arraycopy(MerkleTree.emptyLeaf(i + j), 0, pad, j * H, H);
            }
            write(leaf(t, i), pad);
        }
        for (int width = padded; width > 1; width /= 2) {
            long children = base + (long) (width - 1) * H;
            long parents = base + (long) (width / 2 - 1) * H;
            for (int i = 0; i < width; i += CHUNK) {
                int c = Math.min(CHUNK, width - i);
                byte[] kids = new byte[c * H];
                read(children + (long) i * H, ByteBuffer.wrap(kids));
                write(parents + (long) (i / 2) * H, MerkleTree.parents(kids, c));
            }
        }
        byte[] root = new byte[H];
        read(base, ByteBuffer.wrap(root));
        return root;
    }

    private long leaf(int tree, int index) {
        return tree * treeBytes + (long) (padded - 1 + index) * H;
    }

    private void write(long pos, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hash scratch file " + path, e);
        }
    }

    private void read(long pos, ByteBuffer b) {
        try {
            while (b.hasRemaining()) {
                int n = ch.read(b, pos);
                if (n < 0) {
                    throw new IOException("hash scratch file shorter than expected");
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hash scratch file " + path, e);
        }
    }

    /** Closes and deletes the file. */
    @Override
    public void close() {
        try {
            ch.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete hash scratch file " + path, e);
        }
    }
}
