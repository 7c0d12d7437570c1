package org.lafs.client.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Sends raw bytes as an HTTP request (anything, well-formed or not) over TCP or TLS and reads
 * the answer: for the tests that must send what no HTTP client library would.
 */
final class RawHttp {
    /** How long a server may take to answer before the exchange counts as a hang. */
    static final int TIMEOUT_MS = 15_000;

    /**
     * What came back.
     *
     * @param status the status code, or -1 when the connection closed without a status line
     * @param head the status line and headers
     * @param body what followed (up to 64 KiB)
     * @param hung whether the server neither answered nor closed within {@link #TIMEOUT_MS}
     */
    record Response(int status, String head, String body, boolean hung) {
        @Override
        public String toString() {
            return hung ? "(no answer within " + TIMEOUT_MS + " ms)" : status + " " + head.lines().findFirst().orElse("")
                    + " | " + body.substring(0, Math.min(200, body.length()));
        }
    }

    private RawHttp() {}

    /**
     * @param halfClose shut down the output after the request (the client sent all it will); TLS
     *     has no half-close, so there the connection is closed and no answer is awaited
     */
    static Response exchange(String host, int port, boolean tls, byte[] request, boolean halfClose) throws IOException {
        try (Socket s = tls ? tlsSocket(host, port) : new Socket(host, port)) {
            if (tls && halfClose) {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
                return new Response(-1, "", "", false);
            }
            s.setSoTimeout(TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (IOException closedWhileSending) {
                // the server may refuse and close before reading everything: read its answer
            }
            return read(s.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int headEnd = -1;
        long want = -1;
        try {
            while (true) {
                int n;
                try {
                    n = in.read(b);
                } catch (java.net.SocketException reset) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                buf.write(b, 0, n);
                byte[] all = buf.toByteArray();
                if (headEnd < 0) {
                    headEnd = indexOf(all, "\r\n\r\n".getBytes());
                    if (headEnd >= 0) {
                        String head = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1);
                        want = contentLength(head);
                        if (head.startsWith("HTTP/1.1 1")) { // 100 Continue: the real answer follows
                            buf.reset();
                            buf.write(all, headEnd + 4, all.length - headEnd - 4);
                            headEnd = -1;
                            continue;
                        }
                    }
                }
                if (headEnd >= 0 && want >= 0 && all.length - headEnd - 4 >= want) {
                    break;
                }
                if (buf.size() > 64 * 1024) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            if (headEnd < 0) {
                return new Response(-1, "", "", true);
            }
        }
        byte[] all = buf.toByteArray();
        if (headEnd < 0) {
            return new Response(-1, new String(all, StandardCharsets.ISO_8859_1), "", false);
        }
        String head = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1);
        String body = new String(all, headEnd + 4, all.length - headEnd - 4, StandardCharsets.UTF_8);
        int status = -1;
        String[] first = head.split("\r\n", 2)[0].split(" ");
        if (first.length >= 2 && first[1].matches("[0-9]{3}")) {
            status = Integer.parseInt(first[1]);
        }
        return new Response(status, head, body, false);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int c = line.indexOf(':');
            if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase("content-length")) {
                try {
                    return Long.parseLong(line.substring(c + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return head.contains(" 204 ") || head.contains(" 304 ") ? 0 : -1;
    }

    private static int indexOf(byte[] a, byte[] p) {
        outer:
        for (int i = 0; i + p.length <= a.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (a[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Socket tlsSocket(String host, int port) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // a test of the server's input handling, not of its identity
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port);
            s.startHandshake();
            return s;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
