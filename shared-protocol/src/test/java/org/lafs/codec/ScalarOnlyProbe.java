package org.lafs.codec;

/**
 * Main class run by {@link CodecFactoryTest} in a JVM without jdk.incubator.vector: the
 * default codec must be scalar and work, and forcing vector must fail with a clear message.
 */
public final class ScalarOnlyProbe {
    private ScalarOnlyProbe() {}

    public static void main(String[] args) {
        if (CodecFactory.vectorModulePresent()) {
            throw new IllegalStateException("the probe must run without the vector module");
        }
        ErasureCodec codec = ErasureCodec.create(3, 5);
        byte[][] parity = new byte[2][2];
        codec.encode(new byte[] {1, 2, 3, 4, 5, 6}, 0, 2, parity, 0);
        if (parity[0][0] != 0x09 || parity[0][1] != 0x2a || parity[1][0] != 0x11 || parity[1][1] != (byte) 0xd2) {
            throw new IllegalStateException("wrong parity");
        }
        try {
            CodecFactory.create(3, 5, CodecFactory.Kind.VECTOR);
            throw new IllegalStateException("forcing vector without the module must fail");
        } catch (UnsupportedOperationException expected) {
            if (!expected.getMessage().contains("--add-modules jdk.incubator.vector")) {
                throw new IllegalStateException("unclear message: " + expected.getMessage());
            }
        }
        System.out.println("probe ok " + codec.getClass().getSimpleName());
    }
}
