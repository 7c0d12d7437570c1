package org.lafs.loadtest.scenario;

import java.nio.file.Path;

/** Where reports go: {@code --out DIR}, default {@code loadtest/results} (set once per run). */
final class ResultsDir {
    private static volatile Path dir = Path.of("loadtest", "results");

    private ResultsDir() {}

    static Path get() {
        return dir;
    }

    static void set(Path p) {
        dir = p;
    }
}
