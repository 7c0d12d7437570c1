package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.lafs.BuildInfo;

/** /healthz, /readyz (no token, no data) and the JVM, process and build meters on /metrics. */
class HealthAndMetricsTest extends TusHelperFixture {
    @Test
    void healthAndReadinessNeedNoToken() {
        TusClient anon = alice.withToken(null);
        HttpResponse<String> h = anon.get(helper.rootUrl() + "/healthz");
        assertEquals(200, h.statusCode());
        assertEquals("ok\n", h.body());
        HttpResponse<String> r = anon.get(helper.rootUrl() + "/readyz");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(new JsonObject().put("ready", true), new JsonObject(r.body()));
    }

    @Test
    void notReadyWhenTheSpoolIsUnusable() throws Exception {
        Path spool = helper.config().spoolDir();
        Files.createDirectories(spool);
        Files.delete(spool);
        Files.writeString(spool, "not a directory");
        HttpResponse<String> r = alice.get(helper.rootUrl() + "/readyz");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("spool-unwritable", new JsonObject(r.body()).getJsonArray("failed").getString(0));
        assertEquals(200, alice.get(helper.rootUrl() + "/healthz").statusCode(), "alive all the same");
        Files.delete(spool);
        assertEquals(200, alice.get(helper.rootUrl() + "/readyz").statusCode(), "ready again once the spool is back");
    }

    @Test
    void notReadyWhileStopping() {
        // The service stops before the listener closes in Helper.stop(); in between a probe must
        // already see "not ready".
        helper.service().stop().await();
        HttpResponse<String> r = alice.get(helper.rootUrl() + "/readyz");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("stopping", new JsonObject(r.body()).getJsonArray("failed").getString(0));
    }

    @Test
    void metricsCarryJvmProcessAndBuildInfo() {
        String m = alice.withToken(null).get(helper.rootUrl() + "/metrics").body();
        for (String name : new String[] {"jvm_memory_used_bytes{", "jvm_memory_committed_bytes{", "jvm_gc_", "jvm_threads_live_threads",
                "process_cpu_usage", "system_cpu_count", "process_uptime_seconds", "process_start_time_seconds",
                "process_files_open_files", "process_files_max_files", "jvm_classes_loaded_classes"}) {
            assertTrue(m.contains(name), "metrics name " + name);
        }
        assertNotEquals("unknown", BuildInfo.version(), "resource filtering filled in the version");
        assertTrue(m.contains("lafs_build_info{") && m.contains("version=\"" + BuildInfo.version() + "\""), "build info metric");
        JsonObject v = new JsonObject(alice.get("/version").body());
        assertEquals("lafs-helper/" + BuildInfo.version(), v.getString("application-version"));
    }
}
