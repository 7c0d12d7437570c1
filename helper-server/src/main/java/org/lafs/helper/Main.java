package org.lafs.helper;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.lafs.helper.config.ConfigException;
import org.lafs.helper.config.ConfigLoader;
import org.lafs.helper.config.HelperConfig;

/**
 * Command line: {@code helper-server run --config FILE} or
 * {@code helper-server dev [--dir DIR] [--servers FILE]}. Errors are one line on stderr and a
 * non-zero exit status; never a stack trace.
 */
public final class Main {
    static final String USAGE = """
            usage: helper-server run --config FILE
                   helper-server dev [--dir DIR] [--servers FILE]
              run   start the helper from a configuration file (docs/helper-config.md)
              dev   start a 10-node local grid (or use the grid in FILE) plus a helper, and write a
                    ready client node directory to DIR/client (default DIR: ./dev-helper)""";

    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            code = 1;
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        switch (args[0]) {
            case "run" -> {
                String config = option(rest, "--config");
                if (config == null || !rest.isEmpty()) {
                    throw new IllegalArgumentException("run needs exactly --config FILE");
                }
                HelperConfig c = ConfigLoader.load(Path.of(config), System.getenv());
                serve(c, null);
                return 0;
            }
            case "dev" -> {
                String dir = option(rest, "--dir");
                String servers = option(rest, "--servers");
                if (!rest.isEmpty()) {
                    throw new IllegalArgumentException("unknown argument " + rest.get(0));
                }
                DevMode.run(Path.of(dir == null ? "dev-helper" : dir), servers == null ? null : Path.of(servers));
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0] + " (try --help)");
        }
    }

    /** Starts a helper with {@code config} and blocks until the JVM is asked to stop. */
    static void serve(HelperConfig config, Runnable afterStart) throws Exception {
        Vertx vertx = Vertx.vertx();
        Helper helper;
        try {
            helper = HelperWiring.start(vertx, config).await();
        } catch (Exception e) {
            vertx.close().await();
            throw new IllegalArgumentException("helper failed to start: " + e.getMessage());
        }
        System.out.println("helper-url: " + helper.url());
        if (helper.spkiPin() != null) {
            System.out.println("spki-sha256: " + helper.spkiPin());
        }
        if (helper.foolscap() != null) {
            // the FURL is a capability: printed for the operator, written 0600 to foolscap.furl-file, never logged
            System.out.println("helper-furl: " + helper.foolscap().furl().uri());
        }
        if (afterStart != null) {
            afterStart.run();
        }
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                helper.stop().await();
                vertx.close().await();
            } catch (Exception ignored) {
                // stopping anyway
            }
            stopped.countDown();
        }, "helper-shutdown"));
        stopped.await();
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }
}
