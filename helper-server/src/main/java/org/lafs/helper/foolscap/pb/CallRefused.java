package org.lafs.helper.foolscap.pb;

import org.lafs.helper.foolscap.banana.AsciiText;

/**
 * An inbound call is refused with a {@link RemoteFailure} of the given Python-style exception
 * type; the message reaches the caller (and a stock Tahoe client's error output), so it must be
 * clear and must never carry a secret.
 */
public final class CallRefused extends RuntimeException {
    /** foolscap's schema-violation exception, for malformed arguments and unknown methods. */
    public static final String VIOLATION = "foolscap.tokens.Violation";
    /** What foolscap answers for an unknown name or object. */
    public static final String KEY_ERROR = "builtins.KeyError";
    /** The helper declines the request (limits, conflicts, failed uploads). */
    public static final String HELPER = "lafs.helper.UploadRefused";

    private final String type;

    public CallRefused(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public static CallRefused violation(String message) {
        return new CallRefused(VIOLATION, message);
    }

    /** The refusal for a method {@code iface} does not define; the name is the caller's, so it is made printable. */
    public static CallRefused noSuchMethod(String method, String iface) {
        return violation("method '" + AsciiText.printable(method, 60) + "' not defined in " + iface);
    }

    public String type() {
        return type;
    }

    public RemoteFailure failure() {
        return RemoteFailure.of(type, getMessage());
    }
}
