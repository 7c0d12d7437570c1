package org.lafs.client.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lafs.client.HelperEndpoint;

/**
 * A PATCH whose body the other end stops taking must not block the client for ever (it had no
 * timeout at all: a PATCH's duration depends on its body). The other end here is a plain socket
 * on loopback that takes the request head, says 100 Continue, and then reads at the pace the
 * test sets: nothing (a stalled helper or network), or slowly (a slow link, which must never be
 * taken for a stall).
 */
@Timeout(120)
class StalledPatchTest {
    private static final byte[] SI = new byte[16];

    @Test
    void aPatchTheHelperStopsTakingFailsAsATimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = peer(() -> serve(server, 0, 0));
            HelperClient client = new HelperClient(endpoint(server), Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            HelperException e = assertThrows(HelperException.class, () -> client.patch(SI, 0, 1L << 30, zeros(1L << 30)));
            assertEquals("timeout", e.reason(), e.getMessage());
            assertTrue(e.retryable());
            assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "gave up in time");
            peer.interrupt();
            peer.join(10_000);
        }
    }

    @Test
    void aSlowButMovingPatchIsNotAStall() throws Exception {
        long length = 24L << 20;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // 1 MiB every 400 ms: about 10 s for the body, no second without progress
            Thread peer = peer(() -> serve(server, 1 << 20, 400));
            HelperClient client = new HelperClient(endpoint(server), Duration.ofSeconds(1));
            assertEquals(length, client.patch(SI, 0, length, zeros(length)));
            peer.join(10_000);
        }
    }

    private static Thread peer(Runnable r) {
        Thread t = new Thread(r, "stalling-peer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static HelperEndpoint endpoint(ServerSocket server) {
        return HelperEndpoint.of("http://127.0.0.1:" + server.getLocalPort(), null, "test-token");
    }

    /**
     * Takes one PATCH: its head, 100 Continue, then {@code step} bytes every {@code pauseMillis}
     * (step 0: none, ever) until Content-Length bytes are read, then 204.
     */
    private static void serve(ServerSocket server, int step, long pauseMillis) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            String head = readHead(in);
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (step == 0) {
                Thread.sleep(Long.MAX_VALUE);
            }
            long length = Long.parseLong(head.replaceAll("(?is).*content-length: *([0-9]+).*", "$1"));
            long read = 0;
            byte[] buf = new byte[step];
            while (read < length) {
                Thread.sleep(pauseMillis);
                int n = in.readNBytes(buf, 0, (int) Math.min(step, length - read));
                if (n == 0) {
                    return;
                }
                read += n;
            }
            out.write(("HTTP/1.1 204 No Content\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client gave up, or the test is over
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the head");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** {@code length} zero bytes, made as they are read. */
    private static InputStream zeros(long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
