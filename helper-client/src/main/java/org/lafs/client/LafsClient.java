package org.lafs.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.lafs.chk.cap.Capability;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.cap.ChkVerifierCap;
import org.lafs.chk.cap.LitCap;
import org.lafs.client.download.Checker;
import org.lafs.client.download.Downloader;
import org.lafs.client.helper.HelperClient;
import org.lafs.client.upload.HelperUpload;
import org.lafs.client.upload.Throttle;
import org.lafs.client.upload.UploadRecords;

/**
 * The client library: upload through a helper or directly to the grid, download with full
 * verification, check. One instance per configuration; it opens connections lazily and keeps
 * them until {@link #close()}.
 *
 * <p>Threading: every operation blocks the calling thread (do not call from a Vert.x event
 * loop; the local node runs them on worker threads). Concurrent operations on one instance are
 * allowed. Errors are {@link LafsException}s with one-line, secret-free messages.
 */
public final class LafsClient implements AutoCloseable {
    private final ClientConfig config;
    private final UploadRecords records;
    private HelperClient helper;
    private GridAccess grid;

    public LafsClient(ClientConfig config) {
        this.config = config;
        this.records = new UploadRecords(config.stateDir());
    }

    public ClientConfig config() {
        return config;
    }

    /**
     * Uploads a file: through the configured helper, or directly to the grid when none is
     * configured. Files of at most 55 bytes become {@code URI:LIT:} caps and are not sent
     * anywhere. Interrupted uploads resume when the same file is uploaded again.
     */
    public UploadReport upload(Path file, ProgressListener progress) throws LafsException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.LOCAL_IO, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        if (size <= LitCap.MAX_DATA) {
            return literal(file, size);
        }
        if (config.helper() != null) {
            return new HelperUpload(helper(), records, config.parameters(), config.convergenceSecret(),
                    new Throttle(config.throttleBytesPerSecond()), progress, config.helperRetry()).upload(file);
        }
        return direct(file, progress);
    }

    /**
     * Uploads a stream: spools it to a temporary file in the node directory (both passes need
     * the bytes), uploads that, and deletes it.
     */
    public UploadReport upload(InputStream data, ProgressListener progress) throws LafsException {
        Path tmp = null;
        try {
            Path dir = config.stateDir().resolve("tmp");
            org.lafs.fs.PrivateFiles.directory(dir);
            tmp = Files.createTempFile(dir, "upload", ".spool");
            Files.copy(data, tmp, StandardCopyOption.REPLACE_EXISTING);
            return upload(tmp, progress);
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.LOCAL_IO, "cannot spool the upload: " + e.getClass().getSimpleName());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // left in tmp/; removed by the next start of the node
                }
            }
        }
    }

    /**
     * Writes bytes {@code [offset, offset+length)} of the file named by {@code cap}
     * ({@code URI:CHK:} or {@code URI:LIT:}) to {@code out}, every byte verified.
     */
    public DownloadReport download(Capability cap, long offset, long length, OutputStream out, ProgressListener progress)
            throws LafsException {
        if (cap instanceof LitCap lit) {
            byte[] d = lit.data();
            if (offset < 0 || length < 0 || offset + length > d.length) {
                throw new LafsException(LafsException.Kind.BAD_INPUT, "range outside the file's " + d.length + " bytes");
            }
            try {
                out.write(d, (int) offset, (int) length);
            } catch (IOException e) {
                throw new LafsException(LafsException.Kind.LOCAL_IO, "writing the output failed", e);
            }
            return new DownloadReport(length, java.util.List.of(), java.util.List.of(), java.util.List.of(), java.time.Duration.ZERO);
        }
        if (!(cap instanceof ChkCap chk)) {
            throw new LafsException(LafsException.Kind.BAD_INPUT, "a verify cap cannot be read; give the read cap (URI:CHK:...)");
        }
        return new Downloader(chk, grid().readServers(), config.readTimeoutMillis(), progress).download(offset, length, out);
    }

    /** Downloads the whole file. */
    public DownloadReport download(Capability cap, OutputStream out, ProgressListener progress) throws LafsException {
        return download(cap, 0, size(cap), out, progress);
    }

    /** Checks where a file's shares are and whether they are good (all blocks with {@code verify}). */
    public CheckReport check(Capability cap, boolean verify) throws LafsException {
        if (cap instanceof LitCap lit) {
            return new CheckReport("", 1, 1, new java.util.TreeMap<>(java.util.Map.of(0, java.util.List.of("(in the cap)"))),
                    java.util.List.of(), java.util.List.of(), true);
        }
        if (cap instanceof ChkVerifierCap) {
            throw new LafsException(LafsException.Kind.BAD_INPUT, "checking with a verify cap is not supported; give the read cap");
        }
        return Checker.check((ChkCap) cap, grid().readServers(), verify, config.readTimeoutMillis());
    }

    /**
     * Asks the configured helper for its version document (a cheap "is it reachable and does it
     * accept our token" probe).
     *
     * @return the helper's {@code application-version}
     * @throws LafsException when no helper is configured or it cannot be reached
     */
    public String pingHelper() throws LafsException {
        if (config.helper() == null) {
            throw new LafsException(LafsException.Kind.BAD_INPUT, "no helper configured");
        }
        try {
            return helper().version().getString("application-version", "unknown");
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.REMOTE, e.getMessage(), e);
        }
    }

    /** Parses a cap; {@link LafsException.Kind#BAD_INPUT} with the reason when malformed. */
    public static Capability parseCap(String text) throws LafsException {
        try {
            return Capability.parse(text == null ? null : text.strip());
        } catch (IllegalArgumentException e) {
            throw new LafsException(LafsException.Kind.BAD_INPUT, "malformed capability: " + e.getMessage());
        }
    }

    /** The file size a cap declares. */
    public static long size(Capability cap) {
        if (cap instanceof LitCap l) {
            return l.data().length;
        }
        if (cap instanceof ChkCap c) {
            return c.size();
        }
        return ((ChkVerifierCap) cap).size();
    }

    private UploadReport literal(Path file, long size) throws LafsException {
        try {
            byte[] data = Files.readAllBytes(file);
            if (data.length != size) {
                throw new LafsException(LafsException.Kind.FILE_CHANGED, "the file changed while it was read");
            }
            return new UploadReport(new LitCap(data), "literal", size, 0, 0, false, 0, 0, java.util.Map.of());
        } catch (IOException e) {
            throw new LafsException(LafsException.Kind.LOCAL_IO, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private UploadReport direct(Path file, ProgressListener progress) throws LafsException {
        GridConnection g = (GridConnection) grid();
        if (config.leaseSecret() == null) {
            throw new LafsException(LafsException.Kind.BAD_INPUT, "direct uploads need the node's lease secret (private/secret)");
        }
        return new org.lafs.client.upload.DirectUpload(g.vertx(), g.workers(), g.uploadServers(), records,
                config.parameters(), config.convergenceSecret(), config.leaseSecret(),
                new Throttle(config.throttleBytesPerSecond()), progress).upload(file);
    }

    private synchronized HelperClient helper() {
        if (helper == null) {
            helper = new HelperClient(config.helper());
        }
        return helper;
    }

    private synchronized GridAccess grid() throws LafsException {
        if (grid == null) {
            if (config.serversYaml() == null) {
                throw new LafsException(LafsException.Kind.BAD_INPUT,
                        "no grid configured: put Tahoe's servers.yaml in <node-dir>/private/servers.yaml");
            }
            grid = GridConnection.open(config.serversYaml(), config.readTimeoutMillis());
        }
        return grid;
    }

    @Override
    public synchronized void close() {
        if (helper != null) {
            helper.close();
        }
        if (grid != null) {
            grid.close();
        }
    }
}
