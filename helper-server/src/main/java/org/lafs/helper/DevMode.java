package org.lafs.helper;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.lafs.format.Base32;
import org.lafs.helper.config.ConfigLoader;
import org.lafs.helper.config.HelperConfig;
import org.lafs.helper.secrets.SecretFile;
import org.lafs.storage.LocalGrid;

/**
 * {@code helper-server dev [--dir DIR] [--servers FILE]}: one process with a 10-node local grid
 * (or the grid in FILE) and a helper, plus a ready client node directory in {@code DIR/client}.
 * State lives in DIR and is reused by the next run (same grid identities and shares, same
 * RocksDB, same token, same TLS pin, same port when free), so a killed dev helper resumes.
 *
 * <p>Layout: {@code DIR/grid/} (storage nodes), {@code DIR/helper/} (helper state),
 * {@code DIR/helper-token}, {@code DIR/helper-port}, {@code DIR/helper-furl-port} (the Foolscap
 * listener's, so the printed {@code helper-furl} stays valid), {@code DIR/client/tahoe.cfg},
 * {@code DIR/client/private/{servers.yaml,helper-token,convergence}}.
 */
final class DevMode {
    /** Storage nodes in the dev grid (Tahoe's default 3-of-10 needs 10 for full spread). */
    static final int NODES = 10;

    private DevMode() {}

    static void run(Path dir, Path servers) throws Exception {
        org.lafs.fs.PrivateFiles.directory(dir); // the token, the grid's swissnums and the client's secrets live here
        Vertx vertx = Vertx.vertx();
        LocalGrid grid = null;
        Path serversYaml = servers;
        if (serversYaml == null) {
            grid = LocalGrid.start(vertx, dir.resolve("grid"), NODES).await();
            serversYaml = grid.serversYaml();
        } else if (!Files.isRegularFile(serversYaml)) {
            vertx.close().await();
            throw new IllegalArgumentException("no such servers file: " + serversYaml);
        }
        String token = token(dir.resolve("helper-token"));
        Path portFile = dir.resolve("helper-port");
        Path furlPortFile = dir.resolve("helper-furl-port");
        int port = Files.exists(portFile) ? Integer.parseInt(Files.readString(portFile).trim()) : 0;
        int furlPort = Files.exists(furlPortFile) ? Integer.parseInt(Files.readString(furlPortFile).trim()) : 0;
        Helper helper;
        try {
            helper = HelperWiring.start(vertx, config(dir, serversYaml, token, port, furlPort)).await();
        } catch (Exception e) {
            // A remembered port is taken: take any (the FURL then names the new port).
            helper = HelperWiring.start(vertx, config(dir, serversYaml, token, 0, 0)).await();
        }
        Files.writeString(portFile, Integer.toString(helper.port()) + "\n");
        Files.writeString(furlPortFile, Integer.toString(helper.foolscap().port()) + "\n");
        writeClient(dir.resolve("client"), helper, serversYaml, token);
        System.out.println("helper-url: " + helper.url());
        System.out.println("token: " + token);
        System.out.println("status-url: " + helper.rootUrl() + "/helper_status");
        System.out.println("metrics-url: " + helper.rootUrl() + "/metrics");
        System.out.println("spki-sha256: " + helper.spkiPin());
        // for a stock Tahoe node: [client] helper.furl = <this> (also in DIR/helper/foolscap/helper.furl)
        System.out.println("helper-furl: " + helper.foolscap().furl().uri());
        System.out.println("client-dir: " + dir.resolve("client").toAbsolutePath());
        System.out.flush();
        Helper h = helper;
        LocalGrid g = grid;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                h.stop().await();
                if (g != null) {
                    g.close().await();
                }
                vertx.close().await();
            } catch (Exception ignored) {
                // stopping anyway
            }
            stopped.countDown();
        }, "dev-shutdown"));
        stopped.await();
    }

    private static HelperConfig config(Path dir, Path serversYaml, String token, int port, int furlPort) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("listen.port", Integer.toString(port));
        c.put("foolscap.enabled", "true");
        c.put("foolscap.listen.port", Integer.toString(furlPort));
        c.put("state.dir", dir.resolve("helper").toAbsolutePath().toString());
        c.put("grid.servers-yaml", serversYaml.toAbsolutePath().toString());
        c.put("tokens.dev.secret", token);
        c.put("tokens.dev.operator", "true"); // the dev user is also the operator of the status page
        c.put("helper-as-client.enabled", "true");
        return ConfigLoader.fromFlat(c, System.getenv(), dir.toAbsolutePath());
    }

    private static String token(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        SecretFile.writeText(file, t + "\n");
        return t;
    }

    private static void writeClient(Path client, Helper helper, Path serversYaml, String token) throws IOException {
        Path priv = client.resolve("private");
        org.lafs.fs.PrivateFiles.directory(priv);
        String cfg = "# Written by helper-server dev. Tahoe client settings plus our helper.* keys.\n"
                + "[node]\nnickname = dev-client\n\n"
                + "[client]\n"
                + "helper.url = " + helper.url() + "\n"
                + "helper.spki-sha256 = " + helper.spkiPin() + "\n"
                + "helper.token-file = private/helper-token\n"
                + "shares.needed = 3\nshares.happy = 7\nshares.total = 10\n\n"
                + "[storage]\nenabled = false\n";
        Files.writeString(client.resolve("tahoe.cfg"), cfg);
        org.lafs.fs.PrivateFiles.write(priv.resolve("servers.yaml"), Files.readAllBytes(serversYaml)); // swissnums
        SecretFile.writeText(priv.resolve("helper-token"), token + "\n");
        Path conv = priv.resolve("convergence");
        if (!Files.exists(conv)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            SecretFile.writeText(conv, Base32.encode(secret) + "\n");
        }
    }
}
