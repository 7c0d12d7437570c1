package org.lafs.chk.encode;

import org.lafs.chk.FileGeometry;
import org.lafs.chk.share.ShareLayout;

/** What {@link ChkEncoder} produced: geometry, layout (allocated size), UEB and its hash. */
public record ChkEncodeResult(FileGeometry geometry, ShareLayout layout, byte[] uebBytes, byte[] uebHash) {
    public ChkEncodeResult {
        uebBytes = uebBytes.clone();
        uebHash = uebHash.clone();
    }

    @Override
    public byte[] uebBytes() {
        return uebBytes.clone();
    }

    @Override
    public byte[] uebHash() {
        return uebHash.clone();
    }
}
