package org.lafs.loadtest.floor;

/**
 * How much of each kind of work a byte of ciphertext costs in a k-of-n CHK upload with
 * {@code segment}-byte segments: blocks are {@code ceil(segment / k)} bytes (chk-format.md,
 * segmentation), so each segment becomes n such blocks.
 */
record Shape(int k, int n, int segment) {
    Shape {
        if (k < 1 || n < k || n > 256 || segment < k) {
            throw new IllegalArgumentException("bad shape " + k + "-of-" + n + ", segment " + segment);
        }
    }

    int blockSize() {
        return (segment + k - 1) / k;
    }

    /** Share bytes per ciphertext byte: 3.33 for 3-of-10 at 128 KiB. */
    double expansion() {
        return (double) n * blockSize() / segment;
    }

    /**
     * SHA-256 input bytes per ciphertext byte: the segment hash, the flat ciphertext hash and a
     * hash of every block (helper-semantics.md): 5.33 for 3-of-10.
     */
    double hashedBytes() {
        return 2 + expansion();
    }

    /** Segments in {@code bytes} of ciphertext, the last one possibly short (counted whole). */
    long segments(long bytes) {
        return (bytes + segment - 1) / segment;
    }
}
