package org.lafs.helper.foolscap;

import io.vertx.core.Future;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.pb.Broker;
import org.lafs.helper.foolscap.pb.CallRefused;

/**
 * Our {@code RIHelper} (remote name {@code RIHelper.tahoe.allmydata.com}; spec 5.1), the object
 * the FURL's swissnum names. One per connection, so it knows the caller's TubID: every upload it
 * starts belongs to that client.
 */
final class HelperRemote extends SingleMethodRemote {
    static final String INTERFACE = "RIHelper.tahoe.allmydata.com";
    /** interfaces.py {@code StorageIndex = StringConstraint(16)}; a storage index is 16 bytes. */
    static final int SI_LENGTH = 16;

    private final FoolscapUploads uploads;
    private final String peerTubId;

    HelperRemote(FoolscapUploads uploads, String peerTubId) {
        super(INTERFACE, Versions.HELPER_V1, "upload_chk");
        this.uploads = uploads;
        this.peerTubId = peerTubId;
    }

    @Override
    Future<Value> call(Broker caller, Value.Args args) {
        if (args.size() != 1 || !(args.get(0, "si") instanceof Value.Bytes si) || si.length() != SI_LENGTH) {
            throw CallRefused.violation("upload_chk takes one argument, si: 16 bytes");
        }
        return uploads.uploadChk(peerTubId, si.value(), caller);
    }
}
