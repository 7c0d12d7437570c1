package org.lafs.upload;

import java.util.HashMap;
import java.util.Map;
import org.lafs.net.EventLoops;

/**
 * Which event loop carries each server's connections for one upload: the next one after those
 * of the servers before it, starting from the pipeline's loop. One upload's TLS and HTTP work
 * so spreads over the loops (docs/helper-design.md, Threads); its state stays on the pipeline's
 * context ({@link ContextHop} brings the answers back). Confined to the pipeline's context.
 */
final class ServerLanes {
    /**
     * Whether one upload's server connections spread over the event loops (true) or all stay on
     * the pipeline's loop ({@code -Dlafs.push.spread=false}, for measurements).
     */
    private static final boolean SPREAD = !"false".equals(System.getProperty("lafs.push.spread"));
    /** The pipeline's event loop (0 when it is not one). */
    private final int homeLane;
    /** Server id -> the lane its writes use. */
    private final Map<String, Integer> lanes = new HashMap<>();

    ServerLanes(ContextHop hop) {
        this.homeLane = Math.max(0, EventLoops.of(hop.context().owner()).indexOf(hop.context()));
    }

    /** The server as this upload writes to it: through its lane. */
    UploadServer onLane(UploadServer server) {
        if (!SPREAD) {
            return server.lane(homeLane);
        }
        Integer lane = lanes.get(server.serverId());
        if (lane == null) {
            lane = homeLane + lanes.size();
            lanes.put(server.serverId(), lane);
        }
        return server.lane(lane);
    }
}
