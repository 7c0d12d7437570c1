package org.lafs.storage;

import io.vertx.core.http.HttpMethod;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Decides, per request, whether a test node misbehaves. Set it on a running node with
 * {@link StorageNode#faultPolicy(FaultPolicy)}. Called on the node's event loop for every
 * request that matched a route, before authorization; must be fast and thread-safe.
 */
@FunctionalInterface
public interface FaultPolicy {
    FaultPolicy NONE = (method, path) -> Fault.NONE;

    Fault decide(HttpMethod method, String path);

    /** Applies {@code fault} to every request whose method matches (null: any) and whose path matches {@code pathRegex}. */
    static FaultPolicy always(HttpMethod method, String pathRegex, Fault fault) {
        Pattern p = Pattern.compile(pathRegex);
        return (m, path) -> (method == null || method.equals(m)) && p.matcher(path).matches() ? fault : Fault.NONE;
    }

    /** Like {@link #always} but only for the first {@code times} matching requests. */
    static FaultPolicy times(int times, HttpMethod method, String pathRegex, Fault fault) {
        Pattern p = Pattern.compile(pathRegex);
        AtomicInteger left = new AtomicInteger(times);
        return (m, path) -> (method == null || method.equals(m)) && p.matcher(path).matches()
                && left.getAndDecrement() > 0 ? fault : Fault.NONE;
    }
}
