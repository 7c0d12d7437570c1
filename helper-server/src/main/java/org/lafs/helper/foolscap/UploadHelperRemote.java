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
final class UploadHelperRemote extends SingleMethodRemote {
    static final String INTERFACE = "RIUploadHelper.tahoe.allmydata.com";

    private final UploadJob job;

    UploadHelperRemote(UploadJob job) {
        super(INTERFACE, Versions.CHK_UPLOAD_V1, "upload");
        this.job = job;
    }

    @Override
    Future<Value> call(Broker caller, Value.Args args) {
        if (args.size() != 1 || !(args.get(0, "reader") instanceof Value.MyRef ref)) {
            throw CallRefused.violation("upload takes one argument, reader: an RIEncryptedUploadable");
        }
        return job.upload(new ReaderSources.Source(caller.importRef(ref), caller));
    }
}
