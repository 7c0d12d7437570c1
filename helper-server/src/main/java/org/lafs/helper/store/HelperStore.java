package org.lafs.helper.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The helper's only RocksDB user: a key-value map with string keys grouped by prefix
 * ({@code u/<si>} upload records, {@code j/<si>/...} pipeline journals, {@code r/<si>} results,
 * {@code q/<token>/<day>} quota counters). Writes are synchronous ({@code sync=true}: the WAL is
 * fsynced before the call returns), so a value that was written survives a crash, except
 * {@link #writeUnsynced}, which survives a killed process but not a power cut.
 *
 * <p>Threading: all methods block; call them from a worker pool, never an event loop. The class
 * is thread-safe (RocksDB is). {@link #close()} releases every native handle; afterwards every
 * call fails with {@link IllegalStateException}.
 */
public final class HelperStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final WriteOptions syncWrites;
    private final WriteOptions walWrites = new WriteOptions().setSync(false);
    private final RocksDB db;
    /** Readers are operations, the writer is {@link #close()}: no native call races a close. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private volatile boolean closed;

    private HelperStore(Options options, WriteOptions syncWrites, RocksDB db) {
        this.options = options;
        this.syncWrites = syncWrites;
        this.db = db;
    }

    /** Opens (creating if needed) the database in {@code dir}. */
    public static HelperStore open(Path dir) {
        try {
            org.lafs.fs.PrivateFiles.directory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Options options = new Options().setCreateIfMissing(true).setKeepLogFileNum(4).setMaxManifestFileSize(16L << 20);
        WriteOptions sync = new WriteOptions().setSync(true);
        try {
            return new HelperStore(options, sync, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException e) {
            sync.close();
            options.close();
            throw new IllegalStateException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
        }
    }

    public Optional<byte[]> get(String key) {
        return guarded(() -> {
            try {
                return Optional.ofNullable(db.get(bytes(key)));
            } catch (RocksDBException e) {
                throw new StoreException(e);
            }
        });
    }

    public void put(String key, byte[] value) {
        guarded(() -> {
            try {
                db.put(syncWrites, bytes(key), value);
                return null;
            } catch (RocksDBException e) {
                throw new StoreException(e);
            }
        });
    }

    public void delete(String key) {
        guarded(() -> {
            try {
                db.delete(syncWrites, bytes(key));
                return null;
            } catch (RocksDBException e) {
                throw new StoreException(e);
            }
        });
    }

    /** Applies several puts (non-null value) and deletes (null value) atomically. */
    public void write(Map<String, byte[]> changes) {
        write(changes, syncWrites);
    }

    /**
     * Like {@link #write} but without the fsync: the batch reaches the WAL in the OS page cache,
     * so it survives a killed helper, and an OS crash can lose it together with every later
     * unsynced batch (the WAL is a log, so what survives is always a prefix). The next synced
     * write makes it durable too. For records that can be recomputed, such as a pushed segment,
     * whose loss costs only a repeated (idempotent) write to the servers.
     */
    public void writeUnsynced(Map<String, byte[]> changes) {
        write(changes, walWrites);
    }

    private void write(Map<String, byte[]> changes, WriteOptions how) {
        guarded(() -> {
            try (WriteBatch batch = new WriteBatch()) {
                for (Map.Entry<String, byte[]> e : changes.entrySet()) {
                    if (e.getValue() == null) {
                        batch.delete(bytes(e.getKey()));
                    } else {
                        batch.put(bytes(e.getKey()), e.getValue());
                    }
                }
                db.write(how, batch);
                return null;
            } catch (RocksDBException e) {
                throw new StoreException(e);
            }
        });
    }

    /** All entries whose key starts with {@code prefix}, in key order. */
    public List<Map.Entry<String, byte[]>> scan(String prefix) {
        return guarded(() -> scan0(prefix));
    }

    private List<Map.Entry<String, byte[]>> scan0(String prefix) {
        byte[] p = bytes(prefix);
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(p); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (k.length < p.length || !Arrays.equals(k, 0, p.length, p, 0, p.length)) {
                    break;
                }
                out.add(Map.entry(new String(k, StandardCharsets.UTF_8), it.value()));
            }
        }
        return out;
    }

    /** Deletes every key starting with {@code prefix}, atomically. */
    public void deletePrefix(String prefix) {
        guarded(() -> {
            try (WriteBatch batch = new WriteBatch()) {
                for (Map.Entry<String, byte[]> e : scan0(prefix)) {
                    batch.delete(bytes(e.getKey()));
                }
                db.write(syncWrites, batch);
                return null;
            } catch (RocksDBException e) {
                throw new StoreException(e);
            }
        });
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            db.close();
            syncWrites.close();
            walWrites.close();
            options.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    private <T> T guarded(java.util.function.Supplier<T> op) {
        lock.readLock().lock();
        try {
            check();
            return op.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** A RocksDB failure (disk full, corruption); the operation did not happen. */
    public static final class StoreException extends RuntimeException {
        StoreException(RocksDBException cause) {
            super("RocksDB: " + cause.getMessage(), cause);
        }
    }
}
