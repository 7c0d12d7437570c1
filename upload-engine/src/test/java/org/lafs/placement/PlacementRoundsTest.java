package org.lafs.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The selection rounds (gbs-storage-protocol.md section 4 steps 5-6) driven against a grid
 * described as plain data: which servers are unreachable, which refuse new shares, and which
 * shares each already holds. The driver loop here is the one {@code UploadPipeline} runs.
 */
class PlacementRoundsTest {

    /** A grid as data: servers in permuted order. */
    private record Grid(List<String> order, Set<String> unreachable, Set<String> readOnly, Set<String> refuse,
                        Map<String, Set<Integer>> holds) {
        /** readOnly: announce too little space (known up front); refuse: allocate nothing when asked. */
        static Grid of(String layout, String unreachable, String readOnly, String refuse) {
            Map<String, Set<Integer>> holds = Layouts.servers(layout);
            return new Grid(new ArrayList<>(holds.keySet()), new HashSet<>(Layouts.names(unreachable)),
                    new HashSet<>(Layouts.names(readOnly)), new HashSet<>(Layouts.names(refuse)), holds);
        }
    }

    private static PlacementRounds select(Grid grid, int k, int happy, int n) {
        List<String> candidates = grid.order().subList(0, Math.min(grid.order().size(), PlacementRounds.candidateCount(n)));
        PlacementRounds sel = new PlacementRounds(candidates, grid.order().size(), n, k, happy);
        for (String s : candidates) {
            if (grid.unreachable().contains(s)) {
                sel.markUnreachable(s, "connection refused");
            } else {
                sel.recordExisting(s, grid.holds().get(s));
                if (grid.readOnly().contains(s)) {
                    sel.markFull(s);
                }
            }
        }
        while (sel.shouldRetry()) {
            Map<String, SortedSet<Integer>> requests = sel.nextRequests();
            if (requests.isEmpty()) {
                break;
            }
            requests.forEach((server, shares) -> {
                Set<Integer> have = grid.holds().get(server);
                List<Integer> allocated = new ArrayList<>();
                if (!grid.refuse().contains(server) && !grid.readOnly().contains(server)) {
                    for (Integer sh : shares) {
                        if (!have.contains(sh)) {
                            allocated.add(sh);
                        }
                    }
                }
                sel.recordAllocation(server, shares, have, allocated);
            });
        }
        return sel;
    }

    @Test
    void tooFewWritableServersSaysHowManyAndWhy() {
        Grid grid = Grid.of("s0 s1 s2 s3 s4 s5 s6 s7 s8 s9", "s7 s8 s9", "", "s4 s5 s6");
        PlacementRounds sel = select(grid, 3, 7, 10);
        assertEquals(4, sel.happiness());
        PlacementException e = assertThrows(PlacementException.class, sel::requireHappy);
        assertEquals("only 4 of the 7 servers needed are reachable and writable: "
                + "10 servers known, 3 refused (full), 3 unreachable", e.getMessage());
        assertEquals(4, e.achieved());
        assertEquals(7, e.required());
        assertEquals(new PlacementException.ServerCounts(10, 10, 3, 3, 4), e.counts());
    }

    @Test
    void overlappingReadOnlySharesAreNamedAsTheCause() {
        // test_upload.py test_problem_layout_comment_52, first layout, happy=4
        Grid grid = Grid.of("s0:1..9 s1:0 s2:0 s3:0", "", "s1 s2 s3", "");
        PlacementRounds sel = select(grid, 3, 4, 10);
        PlacementException e = assertThrows(PlacementException.class, sel::requireHappy);
        assertEquals(2, e.achieved());
        assertEquals("shares could be spread over only 2 of the 4 servers needed (so that any 3 of them can "
                + "recover the file): 4 servers are usable, but shares already on read-only servers overlap; "
                + "4 servers known, 3 refused (full), 0 unreachable", e.getMessage());
    }

    @Test
    void onlyTheFirstTwoNServersAreTried() {
        Grid grid = Grid.of("s0 s1 s2 s3 s4 s5 s6 s7", "s0 s1 s2", "", "");
        PlacementRounds sel = select(grid, 1, 2, 2);
        assertEquals(List.of("s0", "s1", "s2", "s3"), sel.candidates());
        PlacementException e = assertThrows(PlacementException.class, sel::requireHappy);
        assertEquals("only 1 of the 2 servers needed are reachable and writable: 8 servers known "
                + "(the first 4 in permuted order were tried), 0 refused (full), 3 unreachable", e.getMessage());
    }

    @Test
    void noServersAtAll() {
        PlacementRounds sel = new PlacementRounds(List.of(), 0, 10, 3, 7);
        PlacementException e = assertThrows(PlacementException.class, sel::requireHappy);
        assertTrue(e.getMessage().startsWith("no storage servers are connected"), e.getMessage());
    }

    @Test
    void happyGridAllocatesOneShareEach() {
        Grid grid = Grid.of("s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11", "", "", "");
        PlacementRounds sel = select(grid, 3, 7, 10);
        sel.requireHappy();
        assertEquals(10, sel.happiness());
        Map<String, SortedSet<Integer>> expected = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            expected.put("s" + i, new TreeSet<>(List.of(i)));
        }
        assertEquals(expected, new HashMap<>(sel.allocations()));
    }

    @Test
    void refusalsMoveSharesToOtherServers() {
        // s1 and s3 refuse: their shares go to the remaining writable servers in a second round.
        Grid grid = Grid.of("s0 s1 s2 s3 s4", "", "", "s1 s3");
        PlacementRounds sel = select(grid, 2, 3, 5);
        sel.requireHappy();
        assertEquals(3, sel.happiness());
        Set<Integer> placed = new TreeSet<>();
        sel.allocations().values().forEach(placed::addAll);
        assertEquals(Set.of(0, 1, 2, 3, 4), placed);
        assertEquals(Set.of("s0", "s2", "s4"), sel.allocations().keySet());
    }

    @Test
    void existingSharesAreReusedNotPushed() {
        // test_upload.py test_problem_layout_comment_53, third layout: only 3 shares are pushed.
        Grid grid = Grid.of("s2:0..9 s3 s1 s4", "", "", "");
        PlacementRounds sel = select(grid, 3, 4, 10);
        sel.requireHappy();
        int pushed = sel.allocations().values().stream().mapToInt(Set::size).sum();
        assertEquals(3, pushed);
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), sel.existingShares().get("s2"));
    }

    @Test
    void aServerLostMidUploadIsReplacedWhenPossible() {
        Grid grid = Grid.of("s0 s1 s2 s3 s4", "", "", "");
        PlacementRounds sel = select(grid, 2, 3, 3);
        assertEquals(Set.of("s0", "s1", "s2"), sel.allocations().keySet());
        SortedSet<Integer> lost = sel.markUnreachable("s1", "connection reset");
        assertEquals(Set.of(1), lost);
        assertEquals(2, sel.happiness());
        Map<String, SortedSet<Integer>> again = sel.nextRequests();
        assertEquals(Map.of("s3", new TreeSet<>(Set.of(1))), again);
        sel.recordAllocation("s3", again.get("s3"), Set.of(), again.get("s3"));
        sel.requireHappy();
        assertEquals(3, sel.happiness());
    }
}
