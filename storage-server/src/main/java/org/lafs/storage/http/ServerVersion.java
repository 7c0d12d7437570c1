package org.lafs.storage.http;

import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import org.lafs.gbs.GbsCbor;
import org.lafs.gbs.VersionInfo;
import org.lafs.storage.http.HeaderRules.Rejection;

/** {@code GET /storage/v1/version}: the node's limits and free space. */
final class ServerVersion {
    /** Tahoe's {@code MAX_MUTABLE_SHARE_SIZE} (69105 TB), reported in the version document. */
    static final long MAX_MUTABLE_SHARE_SIZE = 69105L * 1000 * 1000 * 1000 * 1000;

    static final byte[] APPLICATION_VERSION = "lafs-java-storage/0.1.0".getBytes(StandardCharsets.US_ASCII);

    private final RouteContext ctx;

    ServerVersion(RouteContext ctx) {
        this.ctx = ctx;
    }

    void version(Exchange ex) throws Rejection {
        HeaderRules.requireCborAccept(ex.req.getHeader(HttpHeaders.ACCEPT));
        ctx.onLane(ctx.store()::availableSpace).onComplete(ar -> {
            if (ar.failed()) {
                ex.internalError(ar.cause());
                return;
            }
            long avail = ar.result();
            ex.cbor(200, GbsCbor.encodeVersion(new VersionInfo(avail, MAX_MUTABLE_SHARE_SIZE, avail, APPLICATION_VERSION)));
        });
    }
}
