package org.lafs.loadtest.floor;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Moving bytes through a loopback TCP connection with NIO and direct buffers (what Netty does
 * under Vert.x), both ends in this process: each ciphertext byte travels once from the client to
 * the helper and 3.3 times as shares from the helper to the grid.
 */
final class LoopbackWork {
    /** Netty's usual write and read sizes are of this order; larger changed little here. */
    private static final int CHUNK = 64 * 1024;

    private LoopbackWork() {}

    static double cpuSeconds(long bytes) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel out = SocketChannel.open(listener.getLocalAddress()); SocketChannel in = listener.accept()) {
                return CpuClock.seconds(() -> {
                    CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> drain(in, bytes));
                    ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
                    for (long left = bytes; left > 0; ) {
                        chunk.clear().limit((int) Math.min(CHUNK, left));
                        left -= out.write(chunk);
                    }
                    long got = reader.get(120, TimeUnit.SECONDS);
                    if (got != bytes) {
                        throw new IllegalStateException("loopback delivered " + got + " of " + bytes + " bytes");
                    }
                });
            }
        }
    }

    private static long drain(SocketChannel in, long bytes) {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        long got = 0;
        try {
            while (got < bytes) {
                chunk.clear();
                int r = in.read(chunk);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return got;
    }
}
