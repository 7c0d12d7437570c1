package org.lafs.storage.http;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lafs.gbs.GbsProtocol;
import org.lafs.gbs.SecretKind;

/**
 * Pure parsers for the request headers a GBS server checks, following Tahoe's server
 * ({@code http_server.py}) and the Werkzeug helpers it calls. Thread-safe.
 */
public final class HeaderRules {
    private HeaderRules() {}

    /** A header that is missing or wrong; {@link #status()} is the answer. */
    public static final class Rejection extends Exception {
        private final int status;

        public Rejection(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * Parses the {@code X-Tahoe-Authorization} values (spec section 2, Tahoe's
     * {@code _extract_secrets}): each {@code <kind> <base64>}; the kinds must be exactly
     * {@code required}. Unknown or duplicate kinds, bad base64, empty values and lease secrets
     * that are not 32 bytes give 400. (Tahoe lets a duplicate kind overwrite the first; we refuse.)
     */
    public static Map<SecretKind, byte[]> secrets(List<String> values, Set<SecretKind> required) throws Rejection {
        Map<SecretKind, byte[]> out = new EnumMap<>(SecretKind.class);
        for (String raw : values) {
            String v = raw.strip();
            int sp = v.indexOf(' ');
            if (sp < 0) {
                throw new Rejection(400, "Bad header value(s) in X-Tahoe-Authorization");
            }
            SecretKind kind = SecretKind.fromWire(v.substring(0, sp));
            if (kind == null) {
                throw new Rejection(400, "Bad header value(s) in X-Tahoe-Authorization: unknown secret kind");
            }
            byte[] secret;
            String text = v.substring(sp + 1);
            try {
                if (text.length() % 4 != 0) {
                    // Java tolerates missing padding; Python's b64decode (Tahoe) does not.
                    throw new IllegalArgumentException("incorrect padding");
                }
                secret = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new Rejection(400, "Bad header value(s) in X-Tahoe-Authorization: bad base64 for " + kind.wireName());
            }
            if (secret.length == 0) {
                throw new Rejection(400, "Failed to decode secret " + kind.wireName());
            }
            if ((kind == SecretKind.LEASE_RENEW || kind == SecretKind.LEASE_CANCEL)
                    && secret.length != GbsProtocol.LEASE_SECRET_BYTES) {
                throw new Rejection(400, "Lease secrets must be 32 bytes long");
            }
            if (out.put(kind, secret) != null) {
                throw new Rejection(400, "Duplicate " + kind.wireName() + " in X-Tahoe-Authorization headers");
            }
        }
        if (!out.keySet().equals(required)) {
            List<String> names = new ArrayList<>();
            required.forEach(k -> names.add(k.wireName()));
            throw new Rejection(400, "Expected " + names + " in X-Tahoe-Authorization headers");
        }
        return out;
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("(\\S+)\\s+([0-9]{1,18})-([0-9]{1,18})/(\\*|[0-9]{1,18})");

    /**
     * Parses {@code Content-Range: bytes <first>-<last>/<total or *>} for PATCH (spec 3.3; Werkzeug's
     * {@code parse_content_range_header}): returns {@code {first, lastExclusive}}. Missing,
     * malformed, non-{@code bytes} units, {@code last < first}, or {@code first >= total} give 416.
     */
    public static long[] contentRange(String value) throws Rejection {
        if (value == null) {
            throw new Rejection(416, "Content-Range is required");
        }
        Matcher m = CONTENT_RANGE.matcher(value.strip());
        if (!m.matches() || !m.group(1).equals("bytes")) {
            throw new Rejection(416, "malformed Content-Range");
        }
        long first = Long.parseLong(m.group(2));
        long stop = Long.parseLong(m.group(3)) + 1;
        if (first >= stop) {
            throw new Rejection(416, "Content-Range end before start");
        }
        if (!m.group(4).equals("*") && first >= Long.parseLong(m.group(4))) {
            throw new Rejection(416, "Content-Range start beyond total length");
        }
        return new long[] {first, stop};
    }

    private static final Pattern RANGE_ITEM = Pattern.compile("([0-9]{1,18})-([0-9]{1,18})");

    /**
     * Parses a read's {@code Range} header (spec 3.6, Tahoe's {@code read_range}): only one
     * closed range {@code bytes=<first>-<last>} is allowed; returns {@code {first, lastExclusive}}.
     * Multiple, open-ended, suffix or non-bytes ranges, or {@code last < first}, give 416.
     */
    public static long[] range(String value) throws Rejection {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new Rejection(416, "malformed Range");
        }
        String units = value.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
        String spec = value.substring(eq + 1).strip();
        if (!units.equals("bytes") || spec.contains(",")) {
            throw new Rejection(416, "only a single bytes range is supported");
        }
        int dash = spec.indexOf('-');
        Matcher m = RANGE_ITEM.matcher(dash < 0 ? spec
                : spec.substring(0, dash).strip() + "-" + spec.substring(dash + 1).strip());
        if (!m.matches()) {
            throw new Rejection(416, "only a closed range bytes=<first>-<last> is supported");
        }
        long first = Long.parseLong(m.group(1));
        long stop = Long.parseLong(m.group(2)) + 1;
        if (first >= stop) {
            throw new Rejection(416, "Range end before start");
        }
        return new long[] {first, stop};
    }

    /**
     * Content-Type rule for CBOR request bodies (spec section 2, Tahoe's {@code read_encoded}):
     * missing or empty means CBOR; the media type (before any {@code ;}) must be exactly
     * {@code application/cbor}, else 415.
     */
    public static void requireCborContentType(String value) throws Rejection {
        if (value == null) {
            return;
        }
        int semi = value.indexOf(';');
        String type = (semi < 0 ? value : value.substring(0, semi)).strip();
        if (!type.isEmpty() && !type.equals(GbsProtocol.CBOR)) {
            throw new Rejection(415, "request bodies must be application/cbor");
        }
    }

    /**
     * Accept rule for CBOR responses (spec section 2): absent means CBOR; otherwise the best
     * match as Werkzeug's {@code MIMEAccept.best} picks it (most specific first, then highest
     * quality, then header order; q=0 entries ignored) must be {@code application/cbor}, else 406.
     */
    public static void requireCborAccept(String value) throws Rejection {
        if (value == null) {
            return;
        }
        String best = null;
        int bestSpecificity = -1;
        double bestQ = -1;
        for (String item : value.split(",")) {
            String[] parts = item.split(";");
            String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (type.isEmpty()) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Math.max(0, Math.min(1, Double.parseDouble(p.substring(2))));
                    } catch (NumberFormatException e) {
                        q = 1;
                    }
                }
            }
            if (q <= 0) {
                continue;
            }
            int specificity = 0;
            for (String piece : type.split("[/+]")) {
                specificity = specificity * 2 + (piece.equals("*") ? 0 : 1);
            }
            if (specificity > bestSpecificity || (specificity == bestSpecificity && q > bestQ)) {
                best = type;
                bestSpecificity = specificity;
                bestQ = q;
            }
        }
        if (!GbsProtocol.CBOR.equals(best)) {
            throw new Rejection(406, "responses are application/cbor");
        }
    }
}
