package org.lafs.client.node;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.lafs.chk.cap.Capability;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.cap.LitCap;
import org.lafs.client.LafsClient;
import org.lafs.client.LafsException;
import org.lafs.client.ProgressListener;
import org.lafs.format.Base32;


/**
 * The local node's reads: {@code GET /uri/$CAP} with {@code Range} (206/416), HEAD, and
 * {@code ?t=json} as Tahoe answers. Downloads stream segment by segment with back-pressure, every
 * byte verified; a failure after the first byte resets the connection, so a truncated body never
 * looks complete.
 */
final class NodeDownloads {
    private final Vertx vertx;
    private final LafsClient client;

    NodeDownloads(Vertx vertx, LafsClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    void get(RoutingContext ctx) {
        HttpServerResponse resp = ctx.response();
        Capability cap;
        try {
            cap = LafsClient.parseCap(ctx.pathParam("cap"));
        } catch (LafsException e) {
            NodeResponses.text(resp, 400, "Bad Request: " + e.getMessage());
            return;
        }
        String t = ctx.request().getParam("t");
        if ("json".equals(t)) {
            json(resp, cap);
            return;
        }
        if (t != null && !t.isEmpty()) {
            NodeResponses.text(resp, 400, "Bad Request: unsupported t=" + NodeResponses.oneLine(t));
            return;
        }
        long size = LafsClient.size(cap);
        RangeHeader range;
        try {
            range = RangeHeader.parse(ctx.request().getHeader("Range"), size);
        } catch (RangeHeader.Unsatisfiable e) {
            resp.putHeader("Content-Range", "bytes */" + size);
            NodeResponses.text(resp, 416, "Requested Range Not Satisfiable");
            return;
        }
        long first = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        resp.putHeader("Content-Type", "application/octet-stream");
        resp.putHeader("Accept-Ranges", "bytes");
        resp.putHeader("Content-Length", Long.toString(length));
        resp.putHeader("ETag", "\"" + etag(cap) + "\"");
        if (range != null) {
            resp.setStatusCode(206);
            resp.putHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        }
        if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD || length == 0) {
            if (length == 0 && cap instanceof ChkCap) {
                // still check that the file exists (Tahoe answers 410 for an unknown cap)
                download(ctx, cap, 0, 0);
                return;
            }
            resp.end();
            return;
        }
        download(ctx, cap, first, length);
    }

    private void download(RoutingContext ctx, Capability cap, long first, long length) {
        HttpServerResponse resp = ctx.response();
        ResponseOutputStream out = new ResponseOutputStream(resp);
        vertx.executeBlocking(() -> {
            client.download(cap, first, length, out, ProgressListener.NONE);
            out.drain();
            return null;
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                resp.end();
            } else if (!resp.headWritten()) {
                NodeResponses.fail(resp, ar.cause());
            } else {
                resp.reset(); // never let a truncated body look complete
            }
        });
    }

    private void json(HttpServerResponse resp, Capability cap) {
        JsonObject info = new JsonObject().put("mutable", false).put("ro_uri", cap.uri()).put("size", LafsClient.size(cap));
        if (cap instanceof ChkCap c) {
            info.put("verify_uri", c.verifier().uri()).put("format", "CHK");
        } else if (cap instanceof LitCap) {
            info.put("format", "LIT");
        } else {
            info.put("verify_uri", cap.uri()).put("format", "CHK");
            info.remove("ro_uri");
        }
        resp.putHeader("Content-Type", "application/json");
        resp.setStatusCode(200).end(new JsonArray().add("filenode").add(info).encode() + "\n");
    }

    /** A stable ETag: the storage index for CHK caps (the same file, whoever asks). */
    private static String etag(Capability cap) {
        if (cap instanceof ChkCap c) {
            return Base32.encode(c.storageIndex());
        }
        return Integer.toHexString(cap.hashCode());
    }
}
