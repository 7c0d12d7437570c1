package org.lafs.helper.foolscap;

import io.vertx.core.Future;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.pb.Broker;
import org.lafs.helper.foolscap.pb.CallRefused;

/**
 * A remote object of ours that has {@code get_version} (answered with a fixed protocol key) and
 * one real method. Both our remotes have this shape, so the version answer and the refusal of
 * unknown methods live here once and each subclass only checks its own method's arguments.
 */
abstract class SingleMethodRemote implements Broker.Target {
    private final String interfaceName;
    private final String versionKey;
    private final String method;

    SingleMethodRemote(String interfaceName, String versionKey, String method) {
        this.interfaceName = interfaceName;
        this.versionKey = versionKey;
        this.method = method;
    }

    @Override
    public final String interfaceName() {
        return interfaceName;
    }

    @Override
    public final Future<Value> invoke(Broker caller, String name, Value.Args args) {
        if (name.equals("get_version")) {
            if (args.size() != 0) {
                throw CallRefused.violation("get_version takes no arguments");
            }
            return Future.succeededFuture(Versions.of(versionKey));
        }
        if (name.equals(method)) {
            return call(caller, args);
        }
        throw CallRefused.noSuchMethod(name, interfaceName);
    }

    /** Runs the one real method; throws {@link CallRefused} for arguments it does not take. */
    abstract Future<Value> call(Broker caller, Value.Args args);
}
