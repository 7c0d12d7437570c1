package org.lafs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lafs.storage.TestSupport.await;
import static org.lafs.storage.TestSupport.awaitFailure;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lafs.gbs.GbsClient;
import org.lafs.gbs.GbsClientOptions;
import org.lafs.gbs.GbsException;
import org.lafs.gbs.Nurl;
import org.lafs.net.TlsEngine;

/**
 * Both TLS engines ({@link TlsEngine}) on the client against a storage node on the default
 * (BoringSSL where it loads) engine: the pinned handshake works and a wrong pin is refused before
 * any request reaches the server, whichever engine does the TLS.
 */
class TlsEngineChoiceTest {
    private Vertx vertx;
    private StorageNode node;

    @BeforeEach
    void start(@TempDir Path dir) {
        vertx = Vertx.vertx();
        node = await(StorageNode.start(vertx, NodeConfig.of(dir)));
    }

    @AfterEach
    void stop() {
        System.clearProperty(TlsEngine.PROPERTY);
        await(node.close());
        await(vertx.close());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void pinnedHandshakeWorksAndWrongPinFails(String engine) {
        System.setProperty(TlsEngine.PROPERTY, engine);
        assertEquals(engine, TlsEngine.name());
        try (GbsClient c = GbsClient.create(vertx, node.nurl())) {
            assertTrue(await(c.version()).availableSpace() > 0);
        }
        Nurl real = node.nurl();
        Nurl wrong = new Nurl("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", real.host(), real.port(), real.swissnum(), false);
        long before = node.stats().requests();
        try (GbsClient c = GbsClient.create(vertx, wrong, GbsClientOptions.defaults().withGetAttempts(1))) {
            GbsException e = assertInstanceOf(GbsException.class, awaitFailure(c.version()));
            assertEquals(0, e.status());
        }
        assertEquals(before, node.stats().requests(), "no request reached the server");
    }

    @org.junit.jupiter.api.Test
    void unknownEngineNameIsAClearError() {
        System.setProperty(TlsEngine.PROPERTY, "gnutls");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, TlsEngine::options);
        assertTrue(e.getMessage().contains("jdk, openssl or auto"), e.getMessage());
    }
}
