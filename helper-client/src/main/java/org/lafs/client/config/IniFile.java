package org.lafs.client.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed INI file in the subset Tahoe's {@code tahoe.cfg} uses (Python {@code configparser}):
 * {@code [section]} headers, {@code key = value} or {@code key: value} lines, {@code #} and
 * {@code ;} comment lines, blank lines. Keys are lower-cased (configparser does so); values are
 * stripped. Continuation lines and interpolation are not supported (Tahoe does not use them).
 * Immutable and thread-safe.
 */
public final class IniFile {
    /** A {@code tahoe.cfg} is a few KB; refuse anything much larger before reading it. */
    public static final int MAX_BYTES = 1 << 20;

    private final Map<String, Map<String, String>> sections;

    private IniFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    /** An empty file (no sections). */
    public static IniFile empty() {
        return new IniFile(Map.of());
    }

    /** Reads {@code file}; a missing file is an empty configuration. */
    public static IniFile read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return empty();
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    }

    /**
     * Parses INI text.
     *
     * @param name used in error messages ("tahoe.cfg line 3: ...")
     * @throws IllegalArgumentException naming the line of the first syntax error
     */
    public static IniFile parse(String text, String name) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new IllegalArgumentException(name + " line " + (i + 1) + ": malformed section header");
                }
                String section = line.substring(1, line.length() - 1).strip();
                current = out.computeIfAbsent(section, s -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep <= 0) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": expected 'key = value'");
            }
            if (current == null) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": key outside of any [section]");
            }
            current.put(line.substring(0, sep).strip().toLowerCase(java.util.Locale.ROOT), line.substring(sep + 1).strip());
        }
        Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
        out.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
        return new IniFile(Collections.unmodifiableMap(frozen));
    }

    /** The value of {@code key} in {@code section}, if present and not empty. */
    public Optional<String> get(String section, String key) {
        Map<String, String> s = sections.get(section);
        String v = s == null ? null : s.get(key.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** An integer value in {@code [min, max]}, if present. */
    public Optional<Integer> getInt(String section, String key, int min, int max) {
        Optional<String> v = get(section, key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get();
        if (!s.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException("[" + section + "] " + key + " must be a decimal number");
        }
        long x = Long.parseLong(s);
        if (x < min || x > max) {
            throw new IllegalArgumentException("[" + section + "] " + key + " must be in " + min + ".." + max + ", got " + x);
        }
        return Optional.of((int) x);
    }
}
