package org.lafs.gbs;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP storage NURL, {@code pb://<spki-hash>@<host>:<port>/<swissnum>#v=1} or the
 * {@code pb+tor://} form (spec section 1.1). Parsing is strict: the fragment must be exactly
 * {@code v=1}, the SPKI hash 43 base64url characters, one path segment, no query.
 *
 * <p>The swissnum is a secret: {@link #toString()} redacts it; {@link #format()} gives the full
 * text for configuration files.
 */
public record Nurl(String spkiHash, String host, int port, String swissnum, boolean tor) {
    private static final Pattern NURL = Pattern.compile(
            "(pb|pb\\+tor)://([A-Za-z0-9_-]{43})@(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})/([A-Za-z0-9._~-]{1,256})#v=1");
    private static final Pattern HASH = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern HOST = Pattern.compile("\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253}");
    private static final Pattern SWISSNUM = Pattern.compile("[A-Za-z0-9._~-]{1,256}");

    public Nurl {
        Objects.requireNonNull(spkiHash, "spkiHash");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(swissnum, "swissnum");
        if (!HASH.matcher(spkiHash).matches()) {
            throw new IllegalArgumentException("SPKI hash must be 43 base64url characters");
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid NURL host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("NURL port must be 1..65535, got " + port);
        }
        if (!SWISSNUM.matcher(swissnum).matches()) {
            throw new IllegalArgumentException("swissnum must be 1..256 URL-safe characters");
        }
    }

    /** Parses a NURL strictly. The message never contains the swissnum. */
    public static Nurl parse(String text) {
        if (text == null || text.length() > 1024) {
            throw new IllegalArgumentException("NURL missing or too long");
        }
        String t = text.strip();
        if (!t.contains("#")) {
            throw new IllegalArgumentException("not an HTTP NURL: the fragment #v=1 is missing");
        }
        Matcher m = NURL.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed NURL (expected pb://<43-char spki hash>@<host>:<port>/<swissnum>#v=1)");
        }
        return new Nurl(m.group(2), m.group(3), Integer.parseInt(m.group(4)), m.group(5), m.group(1).equals("pb+tor"));
    }

    /** The full NURL text, swissnum included. */
    public String format() {
        return (tor ? "pb+tor://" : "pb://") + spkiHash + "@" + host + ":" + port + "/" + swissnum + "#v=1";
    }

    /** Host for connecting: IPv6 literals without brackets. */
    public String connectHost() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The {@code Authorization} header value: {@code Tahoe-LAFS <base64(swissnum)>} (spec section 2). */
    public String authorizationHeader() {
        return GbsProtocol.AUTH_SCHEME + " " + java.util.Base64.getEncoder()
                .encodeToString(swissnum.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return (tor ? "pb+tor://" : "pb://") + spkiHash + "@" + host + ":" + port + "/[redacted]#v=1";
    }
}
