package org.lafs.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.lafs.gbs.Nurl;

/**
 * Reads and writes Tahoe's {@code private/servers.yaml}:
 * <pre>
 * storage:
 *   v0-...:
 *     ann:
 *       nickname: ...
 *       anonymous-storage-FURL: pb://...
 *       anonymous-storage-NURLs: [pb://...#v=1]
 *       permutation-seed-base32: ...
 * </pre>
 * (Tahoe's {@code client.py} reads {@code storage} and each server's {@code ann}.) Pure
 * functions over text plus file helpers; thread-safe.
 */
public final class ServersYaml {
    /** Refuse files above this size: a servers file is a few KB per server. */
    public static final int MAX_BYTES = 4 << 20;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ServersYaml() {}

    /**
     * Reads a servers file. The file may also hold just one NURL (one line, {@code pb://...#v=1}),
     * which gives one server whose id is {@code nurl-<spki-hash>} and which has no FURL.
     *
     * @throws IllegalArgumentException for malformed content (the message names the problem,
     *     never a secret)
     */
    public static List<ServerInfo> read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses servers.yaml text, or a single NURL. */
    public static List<ServerInfo> parse(String text) {
        String t = text.strip();
        if (t.startsWith("pb://") || t.startsWith("pb+tor://")) {
            Nurl n = Nurl.parse(t);
            return List.of(new ServerInfo("nurl-" + n.spkiHash(), "", null, List.of(n), null));
        }
        JsonNode root;
        try {
            root = YAML.readTree(t);
        } catch (IOException e) {
            throw new IllegalArgumentException("servers file is not valid YAML");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("servers file must be a YAML mapping with a 'storage' key");
        }
        JsonNode storage = root.get("storage");
        if (storage == null || storage.isNull()) {
            return List.of();
        }
        if (!storage.isObject()) {
            throw new IllegalArgumentException("'storage' must be a mapping of server id to {ann: ...}");
        }
        List<ServerInfo> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = storage.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey();
            JsonNode ann = e.getValue() == null ? null : e.getValue().get("ann");
            if (ann == null || !ann.isObject()) {
                throw new IllegalArgumentException("server " + id + " has no 'ann' mapping");
            }
            List<Nurl> nurls = new ArrayList<>();
            JsonNode ns = ann.get("anonymous-storage-NURLs");
            if (ns != null && !ns.isNull()) {
                if (!ns.isArray()) {
                    throw new IllegalArgumentException("server " + id + ": anonymous-storage-NURLs must be a list");
                }
                for (JsonNode n : ns) {
                    try {
                        nurls.add(Nurl.parse(n.asText()));
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException("server " + id + ": " + ex.getMessage());
                    }
                }
            }
            out.add(new ServerInfo(id, text(ann, "nickname"), text(ann, "anonymous-storage-FURL"), nurls,
                    text(ann, "permutation-seed-base32")));
        }
        return out;
    }

    /** Formats servers in Tahoe's layout. */
    public static String format(List<ServerInfo> servers) {
        ObjectNode root = YAML.createObjectNode();
        ObjectNode storage = root.putObject("storage");
        for (ServerInfo s : servers) {
            ObjectNode ann = storage.putObject(s.serverId()).putObject("ann");
            ann.put("nickname", s.nickname());
            if (s.furl() != null) {
                ann.put("anonymous-storage-FURL", s.furl());
            }
            ArrayNode ns = ann.putArray("anonymous-storage-NURLs");
            s.nurls().forEach(n -> ns.add(n.format()));
            if (s.permutationSeedBase32() != null) {
                ann.put("permutation-seed-base32", s.permutationSeedBase32());
            }
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes atomically (temp file + rename); the file holds swissnums, so it is made owner-only where possible. */
    public static void write(Path file, List<ServerInfo> servers) throws IOException {
        org.lafs.fs.PrivateFiles.write(file, format(servers));
    }

    private static String text(JsonNode ann, String key) {
        JsonNode v = ann.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
