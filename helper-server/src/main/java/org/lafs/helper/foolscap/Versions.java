package org.lafs.helper.foolscap;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.lafs.helper.foolscap.banana.Value;

/**
 * The {@code get_version} answers (spec 5.1, 5.2): dicts with bytes keys, sorted as foolscap
 * sends them. A client refuses a helper whose dict lacks the {@code helper/v1} key
 * (upload.py {@code Uploader._got_versioned_helper}).
 */
final class Versions {
    static final String HELPER_V1 = "http://allmydata.org/tahoe/protocols/helper/v1";
    static final String CHK_UPLOAD_V1 = "http://allmydata.org/tahoe/protocols/helper/chk-upload/v1";
    /** What Tahoe's clients show as the helper's version. */
    static final String APPLICATION = "lafs-upload-helper/0.1.0";

    private Versions() {}

    static Value of(String protocolKey) {
        List<Map.Entry<Value, Value>> e = List.of(
                entry("application-version", bytes(APPLICATION)),
                entry(protocolKey, new Value.Dict(List.of())));
        return new Value.Dict(e);
    }

    private static Map.Entry<Value, Value> entry(String k, Value v) {
        return new AbstractMap.SimpleImmutableEntry<>(bytes(k), v);
    }

    private static Value.Bytes bytes(String s) {
        return new Value.Bytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
