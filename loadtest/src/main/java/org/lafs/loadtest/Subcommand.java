package org.lafs.loadtest;

/**
 * One {@code bin/loadtest} scenario. Implementations parse their own options with {@link Args},
 * print results to standard output, and report misuse as {@link UsageException} (printed as one
 * line, exit status 2), never as a stack trace.
 */
public interface Subcommand {

    /** The word that selects it on the command line, e.g. {@code codec}. */
    String name();

    /** One line for {@code bin/loadtest --help}. */
    String summary();

    /** Multi-line option help for {@code bin/loadtest NAME --help}. */
    String usage();

    /**
     * Runs the scenario.
     *
     * @param argv the arguments after the subcommand's name (parse them with {@link Args})
     * @return the process exit status
     */
    int run(String[] argv) throws Exception;
}
