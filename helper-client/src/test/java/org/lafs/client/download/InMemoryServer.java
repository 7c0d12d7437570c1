package org.lafs.client.download;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A storage server holding shares in memory with GBS read semantics (short read at the end,
 * empty past it, 404 as a failed future): the fast tier of download tests, socket-free. The
 * integration tests run the same logic against real storage servers.
 */
final class InMemoryServer implements StorageServer {
    final String id;
    final Map<String, Map<Integer, byte[]>> shares = new ConcurrentHashMap<>();
    final List<String> corruptReports = java.util.Collections.synchronizedList(new ArrayList<>());

    InMemoryServer(String id) {
        this.id = id;
    }

    void put(byte[] si, int shnum, byte[] share) {
        shares.computeIfAbsent(java.util.HexFormat.of().formatHex(si), k -> new TreeMap<>()).put(shnum, share);
    }

    Map<Integer, byte[]> of(byte[] si) {
        return shares.getOrDefault(java.util.HexFormat.of().formatHex(si), Map.of());
    }

    @Override
    public String serverId() {
        return id;
    }

    @Override
    public byte[] permutationSeed() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Future<Set<Integer>> listShares(byte[] si) {
        return Future.succeededFuture(Set.copyOf(of(si).keySet()));
    }

    @Override
    public Future<Buffer> read(byte[] si, int shnum, long offset, int length) {
        byte[] s = of(si).get(shnum);
        if (s == null) {
            return Future.failedFuture(new java.io.IOException("404 no such share"));
        }
        if (offset >= s.length) {
            return Future.succeededFuture(Buffer.buffer());
        }
        int end = (int) Math.min(s.length, offset + length);
        return Future.succeededFuture(Buffer.buffer(java.util.Arrays.copyOfRange(s, (int) offset, end)));
    }

    @Override
    public Future<Void> adviseCorrupt(byte[] si, int shnum, String reason) {
        corruptReports.add(shnum + ": " + reason);
        return Future.succeededFuture();
    }
}
