package org.lafs.helper.auth;

import java.util.List;
import java.util.Optional;
import org.lafs.helper.config.TokenPolicy;

/**
 * The configured client tokens. Lookup compares the presented bearer string with every token in
 * constant time, so timing reveals neither which token matched nor how much of one did.
 *
 * <p>Threading: immutable, thread-safe.
 */
public final class TokenRegistry {
    /** Longest Authorization header value considered (a token is far shorter). */
    public static final int MAX_HEADER = 512;

    private final List<TokenPolicy> tokens;

    public TokenRegistry(List<TokenPolicy> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** The policy for an {@code Authorization: Bearer <token>} header value, if it names one. */
    public Optional<TokenPolicy> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() > MAX_HEADER
                || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String presented = authorizationHeader.substring(7).trim();
        TokenPolicy found = null;
        for (TokenPolicy t : tokens) {
            if (t.matches(presented)) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * An operator token from {@code Authorization: Bearer <token>} or {@code Basic} (any user
     * name, the token as password: what a browser asks for on the status page), if it names one
     * whose policy has {@code operator: true}.
     */
    public Optional<TokenPolicy> operator(String authorizationHeader) {
        if (authorizationHeader != null && authorizationHeader.length() <= MAX_HEADER
                && authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            String userPass;
            try {
                userPass = new String(java.util.Base64.getDecoder().decode(authorizationHeader.substring(6).trim()),
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = userPass.indexOf(':');
            authorizationHeader = "Bearer " + (colon < 0 ? userPass : userPass.substring(colon + 1));
        }
        return authenticate(authorizationHeader).filter(TokenPolicy::operator);
    }

    public List<TokenPolicy> all() {
        return tokens;
    }
}
