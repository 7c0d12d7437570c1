package org.lafs.helper.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** For tests of the configuration loader: each YAML text is loaded from a real file in {@code dir}. */
abstract class ConfigFileTestBase {
    @TempDir
    Path dir;

    HelperConfig load(String yaml, Map<String, String> env) throws Exception {
        Path f = dir.resolve("helper.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f, env);
    }
}
