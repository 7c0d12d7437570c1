package org.lafs.client.progress;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    @Test
    void plainLinesWithRateAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> now[0]);
        p.phase("uploading", 10_000_000, 2_000_000);
        now[0] = 2_000_000_000L;
        p.progress(4_000_000);   // too soon for a line
        now[0] = 6_000_000_000L;
        p.progress(6_000_000);   // 4 MB in 6 s
        now[0] = 9_000_000_000L;
        p.progress(10_000_000);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("uploading: started (10.0 MB), 2.0 MB already done"), out);
        assertTrue(out.contains("uploading: 6.0 MB of 10.0 MB (60%), 666.7 KB/s, ETA 0:06"), out);
        assertTrue(out.contains("uploading: 10.0 MB of 10.0 MB (100%)"), out);
        assertTrue(!out.contains("4.0 MB of"), out);
        assertTrue(!out.contains("\r"), "no carriage returns when not a terminal");
    }

    @Test
    void barOnTerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> now[0]);
        p.phase("uploading", 1000, 0);
        now[0] = 1_000_000_000L;
        p.progress(500);
        p.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\r[###############...............] uploading: 500 B of 1.0 KB (50%), 500 B/s, ETA 0:01"), out);
        assertTrue(out.endsWith("\n"), out);
    }
}
