package org.lafs.helper.foolscap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded Foolscap conversation (src/test/python/record_transcript.py): what a stock
 * python3-foolscap 21.7 listener received and sent, per read and per write, before and after
 * TLS (decrypted), plus metadata lines ({@code # key value}).
 */
final class Transcript {
    final String name;
    final Map<String, String> meta = new LinkedHashMap<>();
    /** Reads (C>S) and writes (S>C) before TLS, each as recorded. */
    final List<byte[]> plainIn = new ArrayList<>();
    final List<byte[]> plainOut = new ArrayList<>();
    /** Reads and writes after TLS started. */
    final List<byte[]> tlsIn = new ArrayList<>();
    final List<byte[]> tlsOut = new ArrayList<>();

    private Transcript(String name) {
        this.name = name;
    }

    static Transcript load(String name) throws IOException {
        Transcript t = new Transcript(name);
        try (InputStream in = Transcript.class.getResourceAsStream("/foolscap/" + name + ".transcript")) {
            if (in == null) {
                throw new IOException("no transcript " + name);
            }
            boolean tls = false;
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.equals("# tls")) {
                    tls = true;
                } else if (line.startsWith("# ")) {
                    String[] kv = line.substring(2).split(" ", 2);
                    t.meta.put(kv[0], kv.length > 1 ? kv[1] : "");
                } else if (line.startsWith("C>S ")) {
                    (tls ? t.tlsIn : t.plainIn).add(HexFormat.of().parseHex(line.substring(4)));
                } else if (line.startsWith("S>C ")) {
                    (tls ? t.tlsOut : t.plainOut).add(HexFormat.of().parseHex(line.substring(4)));
                }
            }
        }
        return t;
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    boolean clientIsMaster() {
        return meta.get("master").equals("client");
    }

    byte[] serverCert() {
        return HexFormat.of().parseHex(meta.get("server-cert"));
    }

    byte[] clientCert() {
        return HexFormat.of().parseHex(meta.get("client-cert"));
    }

    /** Bytes after the first {@code blocks} negotiation blocks of a stream: the Banana part. */
    static byte[] afterBlocks(byte[] stream, int blocks) {
        int at = 0;
        for (int i = 0; i < blocks; i++) {
            at = org.lafs.helper.foolscap.negotiation.HeaderBlock.end(stream, at, stream.length);
        }
        return java.util.Arrays.copyOfRange(stream, at, stream.length);
    }

    /** The Banana bytes the client sent (after its Hello, and its Decision when it was master). */
    byte[] bananaIn() {
        return afterBlocks(concat(tlsIn), clientIsMaster() ? 2 : 1);
    }

    /** The Banana bytes the server sent (after its Hello, and its Decision when it was master). */
    byte[] bananaOut() {
        return afterBlocks(concat(tlsOut), clientIsMaster() ? 1 : 2);
    }

    @Override
    public String toString() {
        return name;
    }
}
