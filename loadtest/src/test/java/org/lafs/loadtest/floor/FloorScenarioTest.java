package org.lafs.loadtest.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.loadtest.report.Report;

/** The floor's arithmetic and one small real run (figures are checked for shape, never for speed). */
class FloorScenarioTest {

    @Test
    void shapeOfThreeOfTen() {
        Shape s = new Shape(3, 10, 131072);
        assertEquals(43691, s.blockSize());
        assertEquals(10 * 43691 / 131072.0, s.expansion(), 1e-12);
        assertEquals(2 + 10 * 43691 / 131072.0, s.hashedBytes(), 1e-12);
        assertEquals(2, s.segments(131073));
        assertEquals(1, s.segments(131072));
        assertThrows(IllegalArgumentException.class, () -> new Shape(4, 3, 131072));
        assertThrows(IllegalArgumentException.class, () -> new Shape(3, 10, 2));
    }

    @Test
    void smallRunReportsEveryPieceAndTheirSum(@TempDir Path dir) throws Exception {
        Report report = new Report("floor", "test");
        FloorScenario.run(new FloorScenario.Params(3, 10, 131072, 4 << 20, 1), dir.resolve("w"), dir.resolve("g"), report);
        List<String> rows = report.markdown().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| work")).toList();
        assertEquals(8, rows.size(), report.markdown());
        double sum = 0;
        for (String row : rows.subList(0, 6)) {
            double ms = median(row);
            // the process CPU clock ticks every 10 ms here: a 4 MiB piece may read as 0
            assertTrue(ms >= 0, row);
            sum += ms;
        }
        double total = median(rows.get(6));
        assertTrue(total > 0, report.markdown());
        assertEquals(sum, total, 0.05, report.markdown()); // six cells rounded to 0.01 each
        double ceiling = median(rows.get(7));
        assertEquals(Runtime.getRuntime().availableProcessors() * 1000 / total, ceiling, ceiling * 0.01 + 1);
        assertTrue(report.markdown().contains("TLS_"), "names the negotiated cipher suite");
        try (Stream<Path> left = Files.list(dir.resolve("g"))) {
            assertEquals(0, left.count(), "share files are deleted");
        }
    }

    /** The median of a row's last cell, "1.23 (1.20-1.30)" or "1.23". */
    private static double median(String row) {
        String[] cells = row.split("\\|");
        return Double.parseDouble(cells[cells.length - 1].trim().split(" ")[0]);
    }
}
