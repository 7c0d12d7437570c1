package org.lafs.client.upload;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.FileGeometry;
import org.lafs.upload.CiphertextSource;

/**
 * The ciphertext of a local file for {@link org.lafs.upload.UploadPipeline} (the direct flow):
 * positional reads of the plaintext, AES-CTR at the offset (chk-format.md section 6), on a
 * worker, throttled. As in the helper flow, the plaintext is re-hashed in order and the read
 * that would hand out the file's last bytes fails unless the key equals the first pass's key:
 * the pipeline then never finishes, so a changed file never gets a cap. Reads may repeat
 * earlier offsets (resume, replaced servers); only the in-order frontier is hashed.
 */
final class FileCiphertextSource implements CiphertextSource, AutoCloseable {
    private final WorkerExecutor workers;
    private final FileChannel channel;
    private final Path file;
    private final FileGeometry g;
    private final byte[] key;
    private final Throttle throttle;
    private final ConvergentKey.Deriver deriver;
    private long hashedUpTo;
    private boolean verified;
    private volatile FileChangedException changed;

    FileCiphertextSource(WorkerExecutor workers, Path file, FileGeometry g, byte[] convergenceSecret, byte[] key,
                         Throttle throttle) throws IOException {
        this.workers = workers;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.g = g;
        this.key = key.clone();
        this.throttle = throttle;
        this.deriver = ConvergentKey.deriver(convergenceSecret, g);
    }

    FileChangedException changed() {
        return changed;
    }

    @Override
    public long size() {
        return g.size();
    }

    @Override
    public Future<Buffer> read(long offset, int length) {
        return workers.executeBlocking(() -> readNow(offset, length), false);
    }

    private synchronized Buffer readNow(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > g.size()) {
            throw new IOException("read of " + length + " at " + offset + " outside the file");
        }
        if (offset > hashedUpTo) {
            hashPrefix(offset);
        }
        byte[] buf = new byte[length];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (bb.hasRemaining()) {
            int r = channel.read(bb, offset + bb.position());
            if (r < 0) {
                throw fail(new FileChangedException("the file became shorter during the upload"));
            }
        }
        if (offset <= hashedUpTo && offset + length > hashedUpTo) {
            int skip = (int) (hashedUpTo - offset);
            deriver.update(buf, skip, length - skip);
            hashedUpTo = offset + length;
        }
        if (offset + length == g.size()) {
            verifyEnd();
        }
        throttle.acquire(length);
        CtrCipher.at(key, offset).apply(buf, 0, length);
        return Buffer.buffer(buf);
    }

    /** A resumed pipeline starts past 0: hash the prefix from the file first. */
    private void hashPrefix(long to) throws IOException {
        byte[] buf = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(hashedUpTo);
            while (hashedUpTo < to) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, to - hashedUpTo));
                if (r < 0) {
                    throw fail(new FileChangedException("the file became shorter during the upload"));
                }
                deriver.update(buf, 0, r);
                hashedUpTo += r;
            }
        }
    }

    private void verifyEnd() throws FileChangedException {
        if (verified) {
            return;
        }
        if (hashedUpTo != g.size()) {
            return;
        }
        try {
            if (channel.size() != g.size()) {
                throw fail(new FileChangedException("the file changed size during the upload"));
            }
        } catch (IOException e) {
            throw fail(new FileChangedException("the file cannot be read any more"));
        }
        if (!MessageDigest.isEqual(deriver.finish(), key)) {
            throw fail(new FileChangedException("the file changed during the upload (its content no longer gives the same key)"));
        }
        verified = true;
    }

    private FileChangedException fail(FileChangedException e) {
        changed = e;
        return e;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
