#!/bin/sh
# Installs a single-node etcd for bench/scale.bench.ts (the reference it measures against).
# Benchmark setup only: the tests never need etcd. Debian ships it as etcd-server.
set -eu
if command -v etcd >/dev/null 2>&1; then
  etcd --version | head -1
  exit 0
fi
SUDO=''
if [ "$(id -u)" -ne 0 ]; then SUDO='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
# --no-install-recommends: only the server binary; the package's service is never started here.
$SUDO apt-get install -y -q --no-install-recommends etcd-server >/dev/null
etcd --version | head -1
