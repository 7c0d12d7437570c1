package org.lafs.helper.push;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadService;
import org.lafs.upload.CiphertextSource;

/**
 * The pipeline's view of an upload's spool: a read completes once its bytes are durable (fsynced
 * and recorded), so encoding runs while the client is still sending. Reads run on the
 * {@code helper-spool} worker pool.
 */
final class SpoolCiphertextSource implements CiphertextSource {
    private final UploadService service;
    private final Upload upload;

    SpoolCiphertextSource(UploadService service, Upload upload) {
        this.service = service;
        this.upload = upload;
    }

    @Override
    public long size() {
        return upload.params().size();
    }

    @Override
    public boolean available(long offset, int length) {
        return offset + length <= upload.progress().durable();
    }

    @Override
    public Future<Buffer> read(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > size()) {
            return Future.failedFuture(new IllegalArgumentException("read past the end of the ciphertext"));
        }
        return upload.progress().await(offset + length)
                .compose(v -> service.spoolPool().executeBlocking(() -> Buffer.buffer(upload.spool().read(offset, length)), false));
    }
}
