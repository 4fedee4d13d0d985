# shellcheck shell=bash
# image-lib.sh - what tests/images/build-debian-image.sh (the small e2e test image) and
# bench/make-big-image.sh (the ~800 MB benchmark image) have in common, so that a fix to the
# chroot, the layer diff or the OCI layout is made once: both build a Debian rootfs with
# debootstrap, change it with apt in a chroot, and pack each change as a layer like docker commit.
#
# Sourced, not run; the caller sets -euo pipefail, and every function here is safe under it.
# The caller sets SUITE and MIRROR (what debootstrap fetches) before debootstrap_cached;
# work_init sets WORK, ROOT (the rootfs being built) and LOG (where noisy tools write).
# Settings the caller may change after sourcing:
#   CHROOT_DNS          bind: bind-mount the host's resolv.conf over the rootfs's (the file is
#                       never written, so no layer picks it up); copy: copy it in and empty it
#                       again on the way out (the file then shows up as changed in each layer)
#   CHROOT_PATH         PATH inside the chroot
#   LAYER_CLAMP_MTIME   empty, or an epoch: no mtime in a layer tar is later (reproducible tars)
# Needs: bash >= 4.3 (namerefs), GNU tar and find, coreutils, jq; gzip/zstd for those blobs.

CHROOT_DNS=bind
CHROOT_PATH=/usr/sbin:/usr/bin:/sbin:/bin
LAYER_CLAMP_MTIME=
MOUNTS=()

MT_GZ=application/vnd.oci.image.layer.v1.tar+gzip
MT_ZSTD=application/vnd.oci.image.layer.v1.tar+zstd
MT_CONFIG=application/vnd.oci.image.config.v1+json
MT_MANIFEST=application/vnd.oci.image.manifest.v1+json
MT_INDEX=application/vnd.oci.image.index.v1+json

# What pack_layer appends, one entry per layer, in layer order. A blob kind K (gzip|zstd) has
# its own LAYER_<K>_DIGESTS/SIZES; the scripts read them after packing (info.json, logs).
# shellcheck disable=SC2034  # the per-kind arrays are written and read through namerefs
LAYER_DIFFIDS=() LAYER_TAR_SIZES=() LAYER_GZIP_DIGESTS=() LAYER_GZIP_SIZES=() \
  LAYER_ZSTD_DIGESTS=() LAYER_ZSTD_SIZES=()

log() { printf '==> %s\n' "$*" >&2; }
# The prefix is the running script's name, so a message says which of the builders failed.
die() { local prog=${0##*/}; printf '%s: error: %s\n' "${prog%.sh}" "$*" >&2; exit 1; }

# require_root_and_tools TOOL...: the tools this library uses are always checked; the caller
# names the rest (compressors, skopeo, ...). Root because debootstrap, chroot and mount need it.
require_root_and_tools() {
  local t
  [ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and mount need it)"
  for t in debootstrap chroot mount umount mknod tar jq sha256sum find sort comm awk "$@"; do
    command -v "$t" >/dev/null || die "missing tool: $t"
  done
}

# files_hash FILE...: one sha256 over the files, for a stamp that must change whenever the
# script or this library does (both decide what the output looks like).
files_hash() { cat "$@" | sha256sum | cut -d' ' -f1; }

# stamp_current OUT STAMP FILE...: OUT was completed by a run with this STAMP (the stamp is
# written last) and still holds every FILE; REBUILD=1 forces a rebuild.
stamp_current() {
  local out=$1 stamp=$2 f
  shift 2
  [ -z "${REBUILD:-}" ] && [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ] || return 1
  for f in "$@"; do [ -e "$out/$f" ] || return 1; done
}

# ---------------------------------------------------------------- work dir, mounts, clean-up
# work_init PREFIX: a fresh work dir, removed on exit (KEEP_WORK=1 keeps it), with the last
# lines of the build log shown when the script fails.
work_init() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  ROOT=$WORK/rootfs
  LOG=$WORK/build.log
  : > "$LOG"
  trap work_cleanup EXIT
  trap 'exit 130' INT TERM HUP
}

mounts_under() { awk -v p="$1/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts; }
assert_no_mounts() { [ -z "$(mounts_under "$WORK")" ] || die "unexpected mounts under $WORK"; }

unmount_all() {  # newest first: /dev/fd and resolv.conf sit on the mounts made before them
  local i
  for (( i=${#MOUNTS[@]}-1; i>=0; i-- )); do
    umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" 2>/dev/null || true
  done
  MOUNTS=()
}

work_cleanup() {
  local rc=$?
  unmount_all
  if [ "$rc" != 0 ] && [ -s "$LOG" ]; then
    echo "---- last lines of $LOG" >&2; tail -n 30 "$LOG" >&2
  fi
  # never rm -rf across a mount that failed to go away: it would delete the host's files
  if [ -n "$(mounts_under "$WORK")" ]; then
    echo "WARNING: mounts remain under $WORK; not deleting it" >&2
  elif [ -n "${KEEP_WORK:-}" ]; then
    echo "work directory kept: $WORK" >&2
  else
    rm -rf --one-file-system "$WORK"
  fi
  exit "$rc"
}

# ---------------------------------------------------------------- chroot
# A minimal /proc (the JDK's post-install runs java, which needs it), a private tmpfs /dev
# (never the host's), the host's DNS for apt (see CHROOT_DNS) and no daemons started.
chroot_up() {
  assert_no_mounts
  mount -t proc proc "$ROOT/proc"; MOUNTS+=("$ROOT/proc")
  mount -t tmpfs -o mode=755,nosuid tmpfs "$ROOT/dev"; MOUNTS+=("$ROOT/dev")
  mknod -m 666 "$ROOT/dev/null" c 1 3; mknod -m 666 "$ROOT/dev/zero" c 1 5
  mknod -m 666 "$ROOT/dev/random" c 1 8; mknod -m 666 "$ROOT/dev/urandom" c 1 9
  ln -s /proc/self/fd "$ROOT/dev/fd"
  case $CHROOT_DNS in
    bind) if [ -e /etc/resolv.conf ]; then
            mount --bind /etc/resolv.conf "$ROOT/etc/resolv.conf"; MOUNTS+=("$ROOT/etc/resolv.conf")
          fi ;;
    copy) cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true ;;
    *) die "CHROOT_DNS must be bind or copy, not '$CHROOT_DNS'" ;;
  esac
  printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
}
chroot_down() {
  rm -f "$ROOT/usr/sbin/policy-rc.d"
  if [ "$CHROOT_DNS" = copy ]; then : > "$ROOT/etc/resolv.conf"; fi
  unmount_all
  assert_no_mounts
}
in_chroot() {  # a clean environment: nothing of the host's leaks into maintainer scripts
  chroot "$ROOT" /usr/bin/env -i PATH="$CHROOT_PATH" HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}
# Check-Valid-Until off: a snapshot mirror's Release files may be past their expiry.
apt_in_chroot() { in_chroot apt-get -o Acquire::Check-Valid-Until=false "$@"; }

# apt_install_in_chroot "PKG...": the Dockerfile idiom (update, install, clean) on $ROOT, the
# apt lists removed again as images do; output goes to $LOG.
apt_install_in_chroot() {
  local pkgs
  read -ra pkgs <<<"$1"
  chroot_up
  {
    apt_in_chroot update
    apt_in_chroot install -y --no-install-recommends "${pkgs[@]}"
    apt_in_chroot clean
  } >>"$LOG" 2>&1
  chroot_down
  rm -rf "${ROOT:?}"/var/lib/apt/lists/*
}

# ---------------------------------------------------------------- layer 0: debootstrap
# debootstrap_cached KEY TARBALL [FINISH]: debootstrap --variant=minbase $SUITE into $ROOT,
# or unpack TARBALL when its key file (debootstrap.key next to it) holds KEY. debootstrap is
# the slow step (network), so its result is kept across script changes; KEY must name all
# that changes it. FINISH (a function) runs after the common slimming and before the result
# is cached: the rest is the caller's, down to resolv.conf and hostname (debootstrap copies the
# host's; what replaces them, with which mode, is part of the image). A TARBALL ending in .zst
# is zstd-compressed.
debootstrap_cached() {
  local key=$1 tarball=$2 finish=${3:-} keyfile zopt=()
  keyfile=$(dirname "$tarball")/debootstrap.key
  case $tarball in *.zst) zopt=(--zstd) ;; esac
  mkdir -p "$ROOT" "$(dirname "$tarball")"
  if [ -f "$tarball" ] && [ "$(cat "$keyfile" 2>/dev/null)" = "$key" ]; then
    log "layer 0: reusing cached debootstrap ($tarball)"
    tar -C "$ROOT" --numeric-owner "${zopt[@]}" -xpf "$tarball"
    return 0
  fi
  log "layer 0: debootstrap --variant=minbase $SUITE from $MIRROR (log: $LOG)"
  debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >>"$LOG" 2>&1
  assert_no_mounts
  rm -rf "${ROOT:?}"/dev/*                          # images ship an empty /dev
  rm -f "$ROOT/var/log/bootstrap.log"
  if [ -n "$finish" ]; then "$finish"; fi
  rm -f "$tarball" "$keyfile"                       # no stale key may vouch for a half tar
  tar -C "$ROOT" --numeric-owner "${zopt[@]}" -cpf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"; echo "$key" > "$keyfile"
}

# ---------------------------------------------------------------- snapshots and diffs
# snapshot DIR MODE: one line per entry under DIR, "path<TAB>type mode uid:gid size mtime ...",
# sorted, so that comm of two snapshots is exactly the set of changed entries. A file rewritten
# with the same size and mtime (dpkg sets the package's mtime) must still differ, by MODE:
#   ctime   the ctime goes in the line (cheap; also catches a chmod or touch)
#   sha256  "<TAB>sha256" of each file's content is appended (only real content changes)
snapshot() {
  local r=$1 mode=$2
  if [ -n "$(cd "$r" && find . \( -name $'*\n*' -o -name $'*\t*' \) -print -quit)" ]; then
    die "file names with tab/newline are not supported"
  fi
  case $mode in
    ctime) (cd "$r" && find . -mindepth 1 -printf '%P\t%y %m %U:%G %s %T@ %C@ %l\n' | LC_ALL=C sort) ;;
    sha256)
      LC_ALL=C join -t $'\t' -a 1 \
        <(cd "$r" && find . -mindepth 1 -printf '%P\t%y %m %U:%G %s %T@ %l\n' | LC_ALL=C sort) \
        <(cd "$r" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum --zero |
            tr '\0' '\n' | sed -E 's,^([0-9a-f]{64}) [ *]\./(.*)$,\2\t\1,' | LC_ALL=C sort) ;;
    *) die "snapshot: unknown mode '$mode'" ;;
  esac
}

# changed_paths BEFORE AFTER: the paths whose snapshot line is new or different in AFTER.
changed_paths() { LC_ALL=C comm -13 "$1" "$2" | cut -f1; }

# Each path on stdin and all its parent directories, so that a tar of the list recreates the
# tree (unsorted, with repeats: the caller sorts).
with_parents() { awk '{ print; d = $0; while (sub(/\/[^\/]*$/, "", d)) print d }'; }

# Every path under DIR, relative to it, unsorted.
tree_paths() { (cd "$1" && find . -mindepth 1 -printf '%P\n'); }

# ---------------------------------------------------------------- layers and blobs
# pack_layer DIR LIST FORMAT KIND:LAYOUT...: tar the paths of DIR listed in file LIST (in that
# order, no recursion) in tar FORMAT (gnu|posix): that tar's sha256 is the layer's diff_id.
# Each KIND (gzip|zstd) compresses it into a blob of the OCI layout dir LAYOUT, checked to
# decompress back to the very same tar. Appends to the LAYER_* arrays above. Not to be run in
# a subshell or pipeline: the arrays must grow in the caller's shell.
pack_layer() {
  local dir=$1 list=$2 format=$3 tarf=$WORK/layer.tar diffid spec opts=()
  shift 3
  # pax: no atime/ctime records and no PID in header names, so rebuilds give the same bytes
  if [ "$format" = posix ]; then
    opts+=(--pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime')
  fi
  if [ -n "$LAYER_CLAMP_MTIME" ]; then opts+=(--mtime="@$LAYER_CLAMP_MTIME" --clamp-mtime); fi
  tar -C "$dir" --numeric-owner --format="$format" "${opts[@]}" --no-recursion \
      --verbatim-files-from -T "$list" -cf "$tarf"
  diffid=$(sha256sum < "$tarf" | cut -d' ' -f1)
  LAYER_DIFFIDS+=("sha256:$diffid") LAYER_TAR_SIZES+=("$(stat -c %s "$tarf")")
  for spec in "$@"; do
    add_layer_blob "$tarf" "$diffid" "${spec%%:*}" "${spec#*:}"
  done
  rm -f "$tarf"
}

add_layer_blob() {  # TAR DIFFID KIND LAYOUT: one compressed blob of pack_layer's tar
  local tarf=$1 diffid=$2 kind=$3 layout=$4 z=$WORK/layer.$3 d
  case $kind in
    gzip) gzip -n -6 -c "$tarf" > "$z" ;;     # -n: no name or time in the header
    zstd) zstd -q -T0 -3 -c "$tarf" > "$z" ;;
    *) die "unknown layer compression '$kind'" ;;
  esac
  # shellcheck disable=SC2178  # namerefs to the LAYER_* arrays of this kind
  local -n digests=LAYER_${kind^^}_DIGESTS sizes=LAYER_${kind^^}_SIZES
  d=$(sha256sum < "$z" | cut -d' ' -f1)
  # the blob must decompress back to the very tar whose digest is the diff_id
  [ "$("$kind" -dc "$z" | sha256sum | cut -d' ' -f1)" = "$diffid" ] || die "$kind round trip"
  digests+=("sha256:$d") sizes+=("$(stat -c %s "$z")")
  mv "$z" "$layout/blobs/sha256/$d"
}

put_blob() {  # LAYOUT: stdin -> blob in OCI layout dir LAYOUT; prints "sha256:<hex> <size>"
  local f=$WORK/blob d
  cat > "$f"; d=$(sha256sum < "$f" | cut -d' ' -f1)
  mv "$f" "$1/blobs/sha256/$d"; echo "sha256:$d $(stat -c %s "$1/blobs/sha256/$d")"
}

# json_strings ARG...: the arguments as a compact JSON array of strings.
json_strings() { printf '%s\n' "$@" | jq -R . | jq -s -c .; }

# write_oci_layout LAYOUT KIND TAG ARCH CONFIG: a one-image OCI layout in dir LAYOUT (its
# blobs/sha256 holds the layer blobs already) from config JSON CONFIG and the KIND layer blobs
# pack_layer made, tagged TAG for linux/ARCH. Prints "<manifest digest> <config digest>".
write_oci_layout() {
  local dir=$1 kind=$2 tag=$3 arch=$4 config=$5 mt layers='[]' cfg cfg_size man man_size i
  case $kind in gzip) mt=$MT_GZ ;; zstd) mt=$MT_ZSTD ;; *) die "unknown layer compression '$kind'" ;; esac
  # shellcheck disable=SC2178  # namerefs to the LAYER_* arrays of this kind
  local -n digests=LAYER_${kind^^}_DIGESTS sizes=LAYER_${kind^^}_SIZES
  for i in "${!digests[@]}"; do
    layers=$(jq -c --arg d "${digests[i]}" --argjson s "${sizes[i]}" --arg mt "$mt" \
      '. + [{mediaType: $mt, digest: $d, size: $s}]' <<<"$layers")
  done
  read -r cfg cfg_size < <(printf '%s' "$config" | put_blob "$dir")
  read -r man man_size < <(jq -n -c --arg cd "$cfg" --argjson cs "$cfg_size" --argjson layers "$layers" \
    --arg mtc "$MT_CONFIG" --arg mtm "$MT_MANIFEST" \
    '{schemaVersion: 2, mediaType: $mtm, config: {mediaType: $mtc, digest: $cd, size: $cs}, layers: $layers}' |
    tr -d '\n' | put_blob "$dir")
  echo '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
  jq -n -c --arg d "$man" --argjson s "$man_size" --arg mtm "$MT_MANIFEST" --arg mti "$MT_INDEX" \
    --arg arch "$arch" --arg tag "$tag" \
    '{schemaVersion: 2, mediaType: $mti, manifests: [{mediaType: $mtm, digest: $d, size: $s,
      platform: {architecture: $arch, os: "linux"},
      annotations: {"org.opencontainers.image.ref.name": $tag}}]}' > "$dir/index.json"
  printf '%s %s\n' "$man" "$cfg"
}

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

# Sort paths depth-first (a dir, its contents, then "a.conf"), the order a tree walk gives.
dfsort() { sed 's,/,\x01,g' | LC_ALL=C sort -u | sed 's,\x01,/,g'; }

# Diff $ROOT against snapshot file $1 and pack the changes as a layer in tar format $2:
# new/changed entries (with their parent dirs) plus an empty .wh.NAME for each removed path.
# Packing is the calling script's pack_dir_layer DIR FORMAT (it knows its blob targets);
# WHITEOUTS lists the whiteouts written.
commit_layer() {
  local before=$1 format=$2 after=$WORK/snap.after stage=$WORK/stage p parent w
  snapshot "$ROOT" sha256 > "$after"
  changed_paths "$before" "$after" > "$WORK/changed"
  # removed paths, keeping only the top of each removed subtree (one whiteout per subtree)
  LC_ALL=C comm -23 <(cut -f1 "$before") <(cut -f1 "$after") |
    awk '{ r[$0] = 1; p[NR] = $0 }
         END { for (i = 1; i <= NR; i++) { d = p[i]; top = 1
                 while (sub(/\/[^\/]*$/, "", d)) if (d in r) { top = 0; break }
                 if (top) print p[i] } }' > "$WORK/removed"
  { cat "$WORK/changed"; sed -n 's,/[^/]*$,,p' "$WORK/removed"; } | with_parents | dfsort > "$WORK/include"
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
  pack_dir_layer "$stage" "$format"
  # shellcheck disable=SC2034  # read by the calling script
  WHITEOUTS=$(cd "$stage" && find . -name '.wh.*' -printf '%P\n' | LC_ALL=C sort)
  rm -rf "$stage"
  mv "$after" "$before"       # this state is the base of the next layer
}

# The Debian minbase root both test images start from, in $ROOT. debootstrap is the slow step
# (1-2 min, network); its result is kept in the cache file $1 and reused as long as suite,
# mirror and architecture match, even when the calling script changes.
debootstrap_minbase() {
  debootstrap_cached "debootstrap --variant=minbase $SUITE $MIRROR $DEB_ARCH v2" "$1" minbase_finish
}
minbase_finish() {
  # debootstrap copied the host's resolv.conf and hostname; container runtimes bind-mount both
  rm -f "$ROOT/etc/resolv.conf" "$ROOT/etc/hostname"
  : > "$ROOT/etc/resolv.conf"; echo localhost > "$ROOT/etc/hostname"
  chmod 644 "$ROOT/etc/resolv.conf" "$ROOT/etc/hostname"
  # the .debs debootstrap left behind, and its apt lists
  chroot_up
  apt_in_chroot clean >>"$LOG" 2>&1
  chroot_down
  rm -rf "${ROOT:?}"/var/lib/apt/lists/*
}
