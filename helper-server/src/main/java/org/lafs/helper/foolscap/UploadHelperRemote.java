package org.lafs.helper.foolscap;

import io.vertx.core.Future;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.pb.Broker;
import org.lafs.helper.foolscap.pb.CallRefused;

/**
 * Our {@code RIUploadHelper} (remote name {@code RIUploadHelper.tahoe.allmydata.com}; spec 5.2,
 * 5.3), the object {@code upload_chk} hands a client for one storage index: it checks each call's
 * arguments and passes every {@code upload(reader)} to its {@link UploadJob}. One per job, so a
 * connection that is handed it twice holds one reference.
 */
final class UploadHelperRemote implements Broker.Target {
    static final String INTERFACE = "RIUploadHelper.tahoe.allmydata.com";

    private final UploadJob job;

    UploadHelperRemote(UploadJob job) {
        this.job = job;
    }

    @Override
    public String interfaceName() {
        return INTERFACE;
    }

    @Override
    public Future<Value> invoke(Broker caller, String method, Value.Args args) {
        switch (method) {
            case "get_version":
                if (args.size() != 0) {
                    throw CallRefused.violation("get_version takes no arguments");
                }
                return Future.succeededFuture(Versions.of(Versions.CHK_UPLOAD_V1));
            case "upload":
                if (args.size() != 1 || !(args.get(0, "reader") instanceof Value.MyRef ref)) {
                    throw CallRefused.violation("upload takes one argument, reader: an RIEncryptedUploadable");
                }
                return job.upload(new ReaderSources.Source(caller.importRef(ref), caller));
            default:
                throw CallRefused.violation("method '" + HelperRemote.printable(method) + "' not defined in " + INTERFACE);
        }
    }
}
