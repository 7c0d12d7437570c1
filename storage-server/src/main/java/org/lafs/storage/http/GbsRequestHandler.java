package org.lafs.storage.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.lafs.gbs.GbsProtocol;
import org.lafs.gbs.SecretKind;
import org.lafs.storage.Fault;
import org.lafs.storage.FaultPolicy;
import org.lafs.storage.NodeConfig;
import org.lafs.storage.disk.ShareStore;
import org.lafs.storage.http.HeaderRules.Rejection;

/**
 * Serves the immutable GBS endpoints (spec section 3) with the status codes of Tahoe's server:
 * the router. It checks what every request shares and hands the request to its route group:
 * {@link ServerVersion}, {@link ImmutableWrites} (with {@link PatchStream}), {@link ShareReads}
 * and {@link LeasesAndAdvisories}; {@link Exchange} is the one way they answer.
 *
 * <p>Threading: {@link #handle} runs on the node's event loop; every {@link ShareStore} call runs
 * on the node's ordered worker lane ({@link RouteContext#onLane}), so the store is used by one
 * thread at a time and the event loop never touches the disk. Each request is paused on arrival
 * and resumed only when its body is wanted; PATCH bodies are written in pieces of about 256 KiB
 * as they arrive (at most one piece and one chunk buffered per request).
 *
 * <p>Order of checks per request: route (404/405), fault policy, Authorization (401), secret
 * headers (400), then the endpoint's own checks. Early answers drain a bounded remainder of the
 * request body, or close the connection when the body is too large to drain.
 */
public final class GbsRequestHandler implements Handler<HttpServerRequest> {
    private final RouteContext ctx;
    private final byte[] expectedAuth;
    private final ServerVersion version;
    private final ImmutableWrites writes;
    private final ShareReads reads;
    private final LeasesAndAdvisories leases;
    private volatile FaultPolicy faults = FaultPolicy.NONE;

    public GbsRequestHandler(Vertx vertx, WorkerExecutor lane, ShareStore store, NodeConfig config,
                             RequestCounters counters, String swissnum, LongSupplier clock) {
        this.ctx = new RouteContext(vertx, lane, store, config.maxChunk(), counters, clock);
        this.expectedAuth = (GbsProtocol.AUTH_SCHEME + " " + Base64.getEncoder()
                .encodeToString(swissnum.getBytes(StandardCharsets.US_ASCII))).getBytes(StandardCharsets.US_ASCII);
        this.version = new ServerVersion(ctx);
        this.writes = new ImmutableWrites(ctx);
        this.reads = new ShareReads(ctx);
        this.leases = new LeasesAndAdvisories(ctx);
    }

    /** Installs a fault policy for the following requests (null heals). */
    public void faultPolicy(FaultPolicy policy) {
        this.faults = policy == null ? FaultPolicy.NONE : policy;
    }

    @Override
    public void handle(HttpServerRequest req) {
        req.pause();
        ctx.counters().request();
        Route route = Route.match(req.method(), req.path());
        Fault fault = route.kind() == Route.Kind.ERROR ? Fault.NONE : faults.decide(req.method(), req.path());
        Exchange ex = new Exchange(ctx, req, fault);
        if (route.kind() == Route.Kind.ERROR) {
            ex.fail(route.errorStatus(), null);
            return;
        }
        switch (fault.kind()) {
            case STALL -> {
                return;
            }
            case DISCONNECT -> {
                req.connection().close();
                return;
            }
            case STATUS -> {
                ex.fail(fault.status(), null);
                return;
            }
            case DISCONNECT_MID_BODY -> {
                req.handler(b -> req.connection().close());
                req.endHandler(v -> req.connection().close());
                req.resume();
                return;
            }
            default -> { }
        }
        String auth = req.getHeader(HttpHeaders.AUTHORIZATION);
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expectedAuth)) {
            ex.fail(401, "Wrong Authorization header");
            return;
        }
        Map<SecretKind, byte[]> secrets;
        try {
            secrets = HeaderRules.secrets(req.headers().getAll(GbsProtocol.SECRET_HEADER), required(route.kind()));
        } catch (Rejection r) {
            ex.fail(r);
            return;
        }
        try {
            switch (route.kind()) {
                case VERSION -> version.version(ex);
                case ALLOCATE -> writes.allocate(ex, route, secrets);
                case WRITE -> writes.write(ex, route, secrets.get(SecretKind.UPLOAD));
                case READ -> reads.read(ex, route);
                case ABORT -> writes.abort(ex, route, secrets.get(SecretKind.UPLOAD));
                case LIST -> reads.list(ex, route);
                case LEASE -> leases.lease(ex, route, secrets);
                case CORRUPT -> leases.corrupt(ex, route);
                default -> ex.fail(404, null);
            }
        } catch (Rejection r) {
            ex.fail(r);
        }
    }

    /** The {@code X-Tahoe-Authorization} secrets each route needs, exactly. */
    private static Set<SecretKind> required(Route.Kind kind) {
        return switch (kind) {
            case ALLOCATE -> EnumSet.of(SecretKind.LEASE_RENEW, SecretKind.LEASE_CANCEL, SecretKind.UPLOAD);
            case WRITE, ABORT -> EnumSet.of(SecretKind.UPLOAD);
            case LEASE -> EnumSet.of(SecretKind.LEASE_RENEW, SecretKind.LEASE_CANCEL);
            default -> EnumSet.noneOf(SecretKind.class);
        };
    }
}
