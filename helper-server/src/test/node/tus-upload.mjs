// Uploads one file with the stock tus-js-client (Node), as a third-party tus user would, and
// prints one JSON line describing what happened: success or error, every retry tus-js-client
// decided on, and the bytes it reported sent. The Java tests (StockTusClientTest, the nginx
// test) run it against a real helper and check the helper's side.
//
// usage: node tus-upload.mjs ENDPOINT TOKEN FILE METADATA_JSON
import { readFileSync } from 'node:fs';
import * as tus from 'tus-js-client';

const [endpoint, token, file, metadataJson] = process.argv.slice(2);
const data = readFileSync(file);
const report = { success: false, retries: [], chunks: [], url: null };

const upload = new tus.Upload(data, {
  endpoint,
  headers: { Authorization: `Bearer ${token}` },
  metadata: JSON.parse(metadataJson),
  // tus-js-client's default; a retry here means the client saw an error it had to recover from.
  retryDelays: [0, 1000, 3000, 5000],
  onShouldRetry(err, attempt) {
    const res = err.originalResponse;
    report.retries.push({ attempt, status: res ? res.getStatus() : 0, message: String(err.message).split('\n')[0] });
    return attempt < 3;
  },
  onChunkComplete(chunkSize, accepted, total) {
    report.chunks.push({ chunkSize, accepted, total });
  },
  onSuccess() {
    report.success = true;
    report.url = upload.url;
    console.log(JSON.stringify(report));
    // The client may still hold a connection the server is discarding a body from.
    process.exit(0);
  },
  onError(err) {
    report.error = String(err.message).split('\n')[0];
    console.log(JSON.stringify(report));
    process.exit(1);
  },
});
upload.start();
