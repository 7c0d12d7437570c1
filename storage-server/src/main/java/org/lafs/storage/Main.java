package org.lafs.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
            "SIZE: bytes with optional suffix k/M/G/T (powers of 1000) or KiB/MiB/GiB/TiB.");

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException e) {
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
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String cmd = args[0];
        Map<String, String> opts = options(args);
        Path dir = Path.of(require(opts, "dir"));
        String host = opts.getOrDefault("host", "127.0.0.1");
        Vertx vertx = Vertx.vertx();
        Future<List<String>> started;
        Future<Void>[] stopper = new Future[1];
        switch (cmd) {
            case "run" -> {
                allow(opts, "dir", "port", "host", "reserved-space", "max-chunk", "idle-timeout", "nickname");
                NodeConfig c = NodeConfig.of(dir).withHost(host)
                        .withPort(intOpt(opts, "port", 0, 0, 65535))
                        .withReservedSpace(size(opts.getOrDefault("reserved-space", "0")))
                        .withMaxChunk((int) Math.min(Integer.MAX_VALUE - 1024, size(opts.getOrDefault("max-chunk", "16MiB"))))
                        .withUploadIdleTimeout(Duration.ofSeconds(intOpt(opts, "idle-timeout", 1800, 1, Integer.MAX_VALUE)))
                        .withNickname(opts.getOrDefault("nickname", ""));
                started = StorageNode.start(vertx, c).map(n -> {
                    stopperHook(vertx, n::close);
                    return List.of("storage node " + n.serverId() + " listening on https://" + host + ":" + n.port(),
                            "NURL written to " + dir.resolve("storage.nurl"));
                });
            }
            case "grid" -> {
                allow(opts, "dir", "count", "host");
                int count = intOpt(opts, "count", -1, 1, 256);
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
            default -> throw new UsageException("unknown command '" + cmd + "' (expected run or grid)");
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

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() < 3) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (out.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        return out;
    }

    private static void allow(Map<String, String> opts, String... names) {
        List<String> ok = List.of(names);
        for (String k : opts.keySet()) {
            if (!ok.contains(k)) {
                throw new UsageException("unknown option --" + k);
            }
        }
    }

    private static String require(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    private static int intOpt(Map<String, String> opts, String name, int dflt, int min, int max) {
        String v = opts.get(name);
        if (v == null) {
            if (dflt < min) {
                throw new UsageException("--" + name + " is required");
            }
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer in " + min + ".." + max);
        }
    }

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*([kmgt]?)(i?b?)");

    /** Parses sizes like Tahoe's {@code parse_abbreviated_size}: 100, 10k, 5M, 1G, 2GiB. */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException("bad size '" + text + "' (examples: 0, 500M, 2G, 1GiB)");
        }
        long base = m.group(3).startsWith("i") ? 1024 : 1000;
        int power = "kmgt".indexOf(m.group(2)) + 1;
        long v = Long.parseLong(m.group(1));
        for (int i = 0; i < power; i++) {
            if (v > Long.MAX_VALUE / base) {
                throw new UsageException("size '" + text + "' too large");
            }
            v *= base;
        }
        return v;
    }
}
