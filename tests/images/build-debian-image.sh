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
#   .stamp              hash of this script + mirror; OUT is reused when it matches
#
# Environment: MIRROR (default: read from /etc/apt/sources.list{,.d}), SOURCE_DATE_EPOCH,
# KEEP_WORK=1 (keep the temporary work directory), REBUILD=1 (ignore .stamp).
# Needs root (debootstrap, chroot, mount) and: debootstrap, GNU tar, gzip, zstd, jq, skopeo.
set -euo pipefail

SUITE=bookworm
APT_PKGS="jq less"          # jq pulls libjq1 and libonig5: three to four small real packages
PURGE_PKG=less              # purged again in layer 2
DELETE_FILE=etc/issue.net   # a plain file deleted in layer 2 (not owned by the purged package)
IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
MT_GZ=application/vnd.oci.image.layer.v1.tar+gzip
MT_ZSTD=application/vnd.oci.image.layer.v1.tar+zstd
MT_CONFIG=application/vnd.oci.image.config.v1+json
MT_MANIFEST=application/vnd.oci.image.manifest.v1+json
MT_INDEX=application/vnd.oci.image.index.v1+json
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build-debian-image: error: %s\n' "$*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 OUT"
OUT=$1

# The first deb URI apt uses for $SUITE itself (not -security/-updates): deb822 .sources
# stanzas and one-line .list entries, only files apt itself would read.
detect_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v s="$SUITE" '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                        if ($(i + 1) == s) { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v s="$SUITE" 'BEGIN { RS = ""; FS = "\n" }
      { types = uris = suites = ""; enabled = 1
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/) types = " " substr($i, 7) " "
          if ($i ~ /^URIs:/) uris = substr($i, 6)
          if ($i ~ /^Suites:/) suites = " " substr($i, 8) " "
          if ($i ~ /^Enabled: *no/) enabled = 0 }
        if (enabled && types ~ / deb / && suites ~ (" " s " ")) { split(uris, u, " "); print u[1]; exit } }' \
      "$f" | sed 's/^[[:space:]]*//'
  done
}
MIRROR=${MIRROR:-$(detect_mirror | head -n1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

# ---------------------------------------------------------------- reuse
SCRIPT_HASH=$(sha256sum < "${BASH_SOURCE[0]}" | cut -d' ' -f1)
STAMP="$SCRIPT_HASH $SUITE $MIRROR"
OUTPUTS=(oci/index.json oci-zstd/index.json image.oci.tar image.docker.tar rootfs/var/lib/dpkg/status
  expected-dpkg.tsv expected-layers.tsv info.json)
complete() {
  local f
  [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$STAMP" ] || return 1
  for f in "${OUTPUTS[@]}"; do [ -e "$OUT/$f" ] || return 1; done
}
if [ -z "${REBUILD:-}" ] && complete; then
  log "reusing $OUT (stamp matches)"
  exit 0
fi

# ---------------------------------------------------------------- checks
[ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and mount need it)"
for t in debootstrap chroot tar gzip zstd jq skopeo dpkg-query sha256sum find sort comm awk \
         mount umount mknod; do
  command -v "$t" >/dev/null || die "missing tool: $t"
done
DEB_ARCH=$(dpkg --print-architecture)
case $DEB_ARCH in
  amd64) ARCH=amd64 ;; arm64) ARCH=arm64 ;; i386) ARCH=386 ;; ppc64el) ARCH=ppc64le ;; *) ARCH=$DEB_ARCH ;;
esac
EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}
CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-image.XXXXXX")
ROOT=$WORK/rootfs
NEW=$WORK/out               # every output is assembled here, then moved into OUT
LOG=$WORK/build.log
mkdir -p "$NEW/oci/blobs/sha256" "$NEW/oci-zstd/blobs/sha256"
: > "$LOG"

# ---------------------------------------------------------------- mounts + cleanup
MOUNTS=()
mounts_under() { awk -v p="$1/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts; }
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
  if [ "$rc" != 0 ] && [ -s "$LOG" ]; then
    echo "---- last lines of $LOG" >&2; tail -n 30 "$LOG" >&2
  fi
  if [ -n "$(mounts_under "$WORK")" ]; then
    echo "WARNING: mounts remain under $WORK; not deleting it" >&2
  elif [ -n "${KEEP_WORK:-}" ]; then
    echo "work directory kept: $WORK" >&2
  else
    rm -rf --one-file-system "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

assert_no_mounts() { [ -z "$(mounts_under "$WORK")" ] || die "unexpected mounts under $WORK"; }

# A minimal /proc, a private tmpfs /dev (never the host's) and the host's DNS for apt.
chroot_up() {
  assert_no_mounts
  mount -t proc proc "$ROOT/proc"; MOUNTS+=("$ROOT/proc")
  mount -t tmpfs -o mode=755,nosuid tmpfs "$ROOT/dev"; MOUNTS+=("$ROOT/dev")
  mknod -m 666 "$ROOT/dev/null" c 1 3; mknod -m 666 "$ROOT/dev/zero" c 1 5
  mknod -m 666 "$ROOT/dev/random" c 1 8; mknod -m 666 "$ROOT/dev/urandom" c 1 9
  ln -s /proc/self/fd "$ROOT/dev/fd"
  if [ -e /etc/resolv.conf ]; then
    mount --bind /etc/resolv.conf "$ROOT/etc/resolv.conf"; MOUNTS+=("$ROOT/etc/resolv.conf")
  fi
  printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"   # no daemons in the chroot
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
}
chroot_down() {
  rm -f "$ROOT/usr/sbin/policy-rc.d"
  unmount_all
  assert_no_mounts
}
in_chroot() {
  chroot "$ROOT" /usr/bin/env -i PATH="$IMAGE_PATH" HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}
apt_in_chroot() { in_chroot apt-get -o Acquire::Check-Valid-Until=false "$@"; }
dpkg_list() {  # the oracle: what dpkg itself says is installed in $ROOT
  dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f '${binary:Package}\t${Version}\t${Architecture}\n' |
    LC_ALL=C sort
}

# ---------------------------------------------------------------- layers
# Listing of every entry under $1: "path<TAB>type mode uid:gid size mtime link[<TAB>sha256]",
# so that a diff of two listings is exactly the set of changed entries.
snapshot() {
  local r=$1
  if [ -n "$(cd "$r" && find . \( -name $'*\n*' -o -name $'*\t*' \) -print -quit)" ]; then
    die "file names with tab/newline are not supported"
  fi
  LC_ALL=C join -t $'\t' -a 1 \
    <(cd "$r" && find . -mindepth 1 -printf '%P\t%y %m %U:%G %s %T@ %l\n' | LC_ALL=C sort) \
    <(cd "$r" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum --zero |
        tr '\0' '\n' | sed -E 's,^([0-9a-f]{64}) [ *]\./(.*)$,\2\t\1,' | LC_ALL=C sort)
}

# Sort paths depth-first (a dir, its contents, then "a.conf"), the order a tree walk gives.
dfsort() { sed 's,/,\x01,g' | LC_ALL=C sort -u | sed 's,\x01,/,g'; }

L_DIGEST=() L_ZDIGEST=() L_SIZE=() L_ZSIZE=() L_DIFFID=()

# Pack directory $1 as layer tar format $2 (gnu|posix); store gzip and zstd blobs.
pack_layer() {
  local dir=$1 format=$2 tarf=$WORK/layer.tar diffid gz zst opts=()
  # pax: no atime/ctime records and no PID in header names, so rebuilds give the same bytes
  [ "$format" = posix ] && opts=(--pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime')
  (cd "$dir" && find . -mindepth 1 -printf '%P\n' | dfsort) |
    tar -C "$dir" --numeric-owner --format="$format" "${opts[@]}" --no-recursion \
        --verbatim-files-from -T - --mtime="@$EPOCH" --clamp-mtime -cf "$tarf"
  diffid=$(sha256sum < "$tarf" | cut -d' ' -f1)
  gzip -n -6 -c "$tarf" > "$WORK/layer.gz"
  zstd -q -T0 -3 -c "$tarf" > "$WORK/layer.zst"
  gz=$(sha256sum < "$WORK/layer.gz" | cut -d' ' -f1)
  zst=$(sha256sum < "$WORK/layer.zst" | cut -d' ' -f1)
  # both blobs must decompress back to the very tar whose digest is the diff_id
  [ "$(gzip -dc "$WORK/layer.gz" | sha256sum | cut -d' ' -f1)" = "$diffid" ] || die "gzip round trip"
  [ "$(zstd -dc "$WORK/layer.zst" | sha256sum | cut -d' ' -f1)" = "$diffid" ] || die "zstd round trip"
  L_DIFFID+=("sha256:$diffid") L_DIGEST+=("sha256:$gz") L_ZDIGEST+=("sha256:$zst")
  L_SIZE+=("$(stat -c %s "$WORK/layer.gz")") L_ZSIZE+=("$(stat -c %s "$WORK/layer.zst")")
  mv "$WORK/layer.gz" "$NEW/oci/blobs/sha256/$gz"
  mv "$WORK/layer.zst" "$NEW/oci-zstd/blobs/sha256/$zst"
  log "layer $(( ${#L_DIFFID[@]} - 1 )): diff_id sha256:${diffid:0:12}, $(stat -c %s "$tarf") bytes tar ($format)"
  rm -f "$tarf"
}

# Diff $ROOT against snapshot file $1 and pack the changes as a layer in tar format $2:
# new/changed entries (with their parent dirs) plus an empty .wh.NAME for each removed path.
commit_layer() {
  local before=$1 format=$2 after=$WORK/snap.after stage=$WORK/stage p parent w
  snapshot "$ROOT" > "$after"
  LC_ALL=C comm -13 "$before" "$after" | cut -f1 > "$WORK/changed"
  # removed paths, keeping only the top of each removed subtree (one whiteout per subtree)
  LC_ALL=C comm -23 <(cut -f1 "$before") <(cut -f1 "$after") |
    awk '{ r[$0] = 1; p[NR] = $0 }
         END { for (i = 1; i <= NR; i++) { d = p[i]; top = 1
                 while (sub(/\/[^\/]*$/, "", d)) if (d in r) { top = 0; break }
                 if (top) print p[i] } }' > "$WORK/removed"
  { cat "$WORK/changed"; sed -n 's,/[^/]*$,,p' "$WORK/removed"; } |
    awk '{ print; d = $0; while (sub(/\/[^\/]*$/, "", d)) print d }' | dfsort > "$WORK/include"
  rm -rf "$stage"; mkdir "$stage"
  tar -C "$ROOT" --numeric-owner --no-recursion --verbatim-files-from -T "$WORK/include" -cf - |
    tar -C "$stage" --numeric-owner -xpf -
  while IFS= read -r p; do
    parent=$(dirname "$p"); [ "$parent" = . ] && parent=
    if [ ! -d "$stage/$parent" ] || [ -L "$stage/$parent" ]; then continue; fi
    w=$stage/${parent:+$parent/}.wh.$(basename "$p")
    : > "$w"; chmod 000 "$w"
    touch -r "$ROOT/${parent:-.}" "$stage/${parent:-.}"
  done < "$WORK/removed"
  pack_layer "$stage" "$format"
  WHITEOUTS=$(cd "$stage" && find . -name '.wh.*' -printf '%P\n' | LC_ALL=C sort)
  rm -rf "$stage"
  mv "$after" "$before"       # this state is the base of the next layer
}

# ---------------------------------------------------------------- layer 0: debootstrap
# debootstrap is the slow step (1-2 min, network); its result is kept in OUT/cache and reused
# as long as suite, mirror and architecture match, even when the rest of this script changes.
BOOT_KEY="debootstrap --variant=minbase $SUITE $MIRROR $DEB_ARCH v2"
BOOT_TAR=$OUT/cache/debootstrap.tar.zst
mkdir -p "$ROOT" "$OUT/cache"
if [ -f "$BOOT_TAR" ] && [ "$(cat "$OUT/cache/debootstrap.key" 2>/dev/null)" = "$BOOT_KEY" ]; then
  log "layer 0: reusing cached debootstrap ($BOOT_TAR)"
  tar -C "$ROOT" --numeric-owner --zstd -xpf "$BOOT_TAR"
else
  log "layer 0: debootstrap --variant=minbase $SUITE from $MIRROR (log: $LOG)"
  debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >>"$LOG" 2>&1
  assert_no_mounts
  rm -rf "${ROOT:?}"/dev/*                          # images ship an empty /dev
  # debootstrap copied the host's resolv.conf and hostname; container runtimes bind-mount both
  rm -f "$ROOT/etc/resolv.conf" "$ROOT/etc/hostname" "$ROOT/var/log/bootstrap.log"
  : > "$ROOT/etc/resolv.conf"; echo localhost > "$ROOT/etc/hostname"
  chmod 644 "$ROOT/etc/resolv.conf" "$ROOT/etc/hostname"
  chroot_up
  apt_in_chroot clean >>"$LOG" 2>&1               # the .debs debootstrap left behind
  chroot_down
  rm -rf "$ROOT"/var/lib/apt/lists/*
  rm -f "$BOOT_TAR" "$OUT/cache/debootstrap.key"
  tar -C "$ROOT" --numeric-owner --zstd -cpf "$BOOT_TAR.tmp" .
  mv "$BOOT_TAR.tmp" "$BOOT_TAR"; echo "$BOOT_KEY" > "$OUT/cache/debootstrap.key"
fi
[ -f "$ROOT/$DELETE_FILE" ] || die "$DELETE_FILE missing from the minbase rootfs"
dpkg_list > "$NEW/dpkg-layer0.tsv"
pack_layer "$ROOT" gnu
snapshot "$ROOT" > "$WORK/snap"

# ---------------------------------------------------------------- layer 1: apt-get install
log "layer 1: apt-get install --no-install-recommends $APT_PKGS"
chroot_up
{
  apt_in_chroot update
  # shellcheck disable=SC2086  # word splitting of the package list is wanted
  apt_in_chroot install -y --no-install-recommends $APT_PKGS
  apt_in_chroot clean
} >>"$LOG" 2>&1
chroot_down
rm -rf "$ROOT"/var/lib/apt/lists/*
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
put_blob() {  # stdin -> blob in layout $1; prints "sha256:<hex> <size>"
  local f=$WORK/blob d
  cat > "$f"; d=$(sha256sum < "$f" | cut -d' ' -f1)
  mv "$f" "$NEW/$1/blobs/sha256/$d"; echo "sha256:$d $(stat -c %s "$NEW/$1/blobs/sha256/$d")"
}
hist() {  # one history entry: $1 created_by, $2 "empty" for a layer-less step
  jq -n -c --arg c "$CREATED" --arg by "$1" --arg e "${2:-}" \
    '{created: $c, created_by: $by} + (if $e == "empty" then {empty_layer: true} else {} end)'
}
HISTORY=$(jq -s -c . <<EOF
$(hist "/bin/sh -c #(nop) ADD file:${L_DIFFID[0]#sha256:} in / ")
$(hist '/bin/sh -c #(nop)  CMD ["bash"]' empty)
$(hist "/bin/sh -c apt-get update && apt-get install -y --no-install-recommends $APT_PKGS && apt-get clean")
$(hist '/bin/sh -c #(nop)  LABEL org.opencontainers.image.title=bulwark-e2e' empty)
$(hist "/bin/sh -c dpkg --purge $PURGE_PKG && rm /$DELETE_FILE")
EOF
)
CONFIG=$(jq -n -c --arg created "$CREATED" --arg arch "$ARCH" --arg path "PATH=$IMAGE_PATH" \
  --argjson history "$HISTORY" --argjson diffids "$(printf '%s\n' "${L_DIFFID[@]}" | jq -R . | jq -s -c .)" \
  '{created: $created, architecture: $arch, os: "linux",
    config: {Env: [$path], Cmd: ["bash"], Labels: {"org.opencontainers.image.title": "bulwark-e2e"}},
    rootfs: {type: "layers", diff_ids: $diffids}, history: $history}')

write_layout() {  # $1 = layout dir name, $2 = layer media type, $3/$4 = names of digest/size arrays
  local dir=$1 mt=$2 layers='[]' cfg man i
  local -n digests=$3 sizes=$4
  for i in "${!digests[@]}"; do
    layers=$(jq -c --arg d "${digests[i]}" --argjson s "${sizes[i]}" --arg mt "$mt" \
      '. + [{mediaType: $mt, digest: $d, size: $s}]' <<<"$layers")
  done
  read -r cfg cfg_size < <(printf '%s' "$CONFIG" | put_blob "$dir")
  read -r man man_size < <(jq -n -c --arg cd "$cfg" --argjson cs "$cfg_size" --argjson layers "$layers" \
    --arg mtc "$MT_CONFIG" --arg mtm "$MT_MANIFEST" \
    '{schemaVersion: 2, mediaType: $mtm, config: {mediaType: $mtc, digest: $cd, size: $cs}, layers: $layers}' |
    tr -d '\n' | put_blob "$dir")
  echo '{"imageLayoutVersion":"1.0.0"}' > "$NEW/$dir/oci-layout"
  jq -n -c --arg d "$man" --argjson s "$man_size" --arg mtm "$MT_MANIFEST" --arg mti "$MT_INDEX" --arg arch "$ARCH" \
    '{schemaVersion: 2, mediaType: $mti, manifests: [{mediaType: $mtm, digest: $d, size: $s,
      platform: {architecture: $arch, os: "linux"},
      annotations: {"org.opencontainers.image.ref.name": "test"}}]}' > "$NEW/$dir/index.json"
  printf '%s %s\n' "$man" "$cfg"
}
read -r MANIFEST CONFIG_DIGEST < <(write_layout oci "$MT_GZ" L_DIGEST L_SIZE)
read -r ZMANIFEST _ < <(write_layout oci-zstd "$MT_ZSTD" L_ZDIGEST L_ZSIZE)

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
  --argjson diffids "$(printf '%s\n' "${L_DIFFID[@]}" | jq -R . | jq -s -c .)" \
  --argjson gz "$(printf '%s\n' "${L_DIGEST[@]}" | jq -R . | jq -s -c .)" \
  --argjson zst "$(printf '%s\n' "${L_ZDIGEST[@]}" | jq -R . | jq -s -c .)" \
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
