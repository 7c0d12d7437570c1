package org.lafs.storage.http;

import io.vertx.core.http.HttpMethod;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lafs.format.Base32;

/**
 * Route table of the immutable GBS endpoints (spec section 3), matched the way Tahoe's Werkzeug
 * routes match: storage indexes are exactly 26 lower-case base32 characters that decode
 * canonically, share numbers are decimal digits. A path that matches no route is 404; a route
 * matched with the wrong method is 405. Pure functions.
 */
record Route(Kind kind, String si, int shnum, int errorStatus) {
    enum Kind { VERSION, ALLOCATE, WRITE, READ, ABORT, LIST, LEASE, CORRUPT, ERROR }

    /** Share numbers above this in a URL can never exist; they are looked up as "no such share". */
    static final int NO_SUCH_SHARE = -1;

    private static final String SI = "([a-z2-7]{26})";
    private static final String SH = "([0-9]+)";
    private static final Pattern IMMUTABLE = Pattern.compile("/storage/v1/immutable/" + SI);
    private static final Pattern SHARES = Pattern.compile("/storage/v1/immutable/" + SI + "/shares");
    private static final Pattern SHARE = Pattern.compile("/storage/v1/immutable/" + SI + "/" + SH);
    private static final Pattern ABORT = Pattern.compile("/storage/v1/immutable/" + SI + "/" + SH + "/abort");
    private static final Pattern CORRUPT = Pattern.compile("/storage/v1/immutable/" + SI + "/" + SH + "/corrupt");
    private static final Pattern LEASE = Pattern.compile("/storage/v1/lease/" + SI);

    static Route match(HttpMethod method, String path) {
        if (path == null || path.length() > 200) {
            return error(404);
        }
        if (path.equals("/storage/v1/version")) {
            return check(method, Set.of(HttpMethod.GET), new Route(Kind.VERSION, null, 0, 0));
        }
        Matcher m;
        if ((m = SHARES.matcher(path)).matches()) {
            return si(m) ? check(method, Set.of(HttpMethod.GET), new Route(Kind.LIST, m.group(1), 0, 0)) : error(404);
        }
        if ((m = IMMUTABLE.matcher(path)).matches()) {
            return si(m) ? check(method, Set.of(HttpMethod.POST), new Route(Kind.ALLOCATE, m.group(1), 0, 0)) : error(404);
        }
        if ((m = SHARE.matcher(path)).matches()) {
            if (!si(m)) {
                return error(404);
            }
            int sh = shnum(m.group(2));
            if (method.equals(HttpMethod.PATCH)) {
                return new Route(Kind.WRITE, m.group(1), sh, 0);
            }
            if (method.equals(HttpMethod.GET)) {
                return new Route(Kind.READ, m.group(1), sh, 0);
            }
            return error(405);
        }
        if ((m = ABORT.matcher(path)).matches()) {
            return si(m) ? check(method, Set.of(HttpMethod.PUT), new Route(Kind.ABORT, m.group(1), shnum(m.group(2)), 0)) : error(404);
        }
        if ((m = CORRUPT.matcher(path)).matches()) {
            return si(m) ? check(method, Set.of(HttpMethod.POST), new Route(Kind.CORRUPT, m.group(1), shnum(m.group(2)), 0)) : error(404);
        }
        if ((m = LEASE.matcher(path)).matches()) {
            return si(m) ? check(method, Set.of(HttpMethod.PUT), new Route(Kind.LEASE, m.group(1), 0, 0)) : error(404);
        }
        return error(404);
    }

    private static Route check(HttpMethod method, Set<HttpMethod> allowed, Route r) {
        return allowed.contains(method) ? r : error(405);
    }

    private static Route error(int status) {
        return new Route(Kind.ERROR, null, 0, status);
    }

    /** Tahoe's converter rejects storage indexes that are not canonical base32 (route does not match). */
    private static boolean si(Matcher m) {
        try {
            Base32.decode(m.group(1));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int shnum(String digits) {
        String d = digits.replaceFirst("^0+(?=.)", "");
        if (d.length() > 3) {
            return NO_SUCH_SHARE;
        }
        int v = Integer.parseInt(d);
        return v > org.lafs.gbs.GbsProtocol.MAX_SHARE_NUMBER ? NO_SUCH_SHARE : v;
    }
}
