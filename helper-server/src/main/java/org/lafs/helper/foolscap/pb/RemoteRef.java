package org.lafs.helper.foolscap.pb;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.lafs.helper.foolscap.banana.Value;

/**
 * A reference to one of the peer's objects on one connection (foolscap's RemoteReference). Safe
 * to use from any thread: calls hop onto the connection's loop; their futures complete there.
 */
public final class RemoteRef {
    private final Broker broker;
    private final long clid;
    private final String interfaceName;
    private boolean released;

    RemoteRef(Broker broker, long clid, String interfaceName) {
        this.broker = broker;
        this.clid = clid;
        this.interfaceName = interfaceName;
    }

    public String interfaceName() {
        return interfaceName;
    }

    public Broker broker() {
        return broker;
    }

    /** Calls {@code method} with positional arguments. */
    public Future<Value> call(String method, Value... args) {
        Promise<Value> p = Promise.promise();
        broker.loop().execute(() -> broker.call(clid, method, Value.Args.of(args)).onComplete(p));
        return p.future();
    }

    /** Sends the decref for this reference (once); the peer may then forget its object. */
    public void release() {
        broker.loop().execute(() -> {
            if (!released) {
                released = true;
                broker.release(clid);
            }
        });
    }

    /** Runs {@code r} on the connection's loop when the connection ends. */
    public void onLost(Runnable r) {
        broker.loop().execute(() -> broker.onLost(r));
    }

    public boolean isLost() {
        return broker.isLost();
    }
}
