package org.lafs.client.cli;

import java.io.PrintStream;
import java.util.Map;

/** Where a command prints and which environment it sees (injected so tests run in-process). */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env) {
}
