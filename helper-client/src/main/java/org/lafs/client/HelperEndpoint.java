package org.lafs.client;

import java.net.URI;
import java.util.Objects;

/**
 * Where the upload helper is and how to trust and authenticate to it (docs/helper-protocol.md).
 *
 * @param url the API base, {@code https://host:port/helper/v1} (or {@code http://} on loopback
 *     for a helper with {@code tls.mode: off})
 * @param spkiSha256 the pin of the helper's certificate (SHA-256 of its SubjectPublicKeyInfo,
 *     unpadded base64url, 43 characters); null trusts the JDK's web PKI instead
 * @param token the bearer token; secret, never shown by {@link #toString()}
 */
public record HelperEndpoint(URI url, String spkiSha256, String token) {
    public HelperEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
            throw new IllegalArgumentException("helper URL must be https://host:port/helper/v1");
        }
        if (spkiSha256 != null && !spkiSha256.matches("[A-Za-z0-9_-]{43}")) {
            throw new IllegalArgumentException("helper SPKI pin must be 43 characters of unpadded base64url");
        }
        if (token.isEmpty() || token.length() > 4096 || !token.matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException("helper token must be 1..4096 printable ASCII characters without spaces");
        }
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.endsWith("/")) {
            url = URI.create(url.toString().substring(0, url.toString().length() - 1));
        }
    }

    /** Parses {@code url}; a bare {@code https://host:port} gets {@code /helper/v1} appended. */
    public static HelperEndpoint of(String url, String spkiSha256, String token) {
        URI u;
        try {
            u = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("malformed helper URL");
        }
        String path = u.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            u = u.resolve("/helper/v1");
        }
        return new HelperEndpoint(u, spkiSha256, token);
    }

    @Override
    public String toString() {
        return "HelperEndpoint[" + url + (spkiSha256 == null ? ", web PKI" : ", pinned") + ", token=<redacted>]";
    }
}
