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
final class HelperRemote implements Broker.Target {
    static final String INTERFACE = "RIHelper.tahoe.allmydata.com";
    /** interfaces.py {@code StorageIndex = StringConstraint(16)}; a storage index is 16 bytes. */
    static final int SI_LENGTH = 16;

    private final FoolscapUploads uploads;
    private final String peerTubId;

    HelperRemote(FoolscapUploads uploads, String peerTubId) {
        this.uploads = uploads;
        this.peerTubId = peerTubId;
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
                return Future.succeededFuture(Versions.of(Versions.HELPER_V1));
            case "upload_chk":
                if (args.size() != 1 || !(args.get(0, "si") instanceof Value.Bytes si) || si.length() != SI_LENGTH) {
                    throw CallRefused.violation("upload_chk takes one argument, si: 16 bytes");
                }
                return uploads.uploadChk(peerTubId, si.value(), caller);
            default:
                throw CallRefused.violation("method '" + printable(method) + "' not defined in " + INTERFACE);
        }
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
            if (b.length() >= 60) {
                break;
            }
        }
        return b.toString();
    }
}
