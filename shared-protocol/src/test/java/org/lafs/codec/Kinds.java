package org.lafs.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The codec kinds the tests check. Both whenever the vector module is present, also on Java 17:
 * there the vector codec is correct but slow (it is never chosen by default), and testing it
 * keeps it correct should someone force it. Scalar alone when the module is absent.
 */
final class Kinds {
    private Kinds() {}

    static List<CodecFactory.Kind> available() {
        List<CodecFactory.Kind> kinds = new ArrayList<>(List.of(CodecFactory.Kind.SCALAR));
        if (CodecFactory.vectorModulePresent()) {
            kinds.add(CodecFactory.Kind.VECTOR);
        }
        return kinds;
    }
}
