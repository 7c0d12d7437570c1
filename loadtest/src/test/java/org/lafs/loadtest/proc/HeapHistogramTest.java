package org.lafs.loadtest.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class HeapHistogramTest {
    /** The shape `jcmd <pid> GC.class_histogram` prints on JDK 25 (abridged). */
    static final String SAMPLE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         72797       37580000  [B (java.base@25.0.3)
               2:          3347       18030000  [Ljdk.internal.vm.FillerElement; (java.base@25.0.3)
               3:          8618        1590000  [Ljava.lang.Object; (java.base@25.0.3)
               4:             2             48  jdk.internal.vm.FillerObject (java.base@25.0.3)
               5:         61664        1480000  java.lang.String (java.base@25.0.3)
            Total        146428       58680048
            """;

    @Test
    void parsesTotalTopClassesAndSubtractsFillers() throws IOException {
        HeapHistogram h = HeapHistogram.parse(SAMPLE, 2);
        assertEquals(58_680_048, h.totalBytes());
        assertEquals(146_428, h.instances());
        assertEquals(18_030_048, h.fillerBytes(), "filler arrays and filler objects, also beyond the top N");
        assertEquals(58_680_048 - 18_030_048, h.liveBytes());
        assertEquals(2, h.top().size());
        assertEquals(new HeapHistogram.Row("[B", 72_797, 37_580_000), h.top().get(0));
    }

    @Test
    void outputWithoutTotalIsAnError() {
        assertThrows(IOException.class, () -> HeapHistogram.parse("12345:\ncom.sun.tools.attach.AttachNotSupportedException: no such process\n", 5));
    }
}
