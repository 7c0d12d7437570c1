package org.lafs.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The placement strategy against the cases of Tahoe's servers-of-happiness specification and
 * test suite: test_happiness.py ({@code Happiness.*}) and the layouts of test_upload.py
 * ({@code EncodingParameters.test_problem_layout_*}, {@code test_happiness_with_*}, ...), the
 * latter written with servers in the permuted order the test comments describe.
 *
 * <p>Columns: case; servers in permuted order with the shares they hold ({@code name:shares},
 * {@code -} none); read-only servers; n; expected happiness of the resulting layout (existing
 * shares plus placement); expected number of shares newly placed (a server that does not
 * already hold them), or -1 to skip; the exact expected placement, or empty to skip.
 */
class SharePlacementTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "", textBlock = """
            spec: placement_simple          | peer0:2 peer1:-                                          | peer0             | 3   | 2  | 2  | peer1:0,1 peer0:2
            spec: placement_1               | peer0:0 peer1:1 peer2:2 peer3:3 peer4:4 peer5:5 peer6:6 peer7:7 peer8:8 peer9:9 peerA:- peerB:- | peer0 peer1 peer2 peer3 | 10 | 10 | 0 | peer0:0 peer1:1 peer2:2 peer3:3 peer4:4 peer5:5 peer6:6 peer7:7 peer8:8 peer9:9
            spec: unhappy (4 peers 5 shares) | peer1 peer2 peer3 peer4                                 |                   | 5   | 4  | 5  | peer1:0,4 peer2:1 peer3:2 peer4:3
            spec: hypothesis0               | 0 00                                                     |                   | 2   | 2  | 2  |
            spec: redistribute              | a:0 b:1 c:2,3 d                                          |                   | 4   | 4  | 1  | a:0 b:1 c:2 d:3
            spec: hypothesis_0              | 0                                                        |                   | 2   | 1  | 2  | 0:0,1
            spec: hypothesis_1              | 0 1 2 3                                                  |                   | 9   | 4  | 9  | 0:0,4,8 1:1,5 2:2,6 3:3,7
            empty grid, share i on server i | s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11                    |                   | 10  | 10 | 10 | s0:0 s1:1 s2:2 s3:3 s4:4 s5:5 s6:6 s7:7 s8:8 s9:9
            upload: comment_52 first        | s0:1..9 s1:0 s2:0 s3:0                                   | s1 s2 s3          | 10  | 2  | 0  |
            upload: comment_52 second       | s2 s3:0 s1:0 s0:0..9                                     | s3 s1             | 10  | 3  | 1  |
            upload: comment_53 first        | s2:0 s3:1 s1:2 s0:0..9                                   |                   | 10  | 4  | 0  |
            upload: comment_53 second       | s2:0..9 s3:0 s1:1 s4:2                                   |                   | 10  | 4  | 0  |
            upload: comment_53 third        | s2:0..9 s3 s1 s4                                         |                   | 10  | 4  | 3  |
            upload: ticket_1124 (2-of-4)    | s0:0..3 s1:0,3 s2:1 s3:2                                 |                   | 4   | 4  | 0  |
            upload: some_readonly           | s2:0..9 s4:0 s3:1 s1:2                                   | s4 s3 s1          | 10  | 4  | 0  |
            upload: all_readonly            | s3:1 s1:2 s2:0..9 s4:0                                   | s3 s1 s2 s4       | 10  | 4  | 0  |
            upload: comment_187 (2-of-3)    | s1:0..2 s2:0 s3:0                                        | s1 s2             | 3   | 3  | 1  |
            upload: ticket_1128 (2-of-4)    | s0 s1:0,3 s3:1 s2:2                                      |                   | 4   | 4  | 1  |
            upload: some homeless shares    | s1:0 s2:1 s3:2 s4:3                                      | s1 s2 s3 s4       | 10  | 4  | 0  |
            upload: existing_share_detection | s1:0..9 s2 s3 s4                                        | s1                | 10  | 4  | 9  |
            upload: skips one-share servers | s0:0..9 s1:0 s2:0..3 s3:1 s8:4 s5:5 s10:7                |                   | 10  | 7  | 0  |
            upload: exception msg, 5 empty  | s0 s1 s2 s3 s4                                           |                   | 10  | 5  | 10 |
            upload: exception msg, 2 empty  | s0 s1                                                    |                   | 10  | 2  | 10 | s0:0,2,4,6,8 s1:1,3,5,7,9
            everything_broken (no servers)  |                                                          |                   | 4   | 0  | 0  |
            """)
    void placesLikeTheSpecification(String name, String servers, String readOnly, int n, int expectedHappiness,
                                    int expectedNew, String expectedPlacement) {
        Map<String, Set<Integer>> existing = Layouts.servers(servers);
        List<String> order = new ArrayList<>(existing.keySet());
        Set<String> ro = new HashSet<>(Layouts.names(readOnly));

        Placement p = SharePlacement.place(order, ro, n, existing);

        Map<Integer, Set<String>> layout = new TreeMap<>(Layouts.shares(servers));
        int newShares = 0;
        for (Map.Entry<Integer, String> e : p.shareToServer().entrySet()) {
            if (!existing.get(e.getValue()).contains(e.getKey())) {
                newShares++;
                assertTrue(!ro.contains(e.getValue()), "new share " + e.getKey() + " on read-only " + e.getValue());
            }
            layout.computeIfAbsent(e.getKey(), x -> new HashSet<>()).add(e.getValue());
        }
        assertEquals(expectedHappiness, Happiness.of(layout), "happiness of the layout");
        assertEquals(expectedHappiness, p.happiness(), "distinct servers of the placement");
        if (expectedNew >= 0) {
            assertEquals(expectedNew, newShares, "shares newly placed");
        }
        if (order.stream().anyMatch(s -> !ro.contains(s))) {
            assertEquals(n, p.shareToServer().size(), "with a writable server every share is placed");
        }
        if (expectedPlacement != null) {
            Map<String, SortedSet<Integer>> expected = new HashMap<>();
            Layouts.servers(expectedPlacement).forEach((s, sh) -> expected.put(s, new TreeSet<>(sh)));
            assertEquals(expected, new HashMap<>(p.byServer()));
        }
    }

    @Test
    void hundredPeersHundredShares() {
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            peers.add("peer" + i);
        }
        Placement p = SharePlacement.place(peers, Set.of(), 100, Map.of());
        assertEquals(100, p.happiness());
    }

    /**
     * The strategy reaches the best happiness any layout could: a maximum matching where
     * read-only servers may hold only their existing shares and writable servers any share.
     */
    @Test
    void reachesTheOptimumOnRandomLayouts() {
        Random random = new Random(778);
        for (int round = 0; round < 2000; round++) {
            int n = 1 + random.nextInt(8);
            int servers = random.nextInt(10);
            List<String> order = new ArrayList<>();
            Set<String> ro = new HashSet<>();
            Map<String, Set<Integer>> existing = new HashMap<>();
            Map<String, Set<Integer>> possible = new HashMap<>();
            for (int s = 0; s < servers; s++) {
                String id = "s" + s;
                order.add(id);
                Set<Integer> have = new TreeSet<>();
                for (int sh = 0; sh < n; sh++) {
                    if (random.nextInt(4) == 0) {
                        have.add(sh);
                    }
                }
                existing.put(id, have);
                boolean readOnly = random.nextBoolean();
                if (readOnly) {
                    ro.add(id);
                    possible.put(id, have);
                } else {
                    Set<Integer> all = new TreeSet<>();
                    for (int sh = 0; sh < n; sh++) {
                        all.add(sh);
                    }
                    possible.put(id, all);
                }
            }
            Placement p = SharePlacement.place(order, ro, n, existing);
            int best = Happiness.ofServers(possible);
            assertEquals(best, p.happiness(), "round " + round + ": " + existing + " ro=" + ro + " n=" + n);
            for (Map.Entry<Integer, String> e : p.shareToServer().entrySet()) {
                assertTrue(!ro.contains(e.getValue()) || existing.get(e.getValue()).contains(e.getKey()),
                        "round " + round + ": read-only server given a new share");
            }
        }
    }
}
