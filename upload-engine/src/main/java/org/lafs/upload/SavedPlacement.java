package org.lafs.upload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where the shares of one upload go, saved so that a restarted upload continues on the same
 * servers with the same upload secrets (gbs-storage-protocol.md section 3.2: a retrying client
 * keeps writing with its original upload secret). Immutable; {@link #toString()} hides the
 * upload secrets.
 *
 * @param allocatedSize the share length sent in allocate requests
 * @param shareToServer shares this upload writes, and their server ids
 * @param uploadSecrets upload secret per server id (one fresh random secret per server), for the
 *     servers holding shares and every candidate a replacement may use
 * @param rewriteFromStart shares whose server copy may have holes below the journal's resume
 *     point (moved to a new server and not yet caught up): they are rewritten from offset 0 on
 *     resume. Rewriting identical bytes is accepted by the server (section 3.3).
 * @param preexisting shares that servers already held complete: share -> server ids
 */
public record SavedPlacement(long allocatedSize, SortedMap<Integer, String> shareToServer,
                             Map<String, byte[]> uploadSecrets, SortedSet<Integer> rewriteFromStart,
                             SortedMap<Integer, Set<String>> preexisting) {
    private static final int FORMAT = 1;
    /** Decoding bound: more servers than any placement of 256 shares over 2n candidates uses. */
    private static final int MAX_ENTRIES = 1024;

    public SavedPlacement {
        if (allocatedSize < 1) {
            throw new IllegalArgumentException("allocated size must be positive");
        }
        shareToServer = Collections.unmodifiableSortedMap(new TreeMap<>(shareToServer));
        TreeMap<String, byte[]> secrets = new TreeMap<>();
        uploadSecrets.forEach((k, v) -> secrets.put(k, v.clone()));
        for (String server : shareToServer.values()) {
            if (!secrets.containsKey(server)) {
                throw new IllegalArgumentException("no upload secret for server " + server);
            }
        }
        uploadSecrets = Collections.unmodifiableMap(secrets);
        rewriteFromStart = Collections.unmodifiableSortedSet(new TreeSet<>(rewriteFromStart));
        TreeMap<Integer, Set<String>> pre = new TreeMap<>();
        preexisting.forEach((k, v) -> pre.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        preexisting = Collections.unmodifiableSortedMap(pre);
    }

    /** The upload secret for {@code server} (a copy). */
    public byte[] uploadSecret(String server) {
        byte[] s = uploadSecrets.get(server);
        if (s == null) {
            throw new IllegalArgumentException("no upload secret for server " + server);
        }
        return s.clone();
    }

    /** A compact stable encoding for journals. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(allocatedSize);
            out.writeShort(shareToServer.size());
            for (Map.Entry<Integer, String> e : shareToServer.entrySet()) {
                out.writeShort(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeShort(uploadSecrets.size());
            for (Map.Entry<String, byte[]> e : uploadSecrets.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeShort(e.getValue().length);
                out.write(e.getValue());
            }
            out.writeShort(rewriteFromStart.size());
            for (Integer s : rewriteFromStart) {
                out.writeShort(s);
            }
            out.writeShort(preexisting.size());
            for (Map.Entry<Integer, Set<String>> e : preexisting.entrySet()) {
                out.writeShort(e.getKey());
                out.writeShort(e.getValue().size());
                for (String s : e.getValue()) {
                    out.writeUTF(s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if {@code bytes} is not a {@link #toBytes()} encoding */
    public static SavedPlacement fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalArgumentException("not a saved placement (unknown format)");
            }
            long allocated = in.readLong();
            SortedMap<Integer, String> shares = new TreeMap<>();
            for (int i = 0, c = count(in); i < c; i++) {
                shares.put(in.readUnsignedShort(), in.readUTF());
            }
            Map<String, byte[]> secrets = new TreeMap<>();
            for (int i = 0, c = count(in); i < c; i++) {
                String server = in.readUTF();
                byte[] secret = new byte[count(in)];
                in.readFully(secret);
                secrets.put(server, secret);
            }
            SortedSet<Integer> rewrite = new TreeSet<>();
            for (int i = 0, c = count(in); i < c; i++) {
                rewrite.add(in.readUnsignedShort());
            }
            SortedMap<Integer, Set<String>> pre = new TreeMap<>();
            for (int i = 0, c = count(in); i < c; i++) {
                int share = in.readUnsignedShort();
                Set<String> servers = new LinkedHashSet<>();
                for (int j = 0, d = count(in); j < d; j++) {
                    servers.add(in.readUTF());
                }
                pre.put(share, servers);
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("saved placement has trailing bytes");
            }
            return new SavedPlacement(allocated, shares, secrets, rewrite, pre);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated saved placement", e);
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int c = in.readUnsignedShort();
        if (c > MAX_ENTRIES) {
            throw new IllegalArgumentException("saved placement lists " + c + " entries; at most " + MAX_ENTRIES);
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SavedPlacement p) || allocatedSize != p.allocatedSize
                || !shareToServer.equals(p.shareToServer) || !rewriteFromStart.equals(p.rewriteFromStart)
                || !preexisting.equals(p.preexisting) || !uploadSecrets.keySet().equals(p.uploadSecrets.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : uploadSecrets.entrySet()) {
            if (!java.security.MessageDigest.isEqual(e.getValue(), p.uploadSecrets.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(allocatedSize) * 31 + shareToServer.hashCode();
    }

    @Override
    public String toString() {
        return "SavedPlacement[allocatedSize=" + allocatedSize + ", shareToServer=" + shareToServer
                + ", uploadSecrets=<" + uploadSecrets.size() + " redacted>, rewriteFromStart=" + rewriteFromStart
                + ", preexisting=" + preexisting + "]";
    }
}
