package org.lafs.helper.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lafs.helper.auth.TokenRegistry;
import org.lafs.helper.metrics.HelperMetrics;
import org.lafs.helper.upload.GridProbe;
import org.lafs.helper.upload.UploadService;

/**
 * Wires every route of the helper in one readable place (docs/helper-protocol.md).
 * No {@code BodyHandler} anywhere: ciphertext is streamed by {@link IngestSession}, and the other
 * endpoints take no body.
 */
public final class HelperApi {
    /** Path prefix of the versioned helper API. */
    public static final String BASE = "/helper/v1";

    private HelperApi() {}

    /**
     * @param convergence the helper's convergence secret when helper-as-client ({@code PUT /uri})
     *     is enabled, otherwise null (the route then does not exist)
     */
    public static Router router(Vertx vertx, UploadService service, TokenRegistry tokens, GridProbe grid, HelperMetrics metrics,
            byte[] convergence) {
        Router router = Router.router(vertx);
        TusHandlers tus = new TusHandlers(service, tokens, BASE);
        QueryHandlers q = new QueryHandlers(service, tokens, grid);
        StatusHandler status = new StatusHandler(service, metrics, tokens);
        String id = "/uploads/:id";
        router.route(HttpMethod.OPTIONS, BASE + "/uploads").handler(tus::options);
        router.route(HttpMethod.OPTIONS, BASE + id).handler(tus::options);
        router.route(HttpMethod.POST, BASE + "/uploads").handler(tus::create);
        router.route(HttpMethod.HEAD, BASE + id).handler(tus::head);
        router.route(HttpMethod.PATCH, BASE + id).handler(ctx -> IngestSession.handle(ctx, service, tokens));
        router.route(HttpMethod.DELETE, BASE + id).handler(tus::delete);
        router.route(HttpMethod.GET, BASE + id + "/result").handler(q::result);
        router.route(HttpMethod.GET, BASE + "/grid/:si").handler(q::gridCheck);
        router.route(HttpMethod.GET, BASE + "/version").handler(q::version);
        router.route(HttpMethod.GET, "/helper_status").handler(status::status);
        router.route(HttpMethod.GET, "/metrics").handler(status::metrics);
        HealthHandler health = new HealthHandler(service);
        router.route(HttpMethod.GET, "/healthz").handler(health::healthz);
        router.route(HttpMethod.GET, "/readyz").handler(health::readyz);
        if (convergence != null) {
            router.route(HttpMethod.PUT, "/uri").handler(new PlaintextUpload(service, tokens, convergence)::handle);
        }
        router.route().last().handler(ctx -> notFound(ctx, service));
        router.errorHandler(500, ctx -> Http.error(ctx.request(), service.events(), 500, "internal-error", "internal error"));
        return router;
    }

    private static void notFound(RoutingContext ctx, UploadService service) {
        ctx.request().pause();
        Http.error(ctx.request(), service.events(), 404, "no-such-endpoint", "unknown path or method");
    }
}
