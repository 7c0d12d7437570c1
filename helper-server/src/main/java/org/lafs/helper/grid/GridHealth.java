package org.lafs.helper.grid;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lafs.grid.ServerInfo;

/**
 * Whether each storage server answers, for the status page and the
 * {@code helper_grid_server_up} gauge: every {@link #INTERVAL_MS} one
 * {@code GET /storage/v1/version} per server (the GBS client's connect and response timeouts
 * bound it), remembering the outcome, its latency and the last success.
 *
 * <p>Threading: checks run on the event loop; {@link #snapshot()} is safe from any thread.
 */
public final class GridHealth implements AutoCloseable {
    /**
     * Check period: a server's state is at most this old, at the cost of one small request per
     * server per period (10 servers: one request every 3 s on average).
     */
    public static final long INTERVAL_MS = 30_000;

    /** One server's last check. {@code up} is null before the first answer. */
    public record State(String nickname, Boolean up, long checkedMillis, long lastOkMillis, long latencyMillis, String error) {}

    private final Vertx vertx;
    private final GridConnection grid;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private long timer = -1;

    public GridHealth(Vertx vertx, GridConnection grid) {
        this.vertx = vertx;
        this.grid = grid;
        for (ServerInfo s : grid.servers()) {
            states.put(s.serverId(), new State(s.nickname(), null, 0, 0, 0, null));
        }
    }

    /**
     * Checks now and then every {@link #INTERVAL_MS}. At start it also opens a connection to every
     * server on every event loop (one {@code version} call per lane): a pipeline writes to its
     * servers through several loops (GbsClient lanes), and without this the first uploads would
     * pay those TLS handshakes, as a Tahoe node's first upload does not.
     */
    public GridHealth start() {
        for (ServerInfo s : grid.servers()) {
            org.lafs.gbs.GbsClient c = grid.client(s.serverId());
            for (int lane = 0; lane < c.lanes(); lane++) {
                c.lane(lane).version();
            }
        }
        vertx.runOnContext(v -> checkAll());
        timer = vertx.setPeriodic(INTERVAL_MS, id -> checkAll());
        return this;
    }

    private void checkAll() {
        for (ServerInfo s : grid.servers()) {
            long t0 = System.nanoTime();
            grid.client(s.serverId()).version().onComplete(ar -> {
                long now = System.currentTimeMillis();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                State old = states.get(s.serverId());
                long lastOk = ar.succeeded() ? now : old == null ? 0 : old.lastOkMillis();
                String err = ar.succeeded() ? null : String.valueOf(ar.cause().getMessage());
                states.put(s.serverId(), new State(s.nickname(), ar.succeeded(), now, lastOk, ms, err));
            });
        }
    }

    /** Up servers now (for the gauge). */
    public int upCount() {
        return (int) states.values().stream().filter(s -> Boolean.TRUE.equals(s.up())).count();
    }

    public int serverCount() {
        return states.size();
    }

    /** The servers in grid order with their last check. */
    public JsonArray snapshot() {
        JsonArray out = new JsonArray();
        for (ServerInfo s : grid.servers()) {
            State st = states.get(s.serverId());
            JsonObject o = new JsonObject().put("server-id", s.serverId()).put("nickname", st.nickname())
                    .put("state", st.up() == null ? "unknown" : st.up() ? "up" : "down")
                    .put("checked-at", st.checkedMillis()).put("last-ok", st.lastOkMillis()).put("latency-ms", st.latencyMillis());
            if (st.error() != null) {
                o.put("error", st.error());
            }
            out.add(o);
        }
        return out;
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
