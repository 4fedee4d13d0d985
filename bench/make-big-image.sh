#!/usr/bin/env bash
# make-big-image.sh - build a large (~800 MB uncompressed) real Debian 12 image for the
# benchmark: small test images are dominated by start-up cost, so speed claims need a big one.
#
# Usage:  sudo bench/make-big-image.sh OUT
#
# Layers (each the real result of the step, packed from a snapshot diff like docker commit):
#   0  debootstrap --variant=minbase bookworm (not slimmed: docs and man pages stay)
#   1  apt-get install --no-install-recommends build-essential
#   2  apt-get install --no-install-recommends default-jdk-headless
#   3  apt-get install --no-install-recommends python3-full python3-pip git curl
# Output: OUT/oci (OCI layout, gzip layers, tag "big"), OUT/info.json (sizes), OUT/.stamp.
# OUT is reused while .stamp matches this script and the mirror (REBUILD=1 forces a rebuild).
# Needs root and: debootstrap, chroot, mount, GNU tar, gzip, jq, sha256sum.
set -euo pipefail

SUITE=bookworm
LAYER_PKGS=("build-essential" "default-jdk-headless" "python3-full python3-pip git curl")
MT_GZ=application/vnd.oci.image.layer.v1.tar+gzip
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'make-big-image: error: %s\n' "$*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: $0 OUT"
OUT=$1
MIRROR=${MIRROR:-http://deb.debian.org/debian}

STAMP="$(sha256sum < "${BASH_SOURCE[0]}" | cut -d' ' -f1) $SUITE $MIRROR"
if [ -z "${REBUILD:-}" ] && [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$STAMP" ] &&
   [ -f "$OUT/oci/index.json" ]; then
  log "reusing $OUT"
  exit 0
fi
[ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and mount need it)"
for t in debootstrap chroot mount tar gzip jq sha256sum dpkg-query; do
  command -v "$t" >/dev/null || die "missing tool: $t"
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-big.XXXXXX")
ROOT=$WORK/rootfs
NEW=$WORK/oci
LOG=$WORK/build.log
mkdir -p "$NEW/blobs/sha256"
: > "$LOG"

MOUNTS=()
unmount_all() {
  local i
  for (( i=${#MOUNTS[@]}-1; i>=0; i-- )); do
    umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" 2>/dev/null || true
  done
  MOUNTS=()
}
cleanup() {
  local rc=$?
  unmount_all
  [ "$rc" = 0 ] || { echo "---- last lines of $LOG" >&2; tail -n 30 "$LOG" >&2; }
  # never rm -rf across a mount that failed to go away
  if awk -v p="$WORK/" 'index($2, p) == 1 { f = 1 } END { exit !f }' /proc/self/mounts; then
    echo "WARNING: mounts remain under $WORK; not deleting it" >&2
  else
    rm -rf --one-file-system "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# /proc for the JDK's post-install (ca-certificates-java runs java), a private /dev, DNS.
chroot_up() {
  mount -t proc proc "$ROOT/proc"; MOUNTS+=("$ROOT/proc")
  mount -t tmpfs -o mode=755,nosuid tmpfs "$ROOT/dev"; MOUNTS+=("$ROOT/dev")
  mknod -m 666 "$ROOT/dev/null" c 1 3; mknod -m 666 "$ROOT/dev/zero" c 1 5
  mknod -m 666 "$ROOT/dev/random" c 1 8; mknod -m 666 "$ROOT/dev/urandom" c 1 9
  ln -s /proc/self/fd "$ROOT/dev/fd"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
  printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"; chmod 755 "$ROOT/usr/sbin/policy-rc.d"
}
chroot_down() {
  rm -f "$ROOT/usr/sbin/policy-rc.d"; : > "$ROOT/etc/resolv.conf"
  unmount_all
}
apt_in_chroot() {
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false "$@"
}

# One line per entry; ctime catches rewritten content and changed modes alike.
snapshot() { (cd "$ROOT" && find . -mindepth 1 -printf '%P\t%y %m %U:%G %s %T@ %C@ %l\n' | LC_ALL=C sort); }

DIFF_IDS=() DIGESTS=() SIZES=() USIZES=() HIST=()
# Pack the paths of $ROOT listed in file $1 as the next layer (not a pipeline stage: the
# arrays it appends to must live in this shell, not a subshell).
pack() {
  local tarf=$WORK/layer.tar d gzd
  tar -C "$ROOT" --numeric-owner --format=gnu --no-recursion --verbatim-files-from -T "$1" -cf "$tarf"
  d=$(sha256sum < "$tarf" | cut -d' ' -f1)
  gzip -n -6 -c "$tarf" > "$WORK/layer.gz"
  gzd=$(sha256sum < "$WORK/layer.gz" | cut -d' ' -f1)
  DIFF_IDS+=("sha256:$d") DIGESTS+=("sha256:$gzd")
  SIZES+=("$(stat -c %s "$WORK/layer.gz")") USIZES+=("$(stat -c %s "$tarf")")
  mv "$WORK/layer.gz" "$NEW/blobs/sha256/$gzd"
  log "layer $(( ${#DIFF_IDS[@]} - 1 )): $(stat -c %s "$tarf") bytes tar, ${SIZES[-1]} bytes gzip"
  rm -f "$tarf"
}

# debootstrap is slow (network); its result is kept in OUT/cache across script changes.
BOOT_KEY="$SUITE $MIRROR minbase v1"
BOOT_TAR=$OUT/cache/debootstrap.tar
mkdir -p "$ROOT" "$OUT/cache"
if [ -f "$BOOT_TAR" ] && [ "$(cat "$OUT/cache/debootstrap.key" 2>/dev/null)" = "$BOOT_KEY" ]; then
  log "layer 0: reusing cached debootstrap"
  tar -C "$ROOT" --numeric-owner -xpf "$BOOT_TAR"
else
  log "layer 0: debootstrap --variant=minbase $SUITE $MIRROR"
  debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >>"$LOG" 2>&1
  rm -rf "${ROOT:?}"/dev/* "$ROOT/var/log/bootstrap.log" "$ROOT"/var/cache/apt/archives/*.deb
  : > "$ROOT/etc/resolv.conf"; echo localhost > "$ROOT/etc/hostname"
  tar -C "$ROOT" --numeric-owner -cpf "$BOOT_TAR.tmp" . && mv "$BOOT_TAR.tmp" "$BOOT_TAR"
  echo "$BOOT_KEY" > "$OUT/cache/debootstrap.key"
fi
(cd "$ROOT" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort) > "$WORK/list"
pack "$WORK/list"
HIST+=("debootstrap --variant=minbase $SUITE")
snapshot > "$WORK/snap"

for pkgs in "${LAYER_PKGS[@]}"; do
  log "layer ${#DIFF_IDS[@]}: apt-get install --no-install-recommends $pkgs"
  chroot_up
  {
    apt_in_chroot update
    # shellcheck disable=SC2086  # the package list is meant to split
    apt_in_chroot install -y --no-install-recommends $pkgs
    apt_in_chroot clean
  } >>"$LOG" 2>&1
  chroot_down
  rm -rf "$ROOT"/var/lib/apt/lists/*
  snapshot > "$WORK/snap.new"
  # Changed or new entries plus their parent directories (so the tar recreates the tree);
  # installs here delete nothing that matters, so no whiteouts are needed.
  LC_ALL=C comm -13 "$WORK/snap" "$WORK/snap.new" | cut -f1 |
    awk '{ print; d = $0; while (sub(/\/[^\/]*$/, "", d)) print d }' | LC_ALL=C sort -u > "$WORK/list"
  pack "$WORK/list"
  HIST+=("/bin/sh -c apt-get install -y --no-install-recommends $pkgs")
  mv "$WORK/snap.new" "$WORK/snap"
done

ids=$(printf '%s\n' "${DIFF_IDS[@]}" | jq -R . | jq -s -c .)
hist=$(printf '%s\n' "${HIST[@]}" | jq -R '{created_by: .}' | jq -s -c .)
cfg=$(jq -n -c --argjson ids "$ids" --argjson h "$hist" \
  '{architecture: "amd64", os: "linux", config: {Cmd: ["bash"], Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
    rootfs: {type: "layers", diff_ids: $ids}, history: $h}')
put() { local f=$WORK/b d; cat > "$f"; d=$(sha256sum < "$f" | cut -d' ' -f1); mv "$f" "$NEW/blobs/sha256/$d"; echo "sha256:$d $(stat -c %s "$NEW/blobs/sha256/$d")"; }
read -r cd cs < <(printf '%s' "$cfg" | put)
layers=$(for i in "${!DIGESTS[@]}"; do jq -n -c --arg d "${DIGESTS[i]}" --argjson s "${SIZES[i]}" --arg mt "$MT_GZ" '{mediaType: $mt, digest: $d, size: $s}'; done | jq -s -c .)
read -r md ms < <(jq -n -c --arg cd "$cd" --argjson cs "$cs" --argjson l "$layers" \
  '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs}, layers: $l}' | tr -d '\n' | put)
echo '{"imageLayoutVersion":"1.0.0"}' > "$NEW/oci-layout"
jq -n -c --arg d "$md" --argjson s "$ms" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s,
    platform: {architecture: "amd64", os: "linux"}, annotations: {"org.opencontainers.image.ref.name": "big"}}]}' > "$NEW/index.json"
usum=0; for u in "${USIZES[@]}"; do usum=$((usum + u)); done
csum=0; for c in "${SIZES[@]}"; do csum=$((csum + c)); done
packages=$(dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f '.\n' | wc -l)

rm -f "$OUT/.stamp"; rm -rf --one-file-system "${OUT:?}/oci"
mv "$NEW" "$OUT/oci"
jq -n --argjson u "$usum" --argjson c "$csum" --argjson p "$packages" --argjson l "${#DIGESTS[@]}" \
  '{uncompressed_bytes: $u, compressed_bytes: $c, dpkg_packages: $p, layers: $l}' > "$OUT/info.json"
echo "$STAMP" > "$OUT/.stamp"
log "done: ${#DIGESTS[@]} layers, $usum bytes uncompressed, $csum compressed, $packages packages in $OUT/oci"
