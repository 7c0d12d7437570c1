package org.lafs.upload;

import org.lafs.chk.encode.EncodedSegment;

/**
 * A segment ready to deliver: its blocks, or {@code null} when no share needed them and only the
 * whole-ciphertext hash took the segment (see {@link SegmentPreparer}).
 */
record PreparedSegment(int index, EncodedSegment encoded) {}
