package org.lafs.helper.foolscap.negotiation;

import java.nio.charset.StandardCharsets;

/**
 * The plaintext exchange before TLS (spec 2.2; foolscap negotiate.py
 * {@code handlePLAINTEXTServer}, {@code sendPlaintextServerAndStartENCRYPTED}): the client asks
 * {@code GET /id/<tubid> HTTP/1.1} with {@code Upgrade: TLS/1.0}; we answer 101 and start TLS, or
 * refuse with a 500 line and close. Pure.
 */
public final class UpgradeRequest {
    /** The exact answer foolscap sends; clients check for {@code 101} and {@code Upgrade: TLS/1.0}. */
    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.0, PB/1.0\r\nConnection: Upgrade\r\n\r\n";

    private UpgradeRequest() {}

    public static byte[] switchingProtocols() {
        return SWITCHING.getBytes(StandardCharsets.US_ASCII);
    }

    /** foolscap's refusal: {@code HTTP/1.1 500 Internal Server Error: <reason>}, then an empty line. */
    public static byte[] refusal(String reason) {
        String r = reason.replace('\r', ' ').replace('\n', ' ');
        return ("HTTP/1.1 500 Internal Server Error: " + r + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Checks a request block (without its final empty line) against our TubID.
     *
     * @return null when the client asked for us; otherwise the refusal reason
     */
    public static String check(String block, String ourTubId) {
        int eol = block.indexOf("\r\n");
        String first = eol < 0 ? block : block.substring(0, eol);
        String[] words = first.split(" ");
        if (!first.startsWith("GET ") || words.length != 3 || !words[1].startsWith("/id/")) {
            return "not right"; // foolscap's BananaError text for a request it cannot parse
        }
        String tubId = words[1].substring(4);
        if (tubId.isEmpty()) {
            return "secure Tubs require encryption";
        }
        if (!tubId.equals(ourTubId)) {
            return "unknown TubID " + (TubId.isValid(tubId) ? tubId : "(malformed)");
        }
        if (!block.contains("Upgrade: TLS/1.0")) {
            return "secure Tubs require encryption";
        }
        return null;
    }
}
