package org.lafs.helper;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.lafs.cli.Cli;
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
                   helper-server --version
              run   start the helper from a configuration file (docs/helper-config.md)
              dev   start a 10-node local grid (or use the grid in FILE) plus a helper, and write a
                    ready client node directory to DIR/client (default DIR: ./dev-helper)
              -h, --help, -V, --version  on every command""";

    /** The commands and their options, for the shared parser (org.lafs.cli.Cli). */
    static final List<Cli.Command> COMMANDS = List.of(
            new Cli.Command("run", Set.of("--config"), Set.of(), false),
            new Cli.Command("dev", Set.of("--dir", "--servers"), Set.of(), false));

    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (ConfigException | IllegalArgumentException | Cli.UsageError e) {
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
        Cli.Parsed p;
        try {
            p = Cli.parse("helper-server", COMMANDS, args);
        } catch (Cli.HelpRequested h) {
            System.out.println(USAGE);
            return 0;
        } catch (Cli.VersionRequested v) {
            System.out.println(Cli.version("helper-server"));
            return 0;
        }
        if (p.command() == null) {
            System.out.println(USAGE);
            return 2;
        }
        switch (p.command()) {
            case "run" -> {
                String config = p.value("--config");
                if (config == null) {
                    throw new IllegalArgumentException("run needs --config FILE");
                }
                HelperConfig c = ConfigLoader.load(Path.of(config), System.getenv());
                serve(c, null);
                return 0;
            }
            case "dev" -> {
                String servers = p.value("--servers");
                DevMode.run(Path.of(p.value("--dir", "dev-helper")), servers == null ? null : Path.of(servers));
                return 0;
            }
            default -> throw new IllegalStateException(p.command());
        }
    }

    /** Starts a helper with {@code config} and blocks until the JVM is asked to stop. */
    static void serve(HelperConfig config, Runnable afterStart) throws Exception {
        // listen.event-loops loops (one per core by default) carry all network work (docs/helper-design.md, Threads)
        Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(config.eventLoops()));
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
}
