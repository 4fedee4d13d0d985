#!/usr/bin/env bash
# dpkg_oracle.sh - bulwark's Debian package inventory must equal dpkg's own, for every input
# shape of one real image (OCI dir with gzip layers, OCI dir with zstd layers, OCI tar,
# docker-archive) and for the unpacked root filesystem.
#
# Oracle: dpkg-query --admindir=rootfs/var/lib/dpkg (expected-dpkg.tsv, written by
# tests/images/build-debian-image.sh) and the dpkg list after each layer (expected-layers.tsv:
# the layer from which a package is listed in every later dpkg database).
# Checks, per input: name/version/arch list identical; the package purged in layer 2 absent;
# every package's layer as expected (layer-1 installs have layer 1, the base has layer 0);
# layers[] diff_ids in order; os identity equals the image's /etc/os-release.
set -euo pipefail
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_bulwark
IMG=$(test_image_dir)
e2e_tmpdir TMP

dpkg_tsv_normalize < "$IMG/expected-dpkg.tsv" > "$TMP/expected.tsv"
dpkg_tsv_normalize < "$IMG/expected-layers.tsv" > "$TMP/expected-layers.tsv"
PURGED=$(jq -r .purged_in_layer2 "$IMG/info.json")
mapfile -t LAYER1 < <(jq -r '.new_packages_layer1[] | sub(":.*"; "")' "$IMG/info.json" | grep -vx "$PURGED")
jq -c .diff_ids "$IMG/info.json" > "$TMP/diff_ids.json"
# shellcheck disable=SC1091  # os-release of the image, not of this machine
OS_ID=$(. "$IMG/rootfs/etc/os-release" && echo "$ID")
# shellcheck disable=SC1091
OS_VERSION_ID=$(. "$IMG/rootfs/etc/os-release" && echo "$VERSION_ID")
# shellcheck disable=SC1091
OS_CODENAME=$(. "$IMG/rootfs/etc/os-release" && echo "$VERSION_CODENAME")
log "oracle: $(wc -l < "$TMP/expected.tsv") dpkg packages; layer 1 added ${LAYER1[*]}; layer 2 purged $PURGED"

# Common checks on one report: $1 = report, $2 = label, $3 = "layers" to check layer data.
check_report() {
  local json=$1 label=$2 layers=${3:-} p got
  deb_packages "$json" > "$TMP/got.tsv"
  if ! diff -u "$TMP/expected.tsv" "$TMP/got.tsv" > "$TMP/diff"; then
    fail "$label: deb packages differ from dpkg-query (- dpkg, + bulwark):"
    head -n 40 "$TMP/diff" >&2
  fi
  if jq -e --arg p "$PURGED" '[.packages[] | select(.type == "deb" and .name == $p)] | length > 0' "$json" > /dev/null; then
    fail "$label: purged package $PURGED is reported"
  fi
  got=$(jq -r '.os | [.family, .version_id, .codename] | @tsv' "$json")
  [ "$got" = "$OS_ID"$'\t'"$OS_VERSION_ID"$'\t'"$OS_CODENAME" ] ||
    fail "$label: os is '$got', os-release says $OS_ID $OS_VERSION_ID $OS_CODENAME"
  [ "$layers" = layers ] || return 0

  # the layer may be an index or an object with one; either way compare the index
  jq -r '.packages[] | select(.type == "deb")
         | [.name, .version, .arch, (.layer | if type == "object" then .index else . end | tostring)] | @tsv' \
    "$json" | sort > "$TMP/got-layers.tsv"
  if ! diff -u "$TMP/expected-layers.tsv" "$TMP/got-layers.tsv" > "$TMP/diff"; then
    fail "$label: package layers differ (- expected from the dpkg database of each layer, + bulwark):"
    head -n 40 "$TMP/diff" >&2
  fi
  for p in "${LAYER1[@]}"; do
    got=$(jq -r --arg p "$p" '[.packages[] | select(.type == "deb" and .name == $p)
            | .layer | if type == "object" then .index else . end] | map(tostring) | join(",")' "$json")
    [ "$got" = 1 ] || fail "$label: $p (installed in layer 1) has layer '$got'"
  done
  if ! jq -e --slurpfile want "$TMP/diff_ids.json" '[.layers[].diff_id] == $want[0]' "$json" > /dev/null; then
    fail "$label: layers[].diff_id $(jq -c '[.layers[].diff_id]' "$json") != $(cat "$TMP/diff_ids.json")"
  fi
  if ! jq -e '[.layers[].index] == [range(0; .layers | length)]' "$json" > /dev/null; then
    fail "$label: layers[].index is not 0..n-1"
  fi
}

for input in oci oci-zstd image.oci.tar image.docker.tar; do
  scan_json "$TMP/$input.json" image --input "$IMG/$input"
  log "$input: $(deb_packages "$TMP/$input.json" | wc -l) deb packages"
  check_report "$TMP/$input.json" "image --input $input" layers
done

scan_json "$TMP/rootfs.json" rootfs "$IMG/rootfs"
log "rootfs: $(deb_packages "$TMP/rootfs.json" | wc -l) deb packages"
check_report "$TMP/rootfs.json" "rootfs rootfs/"

check_done
