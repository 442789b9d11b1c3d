#!/usr/bin/env bash
# Builds the suite's image with podman where builds get no network: fills an npm cache on the
# host with the base image's own npm version, then runs the Dockerfile's `npm ci` offline from it.
#
#   deploy/container/build-image.sh [IMAGE]        (default localhost/llm-perf-specs:local)
#
# BASE_IMAGE: the base (default localhost/llm-perf-specs-base:node20, from build-local-base.sh).
# NPM_CACHE_DIR: the npm cache to fill and mount (default /var/tmp/llm-perf-specs-npm-cache).
set -euo pipefail
cd "$(dirname "$0")/../.."

image="${1:-localhost/llm-perf-specs:local}"
base="${BASE_IMAGE:-localhost/llm-perf-specs-base:node20}"
cache="${NPM_CACHE_DIR:-/var/tmp/llm-perf-specs-npm-cache}"
# crun fails on these machines (setrlimit, cgroups); runc with explicit limits works.
run_flags=(--runtime runc --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

if ! podman image exists "$base"; then
  echo "build-image: base image $base not found; build it with deploy/container/build-local-base.sh" >&2
  exit 1
fi
npm_version="$(podman run --rm "${run_flags[@]}" "$base" npm --version)"

# Fill with the image's own npm: a cache npm 11 filled missed a packument npm 10 asked for.
echo "build-image: filling $cache with npm $npm_version"
fill="$(mktemp -d)"
trap 'rm -rf "$fill"' EXIT
cp package.json package-lock.json .npmrc "$fill/"
mkdir -p "$cache"
(cd "$fill" && npx --yes "npm@$npm_version" ci --cache "$cache" --ignore-scripts --no-audit --no-fund --loglevel=error > /dev/null)
# The build runs npm as the image's user node, which also writes to the cache.
chmod -R a+rwX "$cache"

echo "build-image: building $image on $base"
podman build --runtime runc --network none \
  --volume "$cache:/npm-cache" \
  --build-arg npm_config_cache=/npm-cache --build-arg npm_config_offline=true \
  --build-arg "BASE_IMAGE=$base" \
  --tag "$image" .
