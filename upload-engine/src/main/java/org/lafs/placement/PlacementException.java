package org.lafs.placement;

/**
 * Servers of happiness cannot be met. The message says in plain words how many servers could be
 * used and why the others could not; it names no secrets. Fatal for this attempt: retrying
 * helps only after servers come back or free space.
 */
public final class PlacementException extends RuntimeException {
    private final int achieved;
    private final int required;
    private final ServerCounts counts;

    /**
     * How the candidate servers fared.
     *
     * @param known servers known (connected or configured) for this upload
     * @param considered the candidates in permuted order (Tahoe takes the first 2n)
     * @param full candidates that refused new shares (too little space, or allocated nothing)
     * @param unreachable candidates that failed a request (connection, TLS, 5xx, timeout)
     * @param usable servers that hold, accepted or could accept shares: reachable and writable,
     *     or read-only but already holding a share of this file
     */
    public record ServerCounts(int known, int considered, int full, int unreachable, int usable) {}

    public PlacementException(int achieved, int required, int neededShares, ServerCounts counts) {
        super(describe(achieved, required, neededShares, counts));
        this.achieved = achieved;
        this.required = required;
        this.counts = counts;
    }

    /** The happiness reached. */
    public int achieved() {
        return achieved;
    }

    /** The happiness asked for ({@code shares.happy}). */
    public int required() {
        return required;
    }

    public ServerCounts counts() {
        return counts;
    }

    static String describe(int achieved, int required, int k, ServerCounts c) {
        StringBuilder why = new StringBuilder();
        why.append(c.known()).append(c.known() == 1 ? " server known" : " servers known");
        if (c.considered() < c.known()) {
            why.append(" (the first ").append(c.considered()).append(" in permuted order were tried)");
        }
        why.append(", ").append(c.full()).append(" refused (full)");
        why.append(", ").append(c.unreachable()).append(" unreachable");
        if (c.known() == 0) {
            return "no storage servers are connected: " + required
                    + " servers are needed so that any " + k + " of them can recover the file";
        }
        if (c.usable() < required) {
            return "only " + c.usable() + " of the " + required + " servers needed are reachable and writable: " + why;
        }
        return "shares could be spread over only " + achieved + " of the " + required
                + " servers needed (so that any " + k + " of them can recover the file): " + c.usable()
                + " servers are usable, but shares already on read-only servers overlap; " + why;
    }
}
