package org.lafs.helper.api;

import io.vertx.core.Future;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.EncodingParameters;
import org.lafs.chk.FileGeometry;
import org.lafs.chk.StorageIndex;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.cap.LitCap;
import org.lafs.format.Base32;
import org.lafs.log.Log;
import org.lafs.net.BodySpool;
import org.lafs.helper.auth.TokenRegistry;
import org.lafs.helper.config.TokenPolicy;
import org.lafs.helper.upload.HelperException;
import org.lafs.helper.upload.HelperResult;
import org.lafs.helper.upload.Upload;
import org.lafs.helper.upload.UploadParams;
import org.lafs.helper.upload.UploadService;

/**
 * Helper-as-client (opt-in, {@code helper-as-client.enabled}): Tahoe's web-API {@code PUT /uri}
 * with plaintext. The helper then sees the plaintext: it spools it to a temporary file, derives
 * the convergent key with its own convergence secret (first pass), opens an upload like any
 * client (dedup, grid check), encrypts into the upload's spool from its durable offset (second
 * pass, durable checkpoints), waits for the pipeline and answers with the cap as text.
 * Files of 55 bytes or less get a LIT cap and touch nothing.
 *
 * <p>No plaintext reaches the disk: the temporary file is encrypted as it arrives with a random
 * key that exists only in this request's memory (AES-CTR), and both passes decrypt it as they
 * read. A spool file left by a crash is unreadable, and such files are deleted when the helper
 * starts (docs/security.md).
 *
 * <p>Threading: event loop; file work on the {@code helper-spool} pool.
 */
final class PlaintextUpload {
    static final int CHUNK = 1 << 20;

    private final UploadService service;
    private final TokenRegistry tokens;
    private final byte[] convergence;

    PlaintextUpload(UploadService service, TokenRegistry tokens, byte[] convergence) {
        this.service = service;
        this.tokens = tokens;
        this.convergence = convergence.clone();
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        Optional<TokenPolicy> t = Http.authenticate(req, tokens, service.events());
        if (t.isEmpty()) {
            return;
        }
        TokenPolicy token = t.get();
        long size;
        try {
            size = Tus.parseNonNegative(req.getHeader("Content-Length"), "Content-Length", "length-required");
        } catch (HelperException e) {
            Http.error(req, service.events(), 411, "length-required", "PUT /uri needs Content-Length");
            return;
        }
        if (size > Math.min(service.config().maxFileSize(), token.maxFileSize())) {
            Http.error(req, service.events(), 413, "upload-too-large", "file exceeds the size limit");
            return;
        }
        if (size > UploadParams.MAX_LIT_SIZE && service.quota().remainingToday(token) < size) {
            Http.error(req, service.events(), 403, "quota-bytes-per-day", "this token's daily byte quota is used up");
            return;
        }
        Path tmp = service.newPlaintextSpoolPath();
        byte[] spoolKey = new byte[16];
        RANDOM.nextBytes(spoolKey);
        service.spoolPool().executeBlocking(() -> {
            org.lafs.fs.PrivateFiles.directory(tmp.getParent());
            return null;
        }).compose(v -> service.vertx().fileSystem().open(tmp.toString(), BodySpool.OPTIONS))
                .compose(file -> receive(req, file, size, spoolKey))
                .compose(received -> upload(token, tmp, size, spoolKey))
                .onComplete(ar -> {
                    java.util.Arrays.fill(spoolKey, (byte) 0);
                    service.spoolPool().executeBlocking(() -> Files.deleteIfExists(tmp));
                    if (ar.failed()) {
                        Http.error(req, service.events(), ar.cause());
                    } else {
                        req.response().putHeader("Content-Type", "text/plain; charset=utf-8").setStatusCode(200).end(ar.result());
                    }
                });
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Spools the body encrypted with {@code spoolKey}; every write checked, the length compared with Content-Length. */
    private Future<Long> receive(HttpServerRequest req, AsyncFile file, long size, byte[] spoolKey) {
        return BodySpool.toFile(req, file, size, size, CtrCipher.at(spoolKey, 0)).recover(err -> {
            if (err instanceof BodySpool.SpoolFailed f) {
                Log.warn("plaintext-spool-failed", "error", f.getMessage());
                return Future.failedFuture(new HelperException(507, "spool-write-failed", f.getMessage()));
            }
            return Future.failedFuture(new HelperException(400, "body-incomplete", "the body could not be read: "
                    + (err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage())));
        });
    }

    private Future<String> upload(TokenPolicy token, Path plain, long size, byte[] spoolKey) {
        EncodingParameters params = service.config().clientEncoding();
        return service.spoolPool().executeBlocking(() -> {
            long actual = Files.size(plain);
            if (actual != size) {
                throw new HelperException(507, "spool-write-failed", "the spool holds " + actual + " of " + size + " bytes");
            }
            if (size <= LitCap.MAX_DATA) {
                byte[] data = Files.readAllBytes(plain);
                CtrCipher.at(spoolKey, 0).apply(data, 0, data.length);
                return new Object[] {new LitCap(data).uri(), null};
            }
            try (InputStream in = CtrCipher.stream(Files.newInputStream(plain), spoolKey, 0)) {
                return new Object[] {null, ConvergentKey.derive(in, size, convergence, params)};
            }
        }).compose(r -> {
            if (r[0] != null) {
                return Future.succeededFuture((String) r[0]);
            }
            byte[] key = (byte[]) r[1];
            FileGeometry g = params.geometry(size);
            UploadParams p = new UploadParams(StorageIndex.of(key), size, params.k(), params.happy(), params.n(), g.segmentSize());
            return service.open(token, p).compose(open -> {
                if (open.inGrid() != null) {
                    return Future.succeededFuture(cap(key, open.inGrid(), p));
                }
                Upload u = open.upload();
                return encryptInto(u, plain, spoolKey, key, token).compose(v -> awaitEnd(u)).map(res -> cap(key, res, p));
            });
        });
    }

    private Future<Void> encryptInto(Upload u, Path plain, byte[] spoolKey, byte[] key, TokenPolicy token) {
        if (u.progress().durable() >= u.params().size()) {
            return Future.succeededFuture();
        }
        Optional<HelperException> refused = u.lockWriter("another client is sending this file");
        if (refused.isPresent()) {
            return Future.failedFuture(refused.get());
        }
        return step(u, plain, spoolKey, key, token).andThen(ar -> u.unlockWriter());
    }

    private Future<Void> step(Upload u, Path plain, byte[] spoolKey, byte[] key, TokenPolicy token) {
        long at = u.progress().durable();
        long size = u.params().size();
        if (at >= size) {
            return Future.succeededFuture();
        }
        int n = (int) Math.min(CHUNK, size - at);
        if (!service.quota().tryConsume(token, n)) {
            return Future.failedFuture(new HelperException(403, "quota-bytes-per-day", "this token's daily byte quota is used up"));
        }
        return service.spoolPool().executeBlocking(() -> {
            byte[] buf = new byte[n];
            try (var ch = java.nio.channels.FileChannel.open(plain)) {
                ByteBuffer bb = ByteBuffer.wrap(buf);
                while (bb.hasRemaining()) {
                    if (ch.read(bb, at + bb.position()) < 0) {
                        throw new java.io.EOFException("plaintext ended early");
                    }
                }
            }
            CtrCipher.at(spoolKey, at).apply(buf, 0, n); // the spool's own key off
            CtrCipher.at(key, at).apply(buf, 0, n); // the convergent key on
            u.spool().write(at, ByteBuffer.wrap(buf));
            return null;
        }).compose(v -> service.commit(u, at + n, token)).compose(v -> step(u, plain, spoolKey, key, token));
    }

    private Future<HelperResult> awaitEnd(Upload u) {
        HelperResult r = u.result();
        if (r != null) {
            return r.state().equals("failed")
                    ? Future.failedFuture(new HelperException(502, r.reason() == null ? "upload-failed" : r.reason(),
                            r.detail() == null ? "upload failed" : r.detail()))
                    : Future.succeededFuture(r);
        }
        return u.nextChange().compose(v -> awaitEnd(u));
    }

    private static String cap(byte[] key, HelperResult r, UploadParams p) {
        return new ChkCap(key, r.uebHash(), p.k(), p.n(), p.size()).uri();
    }

    static String siOf(byte[] key) {
        return Base32.encode(StorageIndex.of(key));
    }
}
