package org.lafs.client.node;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.Locale;

/**
 * What the local node checks before it looks at a request, so that a web page the user happens
 * to visit cannot use the node (it has no authentication; docs/security.md):
 * <ul>
 *   <li><b>Host</b>: on a loopback listener only loopback names are accepted, so a DNS-rebinding
 *       page (evil.example resolving to 127.0.0.1) cannot reach it under its own name;</li>
 *   <li><b>cross-origin writes</b>: a request that can change state (anything but GET, HEAD,
 *       OPTIONS) is refused when the browser says it comes from another origin
 *       ({@code Origin}, {@code Sec-Fetch-Site}, or failing those {@code Referer}): a form on
 *       another site can make a browser POST here, but it always carries one of them. Command-line
 *       clients send none and are not affected.</li>
 * </ul>
 * Pure functions of the request headers.
 */
final class RequestGuard {
    private RequestGuard() {}

    /** Why the request must be refused (403), or null when it may proceed. */
    static String refusal(HttpServerRequest req, boolean loopbackListener) {
        String host = req.getHeader("Host");
        if (loopbackListener && (host == null || !isLoopbackHost(host))) {
            return "this node answers only to loopback names (Host: localhost, 127.0.0.1 or [::1])";
        }
        HttpMethod m = req.method();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
            return null;
        }
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return "cross-site requests may not change anything here (Sec-Fetch-Site: " + site + ")";
        }
        String origin = req.getHeader("Origin");
        if (origin != null) {
            return sameOrigin(origin, host) ? null : "cross-origin requests may not change anything here";
        }
        String referer = req.getHeader("Referer");
        if (referer != null && !sameOrigin(referer, host)) {
            return "cross-origin requests may not change anything here (Referer)";
        }
        return null;
    }

    /** {@code url}'s scheme is http and its authority is exactly {@code host} (the node's own origin). */
    static boolean sameOrigin(String url, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI u = new URI(url.strip());
            return "http".equalsIgnoreCase(u.getScheme()) && u.getRawAuthority() != null
                    && u.getRawAuthority().equalsIgnoreCase(host.strip());
        } catch (java.net.URISyntaxException e) {
            return false; // includes "null", the origin of sandboxed and file: pages
        }
    }

    /** localhost, 127.0.0.0/8 or [::1], with an optional port. */
    static boolean isLoopbackHost(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0 || !validPort(h.substring(end + 1))) {
                return false;
            }
            name = h.substring(1, end);
            return name.equals("::1");
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) {
            if (!validPort(h.substring(colon))) {
                return false;
            }
            name = h.substring(0, colon);
        } else {
            name = h;
        }
        return name.equals("localhost") || name.matches("127(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    }

    private static boolean validPort(String suffix) {
        return suffix.isEmpty() || suffix.matches(":[0-9]{1,5}");
    }

    /** Whether {@code host} (a listen address) is a loopback address. */
    static boolean isLoopbackAddress(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
