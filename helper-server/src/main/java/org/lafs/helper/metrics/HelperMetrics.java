package org.lafs.helper.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The single bridge from {@link HelperEvents} to Micrometer, scraped in Prometheus text format
 * at {@code /metrics}. Names keep Tahoe's {@code chk_upload_helper.*} counters (Prometheus
 * renders the dots as underscores and adds {@code _total}); helper-specific meters are under
 * {@code helper.*}.
 *
 * <p>Threading: thread-safe (Micrometer meters are).
 */
public final class HelperMetrics implements HelperEvents, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Listens to GC notifications until {@link #close()}. */
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter requests = counter("chk_upload_helper.upload_requests", "uploads asked for");
    private final Counter present = counter("chk_upload_helper.upload_already_present", "uploads answered from the grid");
    private final Counter needUpload = counter("chk_upload_helper.upload_need_upload", "uploads that needed ciphertext");
    private final Counter resumes = counter("chk_upload_helper.resumes", "uploads continued from durable state");
    private final Counter fetched = counter("chk_upload_helper.fetched_bytes", "ciphertext bytes received and durable");
    private final Counter encoded = counter("chk_upload_helper.encoded_bytes", "ciphertext bytes encoded");
    private final Counter foolscapFetched = counter("helper.foolscap.fetched_bytes", "ciphertext bytes pulled from Foolscap clients");
    private final java.util.concurrent.atomic.AtomicLong foolscapOpen = new java.util.concurrent.atomic.AtomicLong();

    /** Live figures for gauges, sampled at scrape time. */
    public record Snapshot(int active, int incomingCount, long incomingSize, int encodingCount, long encodingSize) {}

    public HelperMetrics(Supplier<Snapshot> live) {
        // JVM and process meters: heap and non-heap by pool, GC pauses and promotion, threads,
        // CPU, uptime and start time, open/max file descriptors, loaded classes.
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        // Prometheus' info-metric convention: a constant 1 whose labels carry the build.
        Gauge.builder("lafs.build.info", () -> 1).description("version of the running helper")
                .tag("version", org.lafs.BuildInfo.version()).tag("built", org.lafs.BuildInfo.built())
                .tag("java", System.getProperty("java.version", "unknown")).register(registry);
        Gauge.builder("chk_upload_helper.active_uploads", () -> live.get().active()).register(registry);
        Gauge.builder("chk_upload_helper.incoming_count", () -> live.get().incomingCount()).register(registry);
        Gauge.builder("chk_upload_helper.incoming_size", () -> live.get().incomingSize()).baseUnit("bytes").register(registry);
        Gauge.builder("chk_upload_helper.encoding_count", () -> live.get().encodingCount()).register(registry);
        Gauge.builder("chk_upload_helper.encoding_size", () -> live.get().encodingSize()).baseUnit("bytes").register(registry);
        Gauge.builder("helper.foolscap.open_connections", foolscapOpen, java.util.concurrent.atomic.AtomicLong::get).register(registry);
    }

    private Counter counter(String name, String help) {
        return Counter.builder(name).description(help).register(registry);
    }

    @Override
    public void uploadRequested() {
        requests.increment();
    }

    @Override
    public void alreadyPresent() {
        present.increment();
    }

    @Override
    public void needUpload() {
        needUpload.increment();
    }

    @Override
    public void resumed() {
        resumes.increment();
    }

    @Override
    public void ciphertextReceived(long bytes) {
        fetched.increment(bytes);
    }

    @Override
    public void segmentEncoded(long bytes) {
        encoded.increment(bytes);
    }

    @Override
    public void windowStall(String server, long nanos) {
        Timer.builder("helper.push.window_stall").tag("server", server).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void bytesPushed(String server, long bytes) {
        Counter.builder("helper.push.bytes").baseUnit("bytes").tag("server", server).register(registry).increment(bytes);
    }

    @Override
    public void phaseTime(String phase, long nanos) {
        Timer.builder("helper.phase").tag("phase", phase).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void uploadEnded(String outcome, long nanos) {
        Timer.builder("helper.upload").tag("outcome", outcome).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rejected(String reason) {
        Counter.builder("helper.rejected").tag("reason", reason).register(registry).increment();
    }

    @Override
    public void foolscapConnectionOpened() {
        foolscapOpen.incrementAndGet();
        Counter.builder("helper.foolscap.connections").description("Foolscap connections accepted").register(registry).increment();
    }

    @Override
    public void foolscapConnectionClosed(String reason) {
        foolscapOpen.decrementAndGet();
        Counter.builder("helper.foolscap.closed").tag("reason", reason).register(registry).increment();
    }

    @Override
    public void foolscapUploadChk(String answer) {
        Counter.builder("helper.foolscap.upload_chk").tag("answer", answer).register(registry).increment();
    }

    @Override
    public void foolscapCiphertextFetched(long bytes) {
        foolscapFetched.increment(bytes);
    }

    /** Foolscap connections open now. */
    public long foolscapConnections() {
        return foolscapOpen.get();
    }

    /** Total ciphertext bytes received, for the status page and tests. */
    public double fetchedBytes() {
        return fetched.count();
    }

    public double counter(String name) {
        Counter c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    public String scrape() {
        return registry.scrape();
    }

    private volatile org.lafs.helper.grid.GridHealth gridHealth;

    /** Storage-server checks for the status page and the {@code helper.grid.servers} gauges. */
    public void setGridHealth(org.lafs.helper.grid.GridHealth health) {
        this.gridHealth = health;
        Gauge.builder("helper.grid.servers", health::serverCount).description("storage servers configured").register(registry);
        Gauge.builder("helper.grid.servers.up", health::upCount).description("storage servers that answered the last check")
                .register(registry);
    }

    /** The storage-server checks, or null for a helper without a grid. */
    public org.lafs.helper.grid.GridHealth gridHealth() {
        return gridHealth;
    }

    /** Every {@code helper.rejected} counter by reason (the status page's error counts). */
    public java.util.Map<String, Long> rejectedByReason() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (Counter c : registry.find("helper.rejected").counters()) {
            out.put(c.getId().getTag("reason"), (long) c.count());
        }
        return out;
    }

    /** Ended uploads by outcome (done, in-grid, failed, expired, terminated). */
    public java.util.Map<String, Long> uploadsByOutcome() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (Timer t : registry.find("helper.upload").timers()) {
            out.put(t.getId().getTag("outcome"), t.count());
        }
        return out;
    }

    @Override
    public void close() {
        gc.close();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
