package org.lafs.chk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.lafs.chk.cap.Capability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector of chk-vectors.json gives its expected cap through {@link Chk}. */
class ChkVectorsTest {
    static List<ChkVectors.Vector> vectors() {
        return ChkVectors.load();
    }

    @Test
    void vectorsAreLoaded() {
        assertTrue(vectors().size() >= 15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void capMatches(ChkVectors.Vector v) throws IOException {
        EncodingParameters p = new EncodingParameters(v.k(), v.n(), v.n(), v.maxSegmentSize());
        Capability cap = Chk.capabilityOf(v::stream, v.length(), v.secret(), p);
        assertEquals(v.expectedCap(), cap.uri());
        assertEquals(cap, Capability.parse(v.expectedCap()));
    }
}
