#!/usr/bin/python3
"""A stock-foolscap client for the helper's Foolscap listener, driven by the Java tests
(org.lafs.helper.FoolscapUploadTest and friends). It behaves like a Tahoe-LAFS 1.20 node's
AssistedUploader and RemoteEncryptedUploadable (upload.py), using Debian's python3-foolscap 21.7
and the stand-in interfaces of tahoe_rif.py: the same remote names and signatures, so foolscap
checks our answers against Tahoe's schemas.

    foolscap_client.py --furl FURL --cert PEM --role client-master|helper-master
                       --scenario upload|drop|bad-swissnum|unknown-method|reader-error|bad-answer
                       [--si HEX --ciphertext FILE --params K,HAPPY,N,SEGSIZE] [--drop-after BYTES]

The ciphertext is prepared by the Java test (it knows the convergent key); the client serves it
through read_encrypted as Tahoe's client does: forward skips are allowed (resume), backward
reads fail. The TLS certificate in --cert is created on first use with a TubID that makes the
requested side the Foolscap master (the larger TubID), and reused afterwards, so a second run is
the same client. One JSON object goes to stdout.
"""

import argparse
import json
import os
import sys

from twisted.internet import defer, reactor, task
from zope.interface import implementer

from foolscap.api import Referenceable, Tub
import tahoe_rif


def log(*a):
    print(*a, file=sys.stderr, flush=True)


@implementer(tahoe_rif.RIEncryptedUploadable)
class Reader(Referenceable):
    """Tahoe's RemoteEncryptedUploadable over a file of ciphertext."""

    def __init__(self, path, params, drop_after=None, fail_reads=False):
        self.path = path
        self.size = os.path.getsize(path)
        self.params = params
        self.pos = 0
        self.sent = 0
        self.reads = []
        self.closed = 0
        self.drop_after = drop_after
        self.fail_reads = fail_reads
        self.transport = None

    def remote_get_size(self):
        return self.size

    def remote_get_all_encoding_parameters(self):
        return tuple(self.params)

    def remote_read_encrypted(self, offset, length):
        self.reads.append([offset, length])
        if self.fail_reads:
            raise IOError("the file changed while it was being uploaded")
        # upload.py: precondition(offset >= self._offset); a forward skip reads and hashes the gap
        assert offset >= self.pos, "backward read %d < %d" % (offset, self.pos)
        if self.drop_after is not None and self.sent >= self.drop_after:
            # disconnect abruptly while the helper's call is outstanding
            log("dropping the connection at", offset)
            self.transport.abortConnection()
            return defer.Deferred()  # never answered
        with open(self.path, "rb") as f:
            f.seek(offset)
            data = f.read(length)
        self.pos = offset + len(data)
        self.sent += len(data)
        # Tahoe's client hands the answer over in pieces of at most 51200 bytes (spec 5.3)
        return [data[i:i + 51200] for i in range(0, len(data), 51200)]

    def remote_close(self):
        self.closed += 1
        return None


def tub_for(cert_path, helper_tubid, role):
    if os.path.exists(cert_path):
        return Tub(certData=open(cert_path, "rb").read())
    want_client_master = role == "client-master"
    while True:
        tub = Tub()
        if (tub.getTubID() > helper_tubid) == want_client_master:
            with open(cert_path, "wb") as f:
                f.write(tub.getCertData())
            return tub


def results_json(hur):
    d = hur.__dict__
    out = {}
    for k, v in d.items():
        if k == "uri_extension_data":
            out[k] = {kk: (vv.hex() if isinstance(vv, bytes) else vv) for kk, vv in v.items()}
            out["uri_extension_data_key_types"] = sorted({type(kk).__name__ for kk in v})
        elif k == "sharemap":
            out[k] = {str(sh): sorted(s.decode() for s in servers) for sh, servers in v.items()}
            out["sharemap_value_types"] = sorted({type(s).__name__ for s in v.values()})
        elif k == "servermap":
            out[k] = {s.decode(): sorted(shs) for s, shs in v.items()}
        elif k == "timings":
            out[k] = {kk: vv for kk, vv in v.items()}
        elif isinstance(v, bytes):
            out[k] = v.hex()
        else:
            out[k] = v
    return out


def failure_text(f):
    return str(getattr(f, "value", f))


@defer.inlineCallbacks
def main(reactor_, args):
    helper_tubid = args.furl[len("pb://"):len("pb://") + 32]
    tub = tub_for(args.cert, helper_tubid, args.role)
    tub.startService()
    out = {"tubid": tub.getTubID(), "master": "client" if tub.getTubID() > helper_tubid else "helper"}
    try:
        if args.scenario == "bad-swissnum":
            bad = args.furl.rsplit("/", 1)[0] + "/" + "x" * 32
            d = tub.getReference(bad)
            d.addCallbacks(lambda r: ("accepted", None), lambda f: ("refused", failure_text(f)))
            outcome, why = yield d
            out.update(outcome=outcome, error=why)
            return
        helper = yield tub.getReference(args.furl)
        version = yield helper.callRemote("get_version")
        out["version_keys"] = sorted(k.decode() for k in version)
        if args.scenario == "unknown-method":
            # a stock client checks method names locally; drop its schema to send the call anyway
            helper.tracker.interface = None
            d = helper.callRemote("no_such_method", 1)
            d.addCallbacks(lambda r: ("answered", None), lambda f: ("refused", failure_text(f)))
            outcome, why = yield d
            again = yield helper.callRemote("get_version")  # the connection is still usable
            out.update(outcome=outcome, error=why, still_connected=bool(again))
            return
        si = bytes.fromhex(args.si)
        params = [int(x) for x in args.params.split(",")]
        d = helper.callRemote("upload_chk", si)
        d.addCallbacks(lambda r: ("ok", r), lambda f: ("refused", failure_text(f)))
        outcome, res = yield d
        if outcome == "refused":
            out.update(answer="refused", error=res)
            return
        hur, uh = res
        if uh is None:
            out.update(answer="in-grid", results=results_json(hur))
            return
        out["answer"] = "upload"
        reader = Reader(args.ciphertext, params, args.drop_after, args.scenario == "reader-error")
        reader.transport = helper.tracker.broker.transport
        if args.scenario == "bad-answer":
            # a reader that answers get_size with text breaks the helper's schema
            reader.remote_get_size = lambda: "not a number"
        d = uh.callRemote("upload", reader)
        d.addCallbacks(lambda r: ("ok", r), lambda f: ("failed", failure_text(f)))
        if args.scenario == "drop":
            # the connection dies inside read_encrypted; upload() then fails locally
            outcome, res = yield d
            out.update(outcome=outcome, reads=reader.reads, sent=reader.sent)
            return
        outcome, res = yield d
        out.update(reads=reader.reads, sent=reader.sent, closed=reader.closed)
        if outcome == "failed":
            out.update(outcome="failed", error=res)
            return
        out.update(outcome="ok", results=results_json(res))
        del uh
        # let our decref of the upload helper go out before the connection closes
        yield task.deferLater(reactor, 0.2, lambda: None)
    finally:
        yield tub.stopService()
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--furl", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--role", choices=["client-master", "helper-master"], required=True)
    p.add_argument("--scenario", required=True)
    p.add_argument("--si")
    p.add_argument("--ciphertext")
    p.add_argument("--params")
    p.add_argument("--drop-after", type=int)
    task.react(main, [p.parse_args()])
