#!/usr/bin/python3
"""Records real Foolscap traffic between two Debian python3-foolscap 21.7 tubs for the Java
codec and negotiation tests (helper-server/src/test/resources/foolscap/*.transcript).

    record_transcript.py OUTDIR

For each scenario it starts a stand-in helper tub in a child process (the "server", the side
our Java listener replaces) and drives it from a stand-in client tub in this process. The
server process taps its own protocol objects, so what it records is the plaintext of both
directions: the HTTP-like upgrade exchange, then (after "# tls") the decrypted TLS stream.

Transcript format, one line each:
    # key value          metadata (tub ids, master role, swissnum, scenario)
    # tls                TLS starts here
    C>S <hex>            bytes the server received in one read
    S>C <hex>            bytes the server wrote in one write

The swissnums and certificates here are throw-away test values. Run by hand when the
transcripts need refreshing; CI only reads the recorded files.
"""

import os
import subprocess
import sys
import time

from twisted.internet import defer, reactor, task
from zope.interface import implementer

from foolscap.api import Referenceable, Tub
from foolscap import negotiate
from OpenSSL import crypto
import tahoe_rif

SIZE = 70000            # two read_encrypted pieces of Tahoe's 50 KiB fetcher chunk
CHUNK = 50 * 1024       # offloaded.py CHKCiphertextFetcher.CHUNK_SIZE
DEDUP_SI = b"D" * 16
UPLOAD_SI = bytes(range(16))
PARAMS = (3, 7, 10, 23334)  # k, happy, n, segment size (a multiple of k)
SWISSNUM = "rz7xa3h6qi525kpcdxhuhfbmq7bsmnqo"


# ---------------------------------------------------------------------------- server side

class Recorder:
    def __init__(self, path):
        self.f = open(path, "w")

    def line(self, text):
        self.f.write(text + "\n")
        self.f.flush()

    def data(self, direction, data):
        if data:
            self.line("%s %s" % (direction, bytes(data).hex()))


class Tap:
    """Wraps the server's transport: logs every plaintext write, forwards everything else."""

    def __init__(self, transport, rec):
        self._t = transport
        self._rec = rec

    def write(self, data):
        self._rec.data("S>C", data)
        self._t.write(data)

    def writeSequence(self, seq):
        for d in seq:
            self.write(d)

    def __getattr__(self, name):
        return getattr(self._t, name)


def install_tap(rec):
    orig_made = negotiate.Negotiation.connectionMade
    orig_switch = negotiate.Negotiation.switchToBanana
    orig_tls = negotiate.Negotiation.startTLS

    def tapped_receive(fn):
        def receive(chunk):
            rec.data("C>S", chunk)
            return fn(chunk)
        return receive

    def made(self):
        if not self.isClient:
            self.transport = Tap(self.transport, rec)
            self.dataReceived = tapped_receive(self.dataReceived)
        return orig_made(self)

    def switch(self, params):
        if self.isClient:
            return orig_switch(self, params)
        peer = self.transport.getPeerCertificate()
        rec.line("# client-cert %s" % crypto.dump_certificate(crypto.FILETYPE_ASN1, peer).hex())
        # switchToBanana points dataReceived at the broker; tap it again after
        orig_switch(self, params)
        self.dataReceived = tapped_receive(self.dataReceived)

    def tls(self, cert):
        if not self.isClient:
            rec.line("# tls")
        return orig_tls(self, cert)

    negotiate.Negotiation.connectionMade = made
    negotiate.Negotiation.switchToBanana = switch
    negotiate.Negotiation.startTLS = tls


def fake_results(size, fetched, dedup):
    """Shaped like offloaded.py fills HelperUploadResults (values are made up)."""
    r = tahoe_rif.HelperUploadResults()
    k, happy, n, segsize = PARAMS
    if dedup:
        r.sharemap = {i: {b"v0-aaaa"} for i in range(n)}
        r.preexisting_shares = n
        r.pushed_shares = 0
    else:
        r.timings = {"cumulative_fetch": 0.01, "total_fetch": 0.02, "total": 0.5}
        r.sharemap = {i: {b"v0-aaaa"} for i in range(n)}
        r.servermap = {b"v0-aaaa": set(range(n))}
        r.file_size = size
        r.ciphertext_fetched = fetched
        r.preexisting_shares = 0
        r.pushed_shares = n
    r.uri_extension_hash = b"\x33" * 32
    r.uri_extension_data = {"codec_name": b"crs", "codec_params": b"%d-%d-%d" % (segsize, k, n),
                            "crypttext_hash": b"\x11" * 32, "needed_shares": k,
                            "num_segments": (size + segsize - 1) // segsize, "segment_size": segsize,
                            "size": size, "total_shares": n}
    if not dedup:
        r.verifycapstr = b"URI:CHK-Verifier:aaaa:bbbb:3:10:%d" % size
    return r


@implementer(tahoe_rif.RICHKUploadHelper)
class StandInUploadHelper(Referenceable):
    def remote_get_version(self):
        return {b"http://allmydata.org/tahoe/protocols/helper/chk-upload/v1": {},
                b"application-version": b"stand-in/0"}

    @defer.inlineCallbacks
    def remote_upload(self, reader):
        size = yield reader.callRemote("get_size")
        have = 0
        while have < size:
            pieces = yield reader.callRemote("read_encrypted", have, min(CHUNK, size - have))
            have += sum(len(p) for p in pieces)
        yield reader.callRemote("get_all_encoding_parameters")
        yield reader.callRemote("close")
        defer.returnValue(fake_results(size, have, False))


@implementer(tahoe_rif.RIHelper)
class StandInHelper(Referenceable):
    def remote_get_version(self):
        return {b"http://allmydata.org/tahoe/protocols/helper/v1": {},
                b"application-version": b"stand-in/0"}

    def remote_upload_chk(self, si):
        if si == DEDUP_SI:
            return (fake_results(SIZE, None, True), None)
        return (None, StandInUploadHelper())


def serve(record_path, cert_path, furl_path, keepalive):
    rec = Recorder(record_path)
    install_tap(rec)
    tub = Tub(certFile=cert_path)
    if keepalive != "-":
        tub.setOption("keepaliveTimeout", int(keepalive))
    tub.startService()
    lst = tub.listenOn("tcp:0:interface=127.0.0.1")
    port = lst.getPortnum()  # deprecated, but the only way to learn port 0's number
    tub.setLocation("tcp:127.0.0.1:%d" % port)
    furl = tub.registerReference(StandInHelper(), name=SWISSNUM)
    rec.line("# server-tubid %s" % tub.getTubID())
    rec.line("# server-cert %s" % crypto.dump_certificate(crypto.FILETYPE_ASN1, tub.myCertificate.original).hex())
    with open(furl_path + ".tmp", "w") as f:
        f.write(furl)
    os.rename(furl_path + ".tmp", furl_path)
    reactor.run()


# ---------------------------------------------------------------------------- client side

@implementer(tahoe_rif.RIEncryptedUploadable)
class Reader(Referenceable):
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def remote_get_size(self):
        return len(self.data)

    def remote_get_all_encoding_parameters(self):
        return PARAMS

    def remote_read_encrypted(self, offset, length):
        assert offset >= self.pos
        self.pos = offset + length
        piece = self.data[offset:offset + length]
        return [piece[i:i + 51200] for i in range(0, len(piece), 51200)]

    def remote_close(self):
        return None


def client_tub(server_tubid, want_client_master):
    """A client tub whose TubID makes the wanted side the Foolscap master (larger TubID)."""
    while True:
        tub = Tub()
        if (tub.getTubID() > server_tubid) == want_client_master:
            return tub


@defer.inlineCallbacks
def run_client(furl, scenario, client_master):
    server_tubid = furl[len("pb://"):len("pb://") + 32]
    tub = client_tub(server_tubid, client_master)
    if scenario == "ping":
        tub.setOption("keepaliveTimeout", 1)
    tub.startService()
    try:
        if scenario == "bad-swissnum":
            bad = furl.rsplit("/", 1)[0] + "/no-such-swissnum"
            # a remote failure carries its type as a string, so inlineCallbacks cannot raise it:
            # look at it through callbacks instead
            d = tub.getReference(bad)
            d.addCallbacks(lambda ref: "accepted", lambda f: "refused")
            outcome = yield d
            assert outcome == "refused", "a wrong swissnum was accepted"
            return
        helper = yield tub.getReference(furl)
        yield helper.callRemote("get_version")
        if scenario == "ping":
            # both tubs ping after a second without traffic (pb.py keepaliveTimeout, set low here)
            yield task.deferLater(reactor, 2.5, lambda: None)
            return
        si = DEDUP_SI if scenario == "dedup" else UPLOAD_SI
        hur, uh = yield helper.callRemote("upload_chk", si)
        if uh is not None:
            data = bytes((i * 7 + 3) % 256 for i in range(SIZE))
            hur = yield uh.callRemote("upload", Reader(data))
            del uh
        assert hur.uri_extension_data["size"] == SIZE
        # let the decrefs go out before the connection closes
        yield task.deferLater(reactor, 0.5, lambda: None)
    finally:
        yield tub.stopService()


@defer.inlineCallbacks
def record(outdir, name, scenario, client_master, cert_path):
    furl_path = os.path.join(outdir, ".furl")
    if os.path.exists(furl_path):
        os.remove(furl_path)
    out = os.path.join(outdir, name + ".transcript")
    keepalive = "1" if scenario == "ping" else "-"
    server = subprocess.Popen([sys.executable, "-W", "ignore", __file__, "--serve", out, cert_path, furl_path, keepalive])
    try:
        for _ in range(400):
            if os.path.exists(furl_path):
                break
            yield task.deferLater(reactor, 0.05, lambda: None)
        furl = open(furl_path).read()
        yield run_client(furl, scenario, client_master)
        yield task.deferLater(reactor, 0.3, lambda: None)
    finally:
        server.terminate()
        server.wait()
        if os.path.exists(furl_path):
            os.remove(furl_path)
    with open(out, "a") as f:
        f.write("# scenario %s\n# master %s\n# swissnum %s\n" % (
            scenario, "client" if client_master else "server", SWISSNUM))
    print("recorded", out)


@defer.inlineCallbacks
def record_all(reactor_, outdir):
    os.makedirs(outdir, exist_ok=True)
    cert_path = os.path.join(outdir, ".server.pem")
    # A server TubID from the middle of the range, so that both roles take few client tries.
    while True:
        t = Tub()
        if "h" <= t.getTubID() < "q":
            open(cert_path, "wb").write(t.getCertData())
            break
    yield record(outdir, "upload-client-master", "upload", True, cert_path)
    yield record(outdir, "upload-server-master", "upload", False, cert_path)
    yield record(outdir, "dedup-client-master", "dedup", True, cert_path)
    yield record(outdir, "bad-swissnum-server-master", "bad-swissnum", False, cert_path)
    yield record(outdir, "ping-server-master", "ping", False, cert_path)
    os.remove(cert_path)


def main():
    if sys.argv[1] == "--serve":
        serve(*sys.argv[2:6])
        return
    task.react(record_all, [sys.argv[1]])


if __name__ == "__main__":
    main()
