package org.lafs.loadtest;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.lafs.cli.Cli;
import org.lafs.loadtest.codec.CodecBenchCommand;
import org.lafs.loadtest.codec.CodecThroughputCommand;
import org.lafs.loadtest.scenario.FloorCommand;
import org.lafs.loadtest.scenario.MemoryCommand;
import org.lafs.loadtest.scenario.QuickCommand;
import org.lafs.loadtest.scenario.RssCommand;
import org.lafs.loadtest.scenario.ThrottleCommand;
import org.lafs.loadtest.scenario.ThroughputCommand;
import org.lafs.loadtest.scenario.WindowCommand;

/**
 * Entry point of {@code bin/loadtest}: {@code bin/loadtest SUBCOMMAND [options]}. To add a
 * scenario, implement {@link Subcommand} and add it to {@link #SUBCOMMANDS}.
 *
 * <p>Exit status: what the subcommand returns; 2 for a bad command line (one line on stderr);
 * 1 for an unexpected failure.
 */
public final class Main {
    /** Every scenario, in the order {@code --help} lists them. */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            new CodecThroughputCommand(),
            new CodecBenchCommand(),
            new QuickCommand(),
            new ThrottleCommand(),
            new MemoryCommand(),
            new WindowCommand(),
            new ThroughputCommand(),
            new FloorCommand(),
            new RssCommand());

    private Main() {}

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    static int run(String[] argv) {
        if (argv.length == 0 || Set.of("--help", "-h", "help").contains(argv[0])) {
            System.out.println(help());
            return argv.length == 0 ? 2 : 0;
        }
        if (Set.of("--version", "-V").contains(argv[0])) {
            System.out.println(Cli.version("loadtest"));
            return 0;
        }
        Subcommand cmd = SUBCOMMANDS.stream().filter(s -> s.name().equals(argv[0])).findFirst().orElse(null);
        if (cmd == null) {
            System.err.println("error: " + (argv[0].startsWith("-") ? "unknown option '" : "unknown subcommand '")
                    + Cli.printable(argv[0]) + "' (try --help)");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        try {
            return cmd.run(rest);
        } catch (Cli.HelpRequested h) {
            System.out.print("usage: bin/loadtest " + cmd.name() + " [options]\n" + cmd.usage().indent(2)
                    + "  -h, --help, -V, --version\n");
            return 0;
        } catch (Cli.VersionRequested v) {
            System.out.println(Cli.version("loadtest"));
            return 0;
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("error: " + cmd.name() + " failed: " + e);
            return 1;
        }
    }

    private static String help() {
        StringBuilder b = new StringBuilder("usage: bin/loadtest SUBCOMMAND [options]   (SUBCOMMAND --help for its options)\n"
                + "       bin/loadtest --version\n");
        for (Subcommand s : SUBCOMMANDS) {
            b.append(String.format("  %-12s %s%n", s.name(), s.summary()));
        }
        return b.toString().stripTrailing();
    }
}
