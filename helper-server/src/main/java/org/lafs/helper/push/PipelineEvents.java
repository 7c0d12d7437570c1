package org.lafs.helper.push;

import org.lafs.chk.FileGeometry;
import org.lafs.log.Log;
import org.lafs.helper.metrics.HelperEvents;
import org.lafs.helper.upload.Upload;
import org.lafs.upload.UploadListener;
import org.lafs.upload.UploadResult;

/**
 * The one bridge from the pipeline's {@link UploadListener} to the helper: phases and progress
 * go to the {@link Upload} (status page, long-polls), figures go to {@link HelperEvents} (and
 * from there to Micrometer).
 *
 * <p>Threading: called on the pipeline's context; everything it calls is thread-safe and fast.
 */
final class PipelineEvents implements UploadListener {
    private final Upload upload;
    private final HelperEvents events;
    private final FileGeometry geometry;
    private long selectionStart;
    private long finishStart;

    PipelineEvents(Upload upload, HelperEvents events, FileGeometry geometry) {
        this.upload = upload;
        this.events = events;
        this.geometry = geometry;
    }

    @Override
    public void serverSelectionStart(int knownServers) {
        selectionStart = System.nanoTime();
        upload.setPhase("placing");
    }

    @Override
    public void serverSelectionEnd(int happiness, Throwable failure) {
        events.phaseTime("server-selection", System.nanoTime() - selectionStart);
        if (failure == null) {
            upload.setPhase("pushing");
        }
    }

    @Override
    public void resumed(int fromSegment) {
        Log.info("pipeline-resumed", "si", upload.si(), "segment", fromSegment);
    }

    @Override
    public void segmentEncodeEnd(int segment, long workerNanos) {
        events.segmentEncoded(geometry.segmentLength(segment));
        events.phaseTime("encode-segment", workerNanos);
    }

    @Override
    public void segmentAcknowledged(int segment) {
        upload.segmentDone();
    }

    @Override
    public void windowStallEnd(String serverId, long stalledNanos) {
        events.windowStall(serverId, stalledNanos);
    }

    @Override
    public void bytesPushed(String serverId, long bytes) {
        events.bytesPushed(serverId, bytes);
        upload.addPushed(bytes);
    }

    @Override
    public void serverFailed(String serverId, String reason) {
        Log.warn("server-failed", "si", upload.si(), "server", serverId, "reason", reason);
    }

    @Override
    public void shareMoved(int share, String fromServer, String toServer) {
        Log.info("share-moved", "si", upload.si(), "share", share, "from", fromServer, "to", toServer);
    }

    @Override
    public void foreignShares(java.util.SortedMap<Integer, java.util.Map<String, String>> foreign) {
        foreign.forEach((share, servers) -> servers.forEach((server, why) ->
                Log.warn("foreign-share", "si", upload.si(), "share", share, "server", server, "why", why)));
    }

    @Override
    public void finishStart() {
        finishStart = System.nanoTime();
        upload.setPhase("finishing");
    }

    @Override
    public void finishEnd(Throwable failure) {
        events.phaseTime("finish", System.nanoTime() - finishStart);
    }

    @Override
    public void uploadEnd(UploadResult result, Throwable failure) {
        if (failure != null) {
            Log.warn("pipeline-failed", "si", upload.si(), "error", String.valueOf(failure.getMessage()));
        }
    }
}
