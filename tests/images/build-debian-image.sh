#!/usr/bin/env bash
# build-debian-image.sh - build a small three-layer Debian 12 image from real packages, in
# every input shape bulwark reads, plus the oracles the end-to-end tests compare against.
#
# Usage:  sudo tests/images/build-debian-image.sh OUT
#
# Layers (all made from the Debian mirror this machine's apt uses):
#   0  debootstrap --variant=minbase bookworm (GNU tar format)
#   1  apt-get install --no-install-recommends $APT_PKGS in a chroot (POSIX/pax tar format)
#   2  dpkg --purge $PURGE_PKG and rm $DELETE_FILE: a layer made of whiteouts (pax format)
# The layer tars use two formats on purpose: readers must handle both GNU and pax headers.
#
# Output in OUT:
#   oci/                OCI layout, gzip layers, tag "test"
#   oci-zstd/           the same image with tar+zstd layers (own manifest; same config/diff_ids)
#   image.oci.tar       oci/ as a tar (names without "./")
#   image.docker.tar    docker-archive (skopeo) of bulwark-test/e2e:latest
#   rootfs/             the final root filesystem
#   expected-dpkg.tsv   dpkg-query of rootfs: package<TAB>version<TAB>arch, sorted
#   expected-layers.tsv package<TAB>version<TAB>arch<TAB>layer that introduced it
#   dpkg-layer<N>.tsv   the dpkg list after layer N
#   info.json           what was installed, purged and deleted; mirror; digests
#   cache/              the debootstrap result, reused across script versions (same mirror)
#   .stamp              hash of this script and image-lib.sh + mirror; OUT is reused when it matches
#
# Environment: MIRROR (default: read from /etc/apt/sources.list{,.d}), SOURCE_DATE_EPOCH,
# KEEP_WORK=1 (keep the temporary work directory), REBUILD=1 (ignore .stamp).
# Needs root (debootstrap, chroot, mount) and: debootstrap, GNU tar, gzip, zstd, jq, skopeo.
# The chroot, layer and OCI layout code is shared with bench/make-big-image.sh: image-lib.sh.
set -euo pipefail

IMAGE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/image-lib.sh
# shellcheck source=tests/images/image-lib.sh
. "$IMAGE_LIB"

SUITE=bookworm
APT_PKGS="jq less"          # jq pulls libjq1 and libonig5: three to four small real packages
PURGE_PKG=less              # purged again in layer 2
DELETE_FILE=etc/issue.net   # a plain file deleted in layer 2 (not owned by the purged package)
IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CHROOT_PATH=$IMAGE_PATH     # apt and maintainer scripts run with the image's own PATH
CHROOT_DNS=bind             # resolv.conf stays untouched: no layer carries it
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

[ $# -eq 1 ] || die "usage: $0 OUT"
OUT=$1

MIRROR=${MIRROR:-$(detect_mirror | head -n1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

# ---------------------------------------------------------------- reuse
# The library shapes the output as much as this script does, so the stamp hashes both.
SCRIPT_HASH=$(files_hash "${BASH_SOURCE[0]}" "$IMAGE_LIB")
STAMP="$SCRIPT_HASH $SUITE $MIRROR"
OUTPUTS=(oci/index.json oci-zstd/index.json image.oci.tar image.docker.tar rootfs/var/lib/dpkg/status
  expected-dpkg.tsv expected-layers.tsv info.json)
if stamp_current "$OUT" "$STAMP" "${OUTPUTS[@]}"; then
  log "reusing $OUT (stamp matches)"
  exit 0
fi

# ---------------------------------------------------------------- checks
require_root_and_tools gzip zstd skopeo dpkg-query
DEB_ARCH=$(dpkg --print-architecture)
case $DEB_ARCH in
  amd64) ARCH=amd64 ;; arm64) ARCH=arm64 ;; i386) ARCH=386 ;; ppc64el) ARCH=ppc64le ;; *) ARCH=$DEB_ARCH ;;
esac
EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}
CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
LAYER_CLAMP_MTIME=$EPOCH    # no entry newer than the image's creation: reproducible layers

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
work_init bulwark-image     # WORK, ROOT, LOG; clean-up on exit
NEW=$WORK/out               # every output is assembled here, then moved into OUT
mkdir -p "$NEW/oci/blobs/sha256" "$NEW/oci-zstd/blobs/sha256"

# ---------------------------------------------------------------- rootfs helpers
dpkg_list() {  # the oracle: what dpkg itself says is installed in $ROOT
  dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f '${binary:Package}\t${Version}\t${Architecture}\n' |
    LC_ALL=C sort
}

# ---------------------------------------------------------------- layers
# Pack all of directory $1 as the next layer, tar format $2 (gnu|posix), in tree-walk order;
# one gzip blob for oci/ and one zstd blob for oci-zstd/ (see pack_layer in image-lib.sh).
pack_dir_layer() {
  local dir=$1 format=$2
  tree_paths "$dir" | dfsort > "$WORK/paths"
  pack_layer "$dir" "$WORK/paths" "$format" "gzip:$NEW/oci" "zstd:$NEW/oci-zstd"
  log "layer $(( ${#LAYER_DIFFIDS[@]} - 1 )): diff_id ${LAYER_DIFFIDS[-1]:0:19}, ${LAYER_TAR_SIZES[-1]} bytes tar ($format)"
}


# ---------------------------------------------------------------- layer 0: debootstrap
debootstrap_minbase "$OUT/cache/debootstrap.tar.zst"
[ -f "$ROOT/$DELETE_FILE" ] || die "$DELETE_FILE missing from the minbase rootfs"
dpkg_list > "$NEW/dpkg-layer0.tsv"
pack_dir_layer "$ROOT" gnu
snapshot "$ROOT" sha256 > "$WORK/snap"

# ---------------------------------------------------------------- layer 1: apt-get install
log "layer 1: apt-get install --no-install-recommends $APT_PKGS"
apt_install_in_chroot "$APT_PKGS"
dpkg_list > "$NEW/dpkg-layer1.tsv"
commit_layer "$WORK/snap" posix
WHITEOUTS1=$WHITEOUTS

# ---------------------------------------------------------------- layer 2: purge + delete
log "layer 2: dpkg --purge $PURGE_PKG; rm /$DELETE_FILE"
chroot_up
in_chroot dpkg --purge "$PURGE_PKG" >>"$LOG" 2>&1
chroot_down
rm -f "${ROOT:?}/$DELETE_FILE"
dpkg_list > "$NEW/dpkg-layer2.tsv"
commit_layer "$WORK/snap" posix
WHITEOUTS2=$WHITEOUTS
grep -qx "${DELETE_FILE%/*}/.wh.${DELETE_FILE##*/}" <<<"$WHITEOUTS2" || die "no whiteout for $DELETE_FILE"
! cut -f1 "$NEW/dpkg-layer2.tsv" | grep -qx "$PURGE_PKG" || die "$PURGE_PKG still installed"

# ---------------------------------------------------------------- oracles
cp "$NEW/dpkg-layer2.tsv" "$NEW/expected-dpkg.tsv"
# A package's layer is the first layer from which it is listed (same name, version and arch)
# in every later version of the dpkg database: awk walks the layers newest first.
awk -F'\t' -v OFS='\t' '
  FNR == 1 { f++ }
  { k = $1 FS $2 FS $3; seen[f, k] = 1; if (f == 1) final[k] = 1 }
  END { for (k in final) { l = f - 1
          for (g = 2; g <= f && seen[g, k]; g++) l = f - g
          print k, l } }' \
  "$NEW/dpkg-layer2.tsv" "$NEW/dpkg-layer1.tsv" "$NEW/dpkg-layer0.tsv" | LC_ALL=C sort > "$NEW/expected-layers.tsv"
[ "$(wc -l < "$NEW/expected-layers.tsv")" = "$(wc -l < "$NEW/expected-dpkg.tsv")" ] || die "layer oracle"

# ---------------------------------------------------------------- images
hist() {  # one history entry: $1 created_by, $2 "empty" for a layer-less step
  jq -n -c --arg c "$CREATED" --arg by "$1" --arg e "${2:-}" \
    '{created: $c, created_by: $by} + (if $e == "empty" then {empty_layer: true} else {} end)'
}
HISTORY=$(jq -s -c . <<EOF
$(hist "/bin/sh -c #(nop) ADD file:${LAYER_DIFFIDS[0]#sha256:} in / ")
$(hist '/bin/sh -c #(nop)  CMD ["bash"]' empty)
$(hist "/bin/sh -c apt-get update && apt-get install -y --no-install-recommends $APT_PKGS && apt-get clean")
$(hist '/bin/sh -c #(nop)  LABEL org.opencontainers.image.title=bulwark-e2e' empty)
$(hist "/bin/sh -c dpkg --purge $PURGE_PKG && rm /$DELETE_FILE")
EOF
)
CONFIG=$(jq -n -c --arg created "$CREATED" --arg arch "$ARCH" --arg path "PATH=$IMAGE_PATH" \
  --argjson history "$HISTORY" --argjson diffids "$(json_strings "${LAYER_DIFFIDS[@]}")" \
  '{created: $created, architecture: $arch, os: "linux",
    config: {Env: [$path], Cmd: ["bash"], Labels: {"org.opencontainers.image.title": "bulwark-e2e"}},
    rootfs: {type: "layers", diff_ids: $diffids}, history: $history}')

read -r MANIFEST CONFIG_DIGEST < <(write_oci_layout "$NEW/oci" gzip test "$ARCH" "$CONFIG")
read -r ZMANIFEST _ < <(write_oci_layout "$NEW/oci-zstd" zstd test "$ARCH" "$CONFIG")

for d in "$NEW"/oci/blobs/sha256/* "$NEW"/oci-zstd/blobs/sha256/*; do
  [ "$(sha256sum < "$d" | cut -d' ' -f1)" = "$(basename "$d")" ] || die "digest mismatch: $d"
done
log "image.oci.tar, image.docker.tar"
tar -C "$NEW/oci" --numeric-owner --owner=0 --group=0 --format=gnu -cf "$NEW/image.oci.tar" oci-layout index.json blobs
skopeo --insecure-policy copy --quiet "oci:$NEW/oci:test" \
  "docker-archive:$NEW/image.docker.tar:bulwark-test/e2e:latest" >>"$LOG" 2>&1

new_pkgs=$(LC_ALL=C comm -13 <(cut -f1 "$NEW/dpkg-layer0.tsv") <(cut -f1 "$NEW/dpkg-layer1.tsv"))
jq -n --arg mirror "$MIRROR" --arg suite "$SUITE" --arg arch "$ARCH" --arg created "$CREATED" \
  --arg apt "$APT_PKGS" --arg purged "$PURGE_PKG" --arg deleted "/$DELETE_FILE" \
  --arg new "$new_pkgs" --arg wh1 "$WHITEOUTS1" --arg wh2 "$WHITEOUTS2" \
  --arg manifest "$MANIFEST" --arg zmanifest "$ZMANIFEST" --arg config "$CONFIG_DIGEST" \
  --argjson diffids "$(json_strings "${LAYER_DIFFIDS[@]}")" \
  --argjson gz "$(json_strings "${LAYER_GZIP_DIGESTS[@]}")" \
  --argjson zst "$(json_strings "${LAYER_ZSTD_DIGESTS[@]}")" \
  '{mirror: $mirror, suite: $suite, architecture: $arch, created: $created, tag: "test",
    repo_tag: "bulwark-test/e2e:latest", installed_in_layer1: ($apt | split(" ")),
    new_packages_layer1: ($new | split("\n") | map(select(. != ""))), purged_in_layer2: $purged,
    deleted_in_layer2: $deleted,
    whiteouts: [($wh1 | split("\n") | map(select(. != ""))), ($wh2 | split("\n") | map(select(. != "")))],
    manifest: $manifest, manifest_zstd: $zmanifest, config: $config,
    diff_ids: $diffids, layer_digests: $gz, layer_digests_zstd: $zst}' > "$NEW/info.json"

# ---------------------------------------------------------------- publish
# The stamp goes last, so an interrupted run is never mistaken for a complete one.
rm -f "$OUT/.stamp"
rm -rf --one-file-system "${OUT:?}"/{oci,oci-zstd,rootfs}
rm -f "$OUT"/{image.oci.tar,image.docker.tar,expected-dpkg.tsv,expected-layers.tsv,info.json,dpkg-layer*.tsv}
mv "$NEW"/* "$OUT/"
mv "$ROOT" "$OUT/rootfs"
echo "$STAMP" > "$OUT/.stamp"
log "done: $(wc -l < "$OUT/expected-dpkg.tsv") packages, $(du -sh "$OUT" | cut -f1) in $OUT"
