package org.lafs.upload;

/**
 * One share this upload writes, and where.
 *
 * @param share the share number
 * @param server the server holding the upload slot
 * @param uploadSecret the upload secret of that slot (never logged)
 * @param fromStart true when the share must be written from offset 0 (a new slot, or a moved
 *     share); false when it continues from the journal's resume point
 */
record ShareTarget(int share, UploadServer server, byte[] uploadSecret, boolean fromStart) {
    @Override
    public String toString() {
        return "ShareTarget[" + share + " on " + server.serverId() + (fromStart ? ", from start]" : "]");
    }
}
