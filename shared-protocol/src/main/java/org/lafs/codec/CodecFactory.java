package org.lafs.codec;

import java.util.Locale;

/**
 * Chooses the erasure codec implementation for the running JVM.
 *
 * <p>The SIMD {@code VectorCodec} is chosen only on Java 21 or newer and only when the
 * {@code jdk.incubator.vector} module is in the boot layer (launchers pass
 * {@code --add-modules jdk.incubator.vector}); otherwise {@link ScalarCodec}. On Java 17 the
 * Vector API is correct but boxes its vectors, which measured slower than the scalar loop, so it
 * is never chosen there by default. The system property {@code lafs.codec=scalar|vector} forces a
 * choice (tests, benchmarks); forcing {@code vector} without the module fails with a clear
 * message.
 *
 * <p>The vector class is only loaded, through {@link VectorLoader}, after that check passed, so
 * the scalar path never touches jdk.incubator.vector. Thread-safe, stateless.
 */
public final class CodecFactory {
    /** Name of the system property that forces an implementation. */
    public static final String PROPERTY = "lafs.codec";
    /** Java feature release from which the Vector API is compiled to real SIMD code here. */
    static final int VECTOR_MIN_FEATURE = 21;
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The two implementations. */
    public enum Kind { SCALAR, VECTOR }

    private CodecFactory() {}

    /** The codec {@link ErasureCodec#create} returns: the property's choice, else the default. */
    public static ErasureCodec create(int k, int n) {
        return create(k, n, chosenKind());
    }

    /**
     * A codec of the given kind.
     *
     * @throws UnsupportedOperationException for {@code VECTOR} when the vector module is absent
     */
    public static ErasureCodec create(int k, int n, Kind kind) {
        ZfecMatrix.checkParameters(k, n);
        if (kind == Kind.VECTOR) {
            if (!vectorModulePresent()) {
                throw new UnsupportedOperationException("the vector codec needs the " + VECTOR_MODULE
                        + " module: run java with --add-modules " + VECTOR_MODULE);
            }
            return VectorLoader.create(k, n);
        }
        return new ScalarCodec(k, n);
    }

    /** The kind {@link #create(int, int)} uses, honouring {@value #PROPERTY}. */
    public static Kind chosenKind() {
        String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        return switch (forced) {
            case "" -> defaultKind();
            case "scalar" -> Kind.SCALAR;
            case "vector" -> Kind.VECTOR;
            default -> throw new IllegalArgumentException(
                    "system property " + PROPERTY + " must be scalar or vector, got '" + forced + "'");
        };
    }

    /** VECTOR on Java 21+ with the vector module present, SCALAR otherwise. */
    public static Kind defaultKind() {
        return Runtime.version().feature() >= VECTOR_MIN_FEATURE && vectorModulePresent()
                ? Kind.VECTOR : Kind.SCALAR;
    }

    /** Whether jdk.incubator.vector is resolved in the boot layer (so its classes can load). */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * Holds the only reference to {@code VectorCodec}; loaded (and with it the Vector API) on the
     * first vector request only.
     */
    private static final class VectorLoader {
        static ErasureCodec create(int k, int n) {
            return new VectorCodec(k, n);
        }
    }
}
