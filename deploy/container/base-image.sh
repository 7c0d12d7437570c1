#!/usr/bin/env bash
# Builds a container base image for the helper image from Debian's package archive alone: Debian 12
# (bookworm) with its OpenJDK 17 runtime, written as a `docker save` tarball that Jib reads with
# -Dlafs.image.base=tar://OUT.tar. For machines that reach Debian's mirrors but no container
# registry; with a registry, any Java 17+ image (the default, eclipse-temurin:21-jre) does.
#
# usage: deploy/container/base-image.sh OUT.tar        (as root; needs mmdebstrap and python3)
set -euo pipefail
out="$(realpath -m "${1:?usage: base-image.sh OUT.tar}")"
here="$(cd "$(dirname "$0")" && pwd)"
command -v mmdebstrap >/dev/null || { echo "error: needs mmdebstrap (apt-get install mmdebstrap)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# --variant=apt: essential packages and apt only; no recommends; apt's caches dropped.
mmdebstrap --variant=apt --include=openjdk-17-jre-headless,ca-certificates \
  --aptopt='APT::Install-Recommends "false"' \
  --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
  bookworm "$work/rootfs.tar"
python3 "$here/docker-archive.py" "$work/rootfs.tar" "$out" "lafs-base:bookworm-jre17"
echo "base image: $out"
