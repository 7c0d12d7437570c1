package org.lafs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and build time Maven wrote into {@code org/lafs/build.properties} (resource
 * filtering in shared-protocol/pom.xml). Every tool's {@code --version}, the helper's version
 * document and the {@code lafs_build_info} metric read it from here.
 */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/org/lafs/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // an unreadable resource leaves "unknown" below
        }
        return p;
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; "unknown" outside a Maven build. */
    public static String version() {
        return value("version");
    }

    /** When the jar's resources were built (UTC, ISO 8601); "unknown" outside a Maven build. */
    public static String built() {
        return value("built");
    }

    private static String value(String key) {
        String v = PROPS.getProperty(key);
        // An IDE that copies resources without filtering leaves the ${...} placeholder.
        return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v;
    }
}
