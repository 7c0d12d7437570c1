package org.lafs.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The factory's choice per JVM, the {@code lafs.codec} override, and that the scalar path runs
 * in a JVM without the vector module without ever loading the vector class.
 */
class CodecFactoryTest {

    @Test
    void defaultIsVectorOnlyOnJava21WithTheModule() {
        boolean expectVector = Runtime.version().feature() >= 21 && CodecFactory.vectorModulePresent();
        assertEquals(expectVector ? CodecFactory.Kind.VECTOR : CodecFactory.Kind.SCALAR, CodecFactory.defaultKind());
        // The surefire argLine adds the module on every JDK we test with.
        assertTrue(CodecFactory.vectorModulePresent(), "tests run with --add-modules jdk.incubator.vector");
    }

    @Test
    void propertyForcesTheChoice() {
        String old = System.getProperty(CodecFactory.PROPERTY);
        try {
            System.setProperty(CodecFactory.PROPERTY, "scalar");
            assertEquals(ScalarCodec.class, ErasureCodec.create(3, 10).getClass());
            System.setProperty(CodecFactory.PROPERTY, "VECTOR");
            assertEquals(VectorCodec.class, ErasureCodec.create(3, 10).getClass());
            System.setProperty(CodecFactory.PROPERTY, "simd");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ErasureCodec.create(3, 10));
            assertTrue(e.getMessage().contains("scalar or vector"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(CodecFactory.PROPERTY);
            } else {
                System.setProperty(CodecFactory.PROPERTY, old);
            }
        }
    }

    /** Runs {@link ScalarOnlyProbe} in a JVM without the module, logging every class load. */
    @Test
    void scalarPathNeverLoadsVectorClasses() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), ScalarOnlyProbe.class.getName()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("probe ok ScalarCodec"), out);
        assertFalse(out.contains("org.lafs.codec.VectorCodec"), "VectorCodec was loaded");
        assertFalse(out.contains("jdk.incubator.vector."), "a Vector API class was loaded");
    }
}
