package org.lafs.helper.push;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.lafs.helper.store.HelperStore;
import org.lafs.helper.upload.HelperResult;
import org.lafs.upload.SavedPlacement;
import org.lafs.upload.SegmentRecord;
import org.lafs.upload.UploadJournal;
import org.lafs.upload.UploadResult;

/**
 * The pipeline's durable progress for one storage index, in the helper's RocksDB under
 * {@code j/<si>/}: {@code placement}, {@code acked} (segments acknowledged, big-endian int),
 * {@code seg/<8-digit index>} and {@code result} (the UEB hash + UEB bytes, so a restart after
 * the pipeline finished but before the helper recorded it does not push again).
 *
 * <p>Segment records are written without an fsync of their own ({@link HelperStore#writeUnsynced}):
 * a killed helper keeps them, and an OS crash can only lose the newest ones (with their
 * {@code acked} count, in the same batch), whose segments are then encoded and written again,
 * byte for byte the same, which storage servers accept. An fsync per segment cost an encode
 * worker about a fifth of its CPU in the load test and blocked it meanwhile.
 *
 * <p>Threading: blocking; the pipeline calls it on its worker pool, one call at a time.
 */
final class RocksUploadJournal implements UploadJournal {
    private final HelperStore store;
    private final String prefix;

    private final java.util.function.LongSupplier fetched;

    RocksUploadJournal(HelperStore store, String si, java.util.function.LongSupplier fetched) {
        this.store = store;
        this.fetched = fetched;
        this.prefix = "j/" + si + "/";
    }

    @Override
    public Optional<SavedPlacement> placement() {
        return store.get(prefix + "placement").map(SavedPlacement::fromBytes);
    }

    @Override
    public void savePlacement(SavedPlacement p) {
        store.put(prefix + "placement", p.toBytes());
    }

    @Override
    public int segmentsAcknowledged() {
        return store.get(prefix + "acked").map(b -> ByteBuffer.wrap(b).getInt()).orElse(0);
    }

    @Override
    public SegmentRecord segment(int index) {
        return SegmentRecord.fromBytes(store.get(segKey(index))
                .orElseThrow(() -> new IllegalStateException("journal has no segment " + index)));
    }

    @Override
    public void saveSegment(int index, SegmentRecord r) {
        java.util.Map<String, byte[]> batch = new java.util.LinkedHashMap<>();
        batch.put(segKey(index), r.toBytes());
        batch.put(prefix + "acked", ByteBuffer.allocate(4).putInt(index + 1).array());
        store.writeUnsynced(batch);
    }

    /** One RocksDB write for the whole run (a write batch of segments is acknowledged at once). */
    @Override
    public void saveSegments(int first, java.util.List<SegmentRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        java.util.Map<String, byte[]> batch = new java.util.LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            batch.put(segKey(first + i), records.get(i).toBytes());
        }
        batch.put(prefix + "acked", ByteBuffer.allocate(4).putInt(first + records.size()).array());
        store.writeUnsynced(batch);
    }

    @Override
    public void saveResult(UploadResult r) {
        store.put(prefix + "result", PipelineResults.toHelperResult(r, fetched.getAsLong()).toJson().encode()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The pipeline's saved outcome, if it finished. */
    Optional<HelperResult> result() {
        return store.get(prefix + "result").map(b -> HelperResult.fromJson(
                new io.vertx.core.json.JsonObject(new String(b, java.nio.charset.StandardCharsets.UTF_8))));
    }

    private String segKey(int index) {
        // zero-padded to 8 digits so that keys sort by index (String.format cost more than the write)
        String digits = Integer.toString(index);
        return prefix + "seg/" + "00000000".substring(Math.min(8, digits.length())) + digits;
    }
}
