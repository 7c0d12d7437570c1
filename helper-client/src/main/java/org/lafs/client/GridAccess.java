package org.lafs.client;

import java.util.List;
import org.lafs.client.download.StorageServer;

/**
 * The storage servers of the grid named by {@code private/servers.yaml}, opened once per
 * {@link LafsClient} (placeholder until the GBS client is available on main).
 */
interface GridAccess extends AutoCloseable {
    List<StorageServer> readServers();

    @Override
    void close();
}
