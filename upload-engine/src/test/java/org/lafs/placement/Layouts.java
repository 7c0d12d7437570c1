package org.lafs.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Parses the compact layout notation of the placement tables: {@code "s1:1,2 s2:- s3:0"}. */
final class Layouts {
    private Layouts() {}

    /** server -> shares, servers in text order; {@code -} means no shares. */
    static Map<String, Set<Integer>> servers(String text) {
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String item : text.trim().split("\\s+")) {
            String[] parts = item.split(":", 2);
            Set<Integer> shares = new LinkedHashSet<>();
            if (parts.length == 2 && !parts[1].equals("-")) {
                for (String range : parts[1].split(",")) {
                    String[] ends = range.split("\\.\\.");
                    int lo = Integer.parseInt(ends[0]);
                    int hi = ends.length == 2 ? Integer.parseInt(ends[1]) : lo;
                    for (int i = lo; i <= hi; i++) {
                        shares.add(i);
                    }
                }
            }
            out.put(parts[0], shares);
        }
        return out;
    }

    static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String s : text.trim().split("\\s+")) {
                out.add(s);
            }
        }
        return out;
    }

    /** share -> servers. */
    static Map<Integer, Set<String>> shares(String text) {
        Map<Integer, Set<String>> out = new TreeMap<>();
        servers(text).forEach((server, shares) -> {
            for (Integer sh : shares) {
                out.computeIfAbsent(sh, x -> new LinkedHashSet<>()).add(server);
            }
        });
        return out;
    }
}
