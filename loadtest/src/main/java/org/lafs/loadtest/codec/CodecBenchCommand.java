package org.lafs.loadtest.codec;

public final class CodecBenchCommand implements org.lafs.loadtest.Subcommand {
    public String name() { return "codec-bench"; }
    public String summary() { return "TODO"; }
    public String usage() { return ""; }
    public int run(String[] argv) { return 0; }
}
