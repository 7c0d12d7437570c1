package org.lafs.client.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lafs.chk.ConvergentKey;
import org.lafs.chk.FileGeometry;
import org.lafs.client.ProgressListener;

/**
 * The first pass (chk-format.md section 4): reads the whole plaintext once and derives the
 * convergent key. Reports progress as phase {@code hashing}. Blocking.
 */
public final class KeyPass {
    private static final int BUFFER = 256 * 1024;

    private KeyPass() {}

    public static byte[] derive(Path file, FileGeometry g, byte[] convergenceSecret, ProgressListener progress)
            throws IOException {
        progress.phase("hashing", g.size(), 0);
        ConvergentKey.Deriver d = ConvergentKey.deriver(convergenceSecret, g);
        byte[] buf = new byte[BUFFER];
        long done = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (done < g.size()) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, g.size() - done));
                if (r < 0) {
                    throw new FileChangedException("the file became shorter while it was read (" + done + " of " + g.size() + " bytes)");
                }
                d.update(buf, 0, r);
                done += r;
                progress.progress(done);
            }
        }
        return d.finish();
    }
}
