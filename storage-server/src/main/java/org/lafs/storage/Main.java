package org.lafs.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import org.lafs.cli.Cli;
import org.lafs.format.ByteSize;

/**
 * Command line: {@code storage-server run --dir DIR [--port P] [--host H] [--reserved-space SIZE]
 * [--max-chunk SIZE] [--idle-timeout SECONDS] [--nickname N]} runs one node;
 * {@code storage-server grid --count N --dir DIR [--host 127.0.0.1]} runs N nodes and writes
 * {@code DIR/servers.yaml}. Both print where they listen and stop cleanly on SIGTERM/SIGINT.
 * Errors are one line on stderr and exit status 2.
 */
public final class Main {
    private Main() {}

    private static final String USAGE = String.join("\n",
            "usage: storage-server run --dir DIR [--port P] [--host H] [--reserved-space SIZE]",
            "                          [--max-chunk SIZE] [--idle-timeout SECONDS] [--nickname NAME]",
            "       storage-server grid --count N --dir DIR [--host 127.0.0.1]",
            "       storage-server --version",
            "  run    one storage node in DIR (its identity, shares and storage.nurl)",
            "  grid   N nodes in DIR/node-<i>, and DIR/servers.yaml for helpers and clients",
            "  --host H (alias --listen)  address to bind (default 127.0.0.1)",
            "  -h, --help, -V, --version  on every command",
            "SIZE: bytes, or with K/M/G/T (powers of 1000) or KiB/MiB/GiB/TiB (powers of 1024),",
            "as Tahoe's parse_abbreviated_size reads them (docs/storage-server.md).");

    /** The commands and their options, for the shared parser (org.lafs.cli.Cli). */
    static final List<Cli.Command> COMMANDS = List.of(
            new Cli.Command("run", Set.of("--dir", "--port", "--host|--listen", "--reserved-space", "--max-chunk", "--idle-timeout",
                    "--nickname"), Set.of(), false),
            new Cli.Command("grid", Set.of("--count", "--dir", "--host|--listen"), Set.of(), false));

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException | Cli.UsageError e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String m) {
            super(m);
        }
    }

    static int run(String[] args) {
        Cli.Parsed opts;
        try {
            opts = Cli.parse("storage-server", COMMANDS, args);
        } catch (Cli.HelpRequested h) {
            System.out.println(USAGE);
            return 0;
        } catch (Cli.VersionRequested v) {
            System.out.println(Cli.version("storage-server"));
            return 0;
        }
        if (opts.command() == null) {
            System.out.println(USAGE);
            return 2;
        }
        String cmd = opts.command();
        Path dir = Path.of(require(opts, "--dir"));
        String host = opts.value("--host", "127.0.0.1");
        Vertx vertx = Vertx.vertx();
        Future<List<String>> started;
        Future<Void>[] stopper = new Future[1];
        switch (cmd) {
            case "run" -> {
                NodeConfig c = NodeConfig.of(dir).withHost(host)
                        .withPort(intOpt(opts, "--port", 0, 0, 65535))
                        .withReservedSpace(size("--reserved-space", opts.value("--reserved-space", "0")))
                        .withMaxChunk((int) Math.min(Integer.MAX_VALUE - 1024, size("--max-chunk", opts.value("--max-chunk", "16MiB"))))
                        .withUploadIdleTimeout(Duration.ofSeconds(intOpt(opts, "--idle-timeout", 1800, 1, Integer.MAX_VALUE)))
                        .withNickname(opts.value("--nickname", ""));
                started = StorageNode.start(vertx, c).map(n -> {
                    stopperHook(vertx, n::close);
                    return List.of("storage node " + n.serverId() + " listening on https://" + host + ":" + n.port(),
                            "NURL written to " + dir.resolve("storage.nurl"));
                });
            }
            case "grid" -> {
                int count = intOpt(opts, "--count", -1, 1, 256);
                started = LocalGrid.start(vertx, dir, count, host).map(g -> {
                    stopperHook(vertx, g::close);
                    List<String> lines = new java.util.ArrayList<>();
                    for (StorageNode n : g.nodes()) {
                        lines.add("storage node " + n.serverId() + " listening on https://" + host + ":" + n.port());
                    }
                    lines.add("servers.yaml written to " + g.serversYaml());
                    return lines;
                });
            }
            default -> throw new IllegalStateException(cmd);
        }
        CountDownLatch latch = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        started.onComplete(ar -> {
            if (ar.succeeded()) {
                ar.result().forEach(System.out::println);
                System.out.flush();
            } else {
                failure[0] = ar.cause();
            }
            latch.countDown();
        });
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            Throwable t = failure[0];
            String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (t instanceof java.net.BindException) {
                msg = "cannot listen: " + msg;
            }
            System.err.println("error: " + msg.lines().findFirst().orElse(msg));
            vertx.close();
            return 2;
        }
        try {
            Thread.currentThread().join(); // the shutdown hook ends the process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void stopperHook(Vertx vertx, java.util.function.Supplier<Future<Void>> stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CountDownLatch done = new CountDownLatch(1);
            stop.get().eventually(vertx::close).onComplete(ar -> done.countDown());
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("stopped");
        }, "storage-server-shutdown"));
    }

    private static String require(Cli.Parsed opts, String name) {
        String v = opts.value(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(name + " is required");
        }
        return v;
    }

    private static int intOpt(Cli.Parsed opts, String name, int dflt, int min, int max) {
        if (opts.value(name) == null && dflt < min) {
            throw new UsageException(name + " is required");
        }
        return (int) Cli.integer(opts, name, dflt, min, max);
    }

    /** A size in the one meaning every tool uses ({@link ByteSize}: Tahoe's). */
    static long size(String name, String text) {
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + ": " + e.getMessage());
        }
    }
}
