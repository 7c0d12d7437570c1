package org.lafs.helper.foolscap.pb;

/** The connection ended while a call was outstanding (foolscap's DeadReferenceError). */
public final class ConnectionLostException extends RuntimeException {
    public ConnectionLostException(String reason) {
        super(reason, null, false, false);
    }
}
