package org.lafs.gbs;

import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import java.security.KeyStore;
import java.security.Provider;
import java.util.function.Function;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Vert.x trust options that install a {@link PinnedTrustManager}. Vert.x's own
 * {@code TrustOptions.wrap(TrustManager)} loads SLF4J, which this project does not ship, so the
 * factory is built here instead.
 */
final class PinnedTrustOptions implements TrustOptions {
    private final String pin;

    PinnedTrustOptions(String pin) {
        this.pin = pin;
    }

    @Override
    public TrustOptions copy() {
        return new PinnedTrustOptions(pin);
    }

    @Override
    public TrustManagerFactory getTrustManagerFactory(Vertx vertx) {
        TrustManager[] managers = {new PinnedTrustManager(pin)};
        TrustManagerFactorySpi spi = new TrustManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected TrustManager[] engineGetTrustManagers() {
                return managers.clone();
            }
        };
        return new TrustManagerFactory(spi, new Provider("lafs-pin", "1", "SPKI pinning") { }, "lafs-pin") { };
    }

    @Override
    public Function<String, TrustManager[]> trustManagerMapper(Vertx vertx) {
        return serverName -> new TrustManager[] {new PinnedTrustManager(pin)};
    }
}
