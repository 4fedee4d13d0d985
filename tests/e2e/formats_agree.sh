#!/usr/bin/env bash
# formats_agree.sh - one image, four containers: the JSON report must not depend on how the
# image was packed. The OCI layout with gzip layers, the same layout with zstd layers, the
# layout as a tar and the docker-archive (uncompressed layers, written by skopeo) must give
# identical reports once the legitimately different parts are dropped:
#   - .target (it names the input path and container kind)
#   - per layer: digest, media type and blob size (the compressed blob differs; diff_id doesn't)
#   - any other occurrence of a layer's blob digest or diff_id (e.g. a package's layer digest)
#     is replaced by its layer index.
# Then, for the OCI dir only: --output FILE writes what stdout gets, and the deb purls of the
# CycloneDX and SPDX reports equal the JSON report's (the output formats agree with each other).
set -euo pipefail
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_bulwark
IMG=$(test_image_dir)
e2e_tmpdir TMP

# Each layer's blob digest and diff_id are mapped to "layer-N" before comparing (a docker-archive
# blob's digest is its diff_id). The diff_ids themselves are checked by dpkg_oracle.sh.
# shellcheck disable=SC2016  # a jq program: $map and $l are jq variables
NORMALIZE='
  (reduce (.layers // [] | to_entries[]) as $l ({};
     . + {($l.value.digest // "-"): "layer-\($l.key)", ($l.value.diff_id // "-"): "layer-\($l.key)"})) as $map
  | del(.target)
  | .layers |= map(del(.digest, .media_type, .mediaType, .size, .compressed_size))
  | walk(if type == "string" and $map[.] != null then $map[.] else . end)'

inputs=(oci oci-zstd image.oci.tar image.docker.tar)
for input in "${inputs[@]}"; do
  scan_json "$TMP/$input.json" image --input "$IMG/$input"
  jq -S "$NORMALIZE" "$TMP/$input.json" > "$TMP/$input.norm.json"
done
[ "$(jq '.packages | length' "$TMP/oci.norm.json")" -gt 0 ] || fail "oci: no packages at all"
for input in "${inputs[@]:1}"; do
  if diff -u "$TMP/oci.norm.json" "$TMP/$input.norm.json" > "$TMP/diff"; then
    log "oci == $input ($(jq '.packages | length' "$TMP/$input.norm.json") packages, $(jq '.layers | length' "$TMP/$input.norm.json") layers)"
  else
    fail "report for $input differs from the one for oci (- oci, + $input):"
    head -n 60 "$TMP/diff" >&2
  fi
done

# --output FILE must hold exactly what stdout gets.
"$BULWARK" image --input "$IMG/oci" --format json --output "$TMP/out.json" --quiet > "$TMP/out.stdout" ||
  fail "bulwark --output exited $?"
if [ -s "$TMP/out.stdout" ]; then fail "--output FILE --quiet still wrote to stdout"; fi
if ! diff <(jq -S "$NORMALIZE" "$TMP/out.json") "$TMP/oci.norm.json" > /dev/null; then
  fail "--output FILE differs from the stdout report"
fi

# The SBOM formats list the same deb packages (by purl) as the JSON report.
jq -r '.packages[] | select(.type == "deb") | .purl' "$TMP/oci.json" | sort -u > "$TMP/purls.json.txt"
[ -s "$TMP/purls.json.txt" ] || fail "json: no deb purls"
for fmt in cyclonedx spdx-json; do
  if ! "$BULWARK" image --input "$IMG/oci" --format "$fmt" > "$TMP/sbom.$fmt" 2> "$TMP/sbom.$fmt.err"; then
    cat "$TMP/sbom.$fmt.err" >&2; fail "bulwark --format $fmt failed"; continue
  fi
  case $fmt in
    cyclonedx) jq -r '.. | objects | .purl? // empty | select(startswith("pkg:deb/"))' "$TMP/sbom.$fmt" ;;
    spdx-json) jq -r '.packages[]?.externalRefs[]? | select(.referenceType == "purl") | .referenceLocator
                      | select(startswith("pkg:deb/"))' "$TMP/sbom.$fmt" ;;
  esac | sort -u > "$TMP/purls.$fmt.txt"
  if diff -u "$TMP/purls.json.txt" "$TMP/purls.$fmt.txt" > "$TMP/diff"; then
    log "$fmt: same $(wc -l < "$TMP/purls.$fmt.txt") deb purls as json"
  else
    fail "$fmt: deb purls differ from the json report (- json, + $fmt):"
    head -n 30 "$TMP/diff" >&2
  fi
done

check_done
