package org.lafs.helper.foolscap;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.lafs.format.Base32;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.pb.Broker;
import org.lafs.helper.foolscap.pb.CallRefused;
import org.lafs.helper.foolscap.pb.RemoteRef;
import org.lafs.helper.upload.HelperResult;
import org.lafs.helper.upload.UploadParams;
import org.lafs.log.Log;

/**
 * The readers ({@code RIEncryptedUploadable}, spec 6.2) that clients handed one
 * {@link UploadJob} with their {@code upload(reader)} calls, in arrival order, and the answer owed
 * to each call. The first reader whose connection is up is the one asked for ciphertext; its
 * answers are checked here ({@link ReaderAnswers}) before the job sees them. The list is confined
 * to the job's context; the calls' futures complete on the reader's connection loop.
 */
final class ReaderSources {
    /** One {@code upload(reader)} call: the reader, the connection it came on and the answer owed to it. */
    static final class Source {
        final RemoteRef reader;
        final Broker broker;
        private final Promise<Value> answer = Promise.promise();

        Source(RemoteRef reader, Broker broker) {
            this.reader = reader;
            this.broker = broker;
        }

        Future<Value> answer() {
            return answer.future();
        }

        /**
         * Asks {@code get_size}, then {@code get_all_encoding_parameters}: the upload the client
         * declares. Fails with the call's failure, or a violation for answers that make no upload.
         */
        Future<UploadParams> declaredParams(byte[] si) {
            return reader.call("get_size").compose(size -> reader.call("get_all_encoding_parameters").compose(p -> {
                try {
                    return Future.succeededFuture(ReaderAnswers.params(si, size, p));
                } catch (IllegalArgumentException e) {
                    return Future.failedFuture(new CallRefused(CallRefused.VIOLATION, e.getMessage()));
                }
            }));
        }

        /** {@code read_encrypted(at, len)}: exactly {@code len} bytes, or a failure (a violation for any other answer). */
        Future<byte[]> readEncrypted(long at, int len) {
            return reader.call("read_encrypted", Value.Int.of(at), Value.Int.of(len)).compose(v -> {
                byte[] data = ReaderAnswers.pieces(v, len);
                return data != null ? Future.succeededFuture(data) : Future.failedFuture(new CallRefused(CallRefused.VIOLATION,
                        "read_encrypted(" + at + ", " + len + ") must answer a list of byte strings holding exactly " + len + " bytes"));
            });
        }

        /** Tahoe's helper closes the reader when it has all ciphertext; the answer does not matter. */
        void close() {
            reader.call("close");
        }

        /** Answers the call with {@code cause} and lets go of the reader. */
        void fail(Throwable cause) {
            answer.tryFail(cause);
            reader.release();
        }

        /** Answers the call and lets go of the reader (the stock helper drops, decrefs, its readers when done). */
        void complete(Value value) {
            answer.tryComplete(value);
            reader.release();
        }
    }

    private final List<Source> sources = new ArrayList<>();

    void add(Source s) {
        sources.add(s);
    }

    /** False when {@code s} was already gone (its failure was handled). */
    boolean remove(Source s) {
        return sources.remove(s);
    }

    int size() {
        return sources.size();
    }

    boolean isEmpty() {
        return sources.isEmpty();
    }

    /** The first source whose reader's connection is still up, or null. */
    Source live() {
        for (Source s : sources) {
            if (!s.reader.isLost()) {
                return s;
            }
        }
        return null;
    }

    /** The sources that came on {@code broker} (a copy: the caller may remove them). */
    List<Source> on(Broker broker) {
        List<Source> out = new ArrayList<>();
        for (Source s : sources) {
            if (s.broker == broker) {
                out.add(s);
            }
        }
        return out;
    }

    /** Answers every call with {@code outcome}'s value, or with its failure. */
    void answerAll(Future<Value> outcome) {
        for (Source s : sources) {
            if (outcome.succeeded()) {
                s.complete(outcome.result());
            } else {
                s.fail(outcome.cause());
            }
        }
    }

    /**
     * What the calls are answered for the upload's result: Tahoe's {@code HelperUploadResults}
     * when the file is done or was in the grid already, otherwise a refusal naming why.
     *
     * @param fetchSeconds seconds spent pulling ciphertext in this session (reported for done only)
     */
    static Future<Value> answerFor(HelperResult r, byte[] si, double fetchSeconds) {
        if (!r.state().equals("done") && !r.state().equals("in-grid")) {
            return Future.failedFuture(new CallRefused(CallRefused.HELPER,
                    "upload failed: " + (r.reason() == null ? r.state() : r.reason())));
        }
        try {
            return Future.succeededFuture(UploadResultsValue.of(r, si, r.state().equals("done") ? fetchSeconds : null));
        } catch (RuntimeException e) {
            Log.warn("foolscap-result-unusable", "si", Base32.encode(si), "error", String.valueOf(e.getMessage()));
            return Future.failedFuture(new CallRefused(CallRefused.HELPER, "the helper's result for this file is inconsistent"));
        }
    }

    void clear() {
        sources.clear();
    }
}
