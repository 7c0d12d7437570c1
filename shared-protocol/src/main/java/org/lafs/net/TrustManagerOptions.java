package org.lafs.net;

import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import java.security.KeyStore;
import java.security.Provider;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Vert.x trust options that install one trust manager of ours: the GBS client's SPKI pin
 * ({@code org.lafs.gbs.PinnedTrustManager}) and the Foolscap listener's accept-any-client check
 * use it. Vert.x's own {@code TrustOptions.wrap(TrustManager)} loads SLF4J, which this project
 * does not ship, so the factory is built here instead. The manager should be an
 * {@link X509ExtendedTrustManager}: the JDK wraps a plain one and re-applies checks.
 */
public final class TrustManagerOptions implements TrustOptions {
    private final Supplier<X509ExtendedTrustManager> manager;

    /** @param manager makes a fresh trust manager (each SSL context gets its own) */
    public TrustManagerOptions(Supplier<X509ExtendedTrustManager> manager) {
        this.manager = manager;
    }

    @Override
    public TrustOptions copy() {
        return new TrustManagerOptions(manager);
    }

    @Override
    public TrustManagerFactory getTrustManagerFactory(Vertx vertx) {
        TrustManager[] managers = {manager.get()};
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
        return new TrustManagerFactory(spi, new Provider("lafs-trust", "1", "project trust managers") { }, "lafs-trust") { };
    }

    @Override
    public Function<String, TrustManager[]> trustManagerMapper(Vertx vertx) {
        return serverName -> new TrustManager[] {manager.get()};
    }
}
