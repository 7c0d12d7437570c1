package org.lafs.gbs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * A storage server's answer to one {@link GbsClient} request, whole: its status and body. Turns
 * answers and transport failures into results or {@link GbsException}s.
 */
record GbsReply(int status, Buffer body) {

    /** Decodes a response body (may throw {@link CborFormatException}). */
    interface Decoder<T> {
        T decode();
    }

    /**
     * Reads a response body, failing when it exceeds {@code limit} bytes. Must be called in the
     * event-loop turn that delivered the response (see {@link ConnectionLanes#onLane}).
     */
    static Future<GbsReply> collect(HttpClientResponse resp, long limit) {
        Promise<GbsReply> p = Promise.promise();
        Buffer acc = Buffer.buffer();
        resp.handler(b -> {
            if (acc.length() + b.length() > limit) {
                if (p.tryFail(new GbsException(resp.statusCode(), "response body larger than " + limit + " bytes", false, null))) {
                    resp.request().reset();
                }
                return;
            }
            acc.appendBuffer(b);
        });
        resp.exceptionHandler(t -> p.tryFail(t));
        resp.endHandler(v -> p.tryComplete(new GbsReply(resp.statusCode(), acc)));
        return p.future();
    }

    /** A request's failure as a {@link GbsException} (TLS and transport failures named as such). */
    static Throwable translate(Throwable t) {
        if (t instanceof GbsException) {
            return t;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLHandshakeException || c instanceof CertificateException) {
                return new GbsException(0, "TLS handshake failed (SPKI pin mismatch or TLS error)", false, t);
            }
        }
        if (t instanceof SSLException) {
            return new GbsException(0, "TLS failure", false, t);
        }
        String what = t.getClass().getSimpleName();
        return GbsException.transport("request failed: " + what, t);
    }

    /** The decoded body when the status is {@code expected}; else the server's failure. */
    <T> T expect(int expected, Decoder<T> decoder) {
        if (status != expected) {
            throw failure();
        }
        return decode(decoder);
    }

    /** The decoded body; a malformed one fails as a {@link GbsException}. */
    <T> T decode(Decoder<T> decoder) {
        try {
            return decoder.decode();
        } catch (CborFormatException e) {
            throw new GbsException(status, "malformed response: " + e.getMessage(), false, null);
        }
    }

    /** The failure this answer stands for: its status and the start of its body, printable characters only. */
    GbsException failure() {
        String text = body.length() == 0 ? "" : body.getString(0, Math.min(body.length(), 200));
        text = text.replaceAll("[^\\x20-\\x7e]", "?");
        return GbsException.forStatus(status, text.isEmpty() ? "unexpected status" : text);
    }
}
