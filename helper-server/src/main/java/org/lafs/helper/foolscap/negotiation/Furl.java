package org.lafs.helper.foolscap.negotiation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A FURL {@code pb://TUBID@HINT,HINT/SWISSNUM} (spec section 1.1). The swissnum is the
 * capability, so {@link #toString()} redacts it; {@link #uri()} is for the file an operator hands
 * out, never for logs.
 *
 * @param tubId the listener's TubID
 * @param hints connection hints, e.g. {@code tcp:helper.example.org:3458}
 * @param swissnum the secret name of the published object
 */
public record Furl(String tubId, List<String> hints, String swissnum) {
    /** foolscap furl.py: a swissnum is printable ASCII without {@code /}. */
    private static final Pattern SWISSNUM = Pattern.compile("[\\x21-\\x2e\\x30-\\x7e]+");
    /** A hint: {@code tcp:} then host and port, host a DNS name, IPv4, or bracketed IPv6. */
    private static final Pattern HINT = Pattern.compile("tcp:(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9._-]+):[0-9]{1,5}");

    public Furl {
        if (!TubId.isValid(tubId)) {
            throw new IllegalArgumentException("a TubID is 32 lowercase base32 characters");
        }
        hints = List.copyOf(hints);
        for (String h : hints) {
            if (!HINT.matcher(h).matches()) {
                throw new IllegalArgumentException("connection hint must look like tcp:HOST:PORT: " + h);
            }
        }
        if (swissnum == null || !SWISSNUM.matcher(swissnum).matches()) {
            throw new IllegalArgumentException("a swissnum is printable ASCII without '/'");
        }
    }

    /** The full FURL, secret included. */
    public String uri() {
        return "pb://" + tubId + "@" + String.join(",", hints) + "/" + swissnum;
    }

    /** Parses {@code pb://TUBID@HINTS/SWISSNUM}; legacy {@code host:port} hints become {@code tcp:host:port}. */
    public static Furl parse(String text) {
        if (!text.startsWith("pb://")) {
            throw new IllegalArgumentException("a FURL starts with pb://");
        }
        String rest = text.substring(5);
        int at = rest.indexOf('@');
        int slash = rest.indexOf('/', Math.max(at, 0));
        if (at < 0 || slash < 0) {
            throw new IllegalArgumentException("a FURL is pb://TUBID@HINTS/SWISSNUM");
        }
        List<String> hints = rest.substring(at + 1, slash).isEmpty() ? List.of()
                : List.of(rest.substring(at + 1, slash).split(",")).stream().map(h -> h.startsWith("tcp:") ? h : "tcp:" + h).toList();
        return new Furl(rest.substring(0, at), hints, rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return "pb://" + tubId + "@" + String.join(",", hints) + "/<redacted>";
    }
}
