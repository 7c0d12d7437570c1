package org.lafs.helper;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/python/foolscap_client.py, a client built on Debian's python3-foolscap 21.7 with
 * Tahoe's remote interface names and signatures, and returns the JSON it prints. The interpreter
 * is the system property {@code foolscap.python} (default /usr/bin/python3). A missing
 * interpreter or module fails the test with the install hint: CI installs python3-foolscap, so a
 * skip would hide a broken interop check.
 */
final class FoolscapPython {
    static final Path SCRIPT = Path.of("src/test/python/foolscap_client.py");

    private FoolscapPython() {}

    static String python() {
        return System.getProperty("foolscap.python", "/usr/bin/python3");
    }

    /** Runs the client with {@code args} (after the script path); fails on a non-zero exit. */
    static JsonObject run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python(), "-W", "ignore", SCRIPT.toAbsolutePath().toString()));
        cmd.addAll(args);
        Path err = Files.createTempFile("foolscap-client", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the foolscap client did not finish in 3 minutes");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (stderr.contains("No module named 'foolscap'") || stderr.contains("No module named 'twisted'")) {
                throw new AssertionError(python() + " lacks foolscap: install python3-foolscap (apt-get install python3-foolscap) "
                        + "or set -Dfoolscap.python");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            String last = text.contains("\n") ? text.substring(text.lastIndexOf('\n') + 1) : text;
            if (p.exitValue() != 0 || !last.startsWith("{")) {
                throw new AssertionError("foolscap client failed (exit " + p.exitValue() + "):\n" + text + "\n" + stderr);
            }
            return new JsonObject(last);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
