package org.lafs.helper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.lafs.helper.config.HelperConfig;
import org.lafs.helper.upload.GridProbe;

/**
 * Chooses the grid probe and pipeline runner for a configuration: the one integration seam
 * between the helper and the grid/pipeline modules.
 */
final class HelperWiring {
    private HelperWiring() {}

    static Future<Helper> start(Vertx vertx, HelperConfig config) {
        return Helper.start(vertx, config, GridProbe.NONE, null);
    }
}
