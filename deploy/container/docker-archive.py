#!/usr/bin/env python3
"""Wraps a root filesystem tarball as a one-layer image in `docker save` format (manifest.json,
config JSON, layer tar), the format Jib reads from tar:// base images.

usage: docker-archive.py ROOTFS.tar OUT.tar TAG
"""
import hashlib
import json
import sys
import tarfile
import io


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    rootfs, out, tag = sys.argv[1:4]
    layer = sha256_file(rootfs)
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"],
        },
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + layer]},
        "history": [{"created_by": "deploy/container/base-image.sh: mmdebstrap bookworm, openjdk-17-jre-headless"}],
    }
    config_bytes = json.dumps(config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": [tag], "Layers": [layer + "/layer.tar"]}]
    with tarfile.open(out, "w") as t:
        for name, data in ((config_name, config_bytes), ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        t.add(rootfs, arcname=layer + "/layer.tar")


if __name__ == "__main__":
    main()
