#!/usr/bin/env bash
# Builds the Global Store image and tags it with the package.json version and latest.
#   docker/build.sh                         -> tensorcast/global-store:<version>, :latest
#   IMAGE=registry.example.com/gs docker/build.sh --platform linux/amd64
# Extra arguments go to `docker build` as they are.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${IMAGE:-tensorcast/global-store}"
# Read without node: the build host needs Docker, not a Node.js toolchain.
version="$(sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' "${root}/package.json" | head -n 1)"
if [[ -z "${version}" ]]; then
  echo "build.sh: no \"version\" found in ${root}/package.json" >&2
  exit 1
fi

echo "building ${image}:${version} (and ${image}:latest)"
docker build \
  --file "${root}/docker/Dockerfile" \
  --tag "${image}:${version}" \
  --tag "${image}:latest" \
  "$@" \
  "${root}"
