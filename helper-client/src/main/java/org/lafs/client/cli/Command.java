package org.lafs.client.cli;

import java.util.List;

/** One CLI subcommand. Implementations are stateless; {@link #run} may block. */
public interface Command {
    /** The word that selects it, e.g. {@code cap}. */
    String name();

    /** One-line description for the command list. */
    String summary();

    /** Full usage text for {@code <command> --help}. */
    String usage();

    /**
     * Runs the command with the arguments after its name.
     *
     * @return the exit code (0 on success)
     * @throws CliException for any user-facing failure (printed as one line)
     */
    int run(List<String> args, CliContext ctx) throws CliException;
}
