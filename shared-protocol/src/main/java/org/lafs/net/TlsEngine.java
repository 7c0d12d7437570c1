package org.lafs.net;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.util.Locale;

/**
 * Which TLS implementation our HTTPS clients and servers use. BoringSSL (Netty's OpenSSL engine,
 * from {@code netty-tcnative-boringssl-static}) when its native library loads, else the JDK's
 * {@code SSLEngine}. Measured here on a 3-of-10 push over loopback (docs/performance.md), the JDK
 * engine spent several times more CPU per byte, mostly in record copies and per-record cipher
 * setup. Both speak the same TLS: the choice changes no byte a peer sees.
 *
 * <p>Override with the system property {@code lafs.tls.engine=jdk|openssl|auto} (default auto).
 */
public final class TlsEngine {
    /** System property naming the engine. */
    public static final String PROPERTY = "lafs.tls.engine";

    private TlsEngine() {}

    /** The engine options to set on every {@code HttpClientOptions} / {@code HttpServerOptions}. */
    public static SSLEngineOptions options() {
        String want = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (want) {
            case "jdk":
                return new JdkSSLEngineOptions();
            case "openssl":
                if (!OpenSSLEngineOptions.isAvailable()) {
                    throw new IllegalStateException(PROPERTY + "=openssl, but the BoringSSL native library did not load");
                }
                return new OpenSSLEngineOptions();
            case "auto":
                return OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
            default:
                throw new IllegalArgumentException(PROPERTY + " must be jdk, openssl or auto, not '" + want + "'");
        }
    }

    /** "openssl" or "jdk": what {@link #options()} gives, for logs and reports. */
    public static String name() {
        return options() instanceof OpenSSLEngineOptions ? "openssl" : "jdk";
    }
}
