package org.lafs.helper.foolscap.pb;

/** A call we made was answered with an error (the peer's {@link RemoteFailure}). */
public final class RemoteCallException extends RuntimeException {
    private final RemoteFailure failure;

    public RemoteCallException(RemoteFailure failure) {
        super(failure.toString(), null, false, false);
        this.failure = failure;
    }

    public RemoteFailure failure() {
        return failure;
    }
}
