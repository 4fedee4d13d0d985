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
# OUT is reused while .stamp matches this script, tests/images/image-lib.sh and the mirror
# (REBUILD=1 forces a rebuild; KEEP_WORK=1 keeps the temporary work directory).
# Needs root and: debootstrap, chroot, mount, GNU tar, gzip, jq, sha256sum.
# The chroot, layer and OCI layout code is shared with the e2e test image's builder.
set -euo pipefail

IMAGE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")/../tests/images" && pwd)/image-lib.sh
# shellcheck source=tests/images/image-lib.sh
. "$IMAGE_LIB"

SUITE=bookworm
LAYER_PKGS=("build-essential" "default-jdk-headless" "python3-full python3-pip git curl")
# copy, not bind: apt's DNS as this image always had it (each layer holds an empty resolv.conf)
CHROOT_DNS=copy
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

[ $# -eq 1 ] || die "usage: $0 OUT"
OUT=$1
MIRROR=${MIRROR:-http://deb.debian.org/debian}

STAMP="$(files_hash "${BASH_SOURCE[0]}" "$IMAGE_LIB") $SUITE $MIRROR"
if stamp_current "$OUT" "$STAMP" oci/index.json; then
  log "reusing $OUT"
  exit 0
fi
require_root_and_tools gzip dpkg-query

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
work_init bulwark-big       # WORK, ROOT, LOG; clean-up on exit
NEW=$WORK/oci
mkdir -p "$NEW/blobs/sha256"

HIST=()
# Pack the paths of $ROOT listed in file $1 as the next layer: GNU tar, one gzip blob.
pack() {
  pack_layer "$ROOT" "$1" gnu "gzip:$NEW"
  log "layer $(( ${#LAYER_DIFFIDS[@]} - 1 )): ${LAYER_TAR_SIZES[-1]} bytes tar, ${LAYER_GZIP_SIZES[-1]} bytes gzip"
}

# debootstrap is slow (network); its result is kept in OUT/cache across script changes.
boot_finish() {
  rm -f "${ROOT:?}"/var/cache/apt/archives/*.deb
  # emptied in place, so they keep the mode debootstrap gave them (the host's)
  : > "$ROOT/etc/resolv.conf"; echo localhost > "$ROOT/etc/hostname"
}
debootstrap_cached "$SUITE $MIRROR minbase v1" "$OUT/cache/debootstrap.tar" boot_finish
tree_paths "$ROOT" | LC_ALL=C sort > "$WORK/list"
pack "$WORK/list"
HIST+=("debootstrap --variant=minbase $SUITE")
# ctime, not content hashes: cheaper on ~1 GB, and it catches rewritten content as well
snapshot "$ROOT" ctime > "$WORK/snap"

for pkgs in "${LAYER_PKGS[@]}"; do
  log "layer ${#LAYER_DIFFIDS[@]}: apt-get install --no-install-recommends $pkgs"
  apt_install_in_chroot "$pkgs"
  snapshot "$ROOT" ctime > "$WORK/snap.new"
  # Changed or new entries plus their parent directories (so the tar recreates the tree);
  # installs here delete nothing that matters, so no whiteouts are needed.
  changed_paths "$WORK/snap" "$WORK/snap.new" | with_parents | LC_ALL=C sort -u > "$WORK/list"
  pack "$WORK/list"
  HIST+=("/bin/sh -c apt-get install -y --no-install-recommends $pkgs")
  mv "$WORK/snap.new" "$WORK/snap"
done

ids=$(json_strings "${LAYER_DIFFIDS[@]}")
hist=$(printf '%s\n' "${HIST[@]}" | jq -R '{created_by: .}' | jq -s -c .)
cfg=$(jq -n -c --argjson ids "$ids" --argjson h "$hist" \
  '{architecture: "amd64", os: "linux", config: {Cmd: ["bash"], Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
    rootfs: {type: "layers", diff_ids: $ids}, history: $h}')
write_oci_layout "$NEW" gzip big amd64 "$cfg" > /dev/null    # not in a subshell: errors stop us
usum=0; for u in "${LAYER_TAR_SIZES[@]}"; do usum=$((usum + u)); done
csum=0; for c in "${LAYER_GZIP_SIZES[@]}"; do csum=$((csum + c)); done
packages=$(dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f '.\n' | wc -l)

rm -f "$OUT/.stamp"; rm -rf --one-file-system "${OUT:?}/oci"
mv "$NEW" "$OUT/oci"
jq -n --argjson u "$usum" --argjson c "$csum" --argjson p "$packages" --argjson l "${#LAYER_GZIP_DIGESTS[@]}" \
  '{uncompressed_bytes: $u, compressed_bytes: $c, dpkg_packages: $p, layers: $l}' > "$OUT/info.json"
echo "$STAMP" > "$OUT/.stamp"
log "done: ${#LAYER_GZIP_DIGESTS[@]} layers, $usum bytes uncompressed, $csum compressed, $packages packages in $OUT/oci"
