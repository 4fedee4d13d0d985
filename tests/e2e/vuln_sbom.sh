#!/usr/bin/env bash
# vuln_sbom.sh - vulnerabilities of an SBOM are the vulnerabilities of the image it describes.
#
# Debian advisories: tests/data/vulndb/debian (the changelog-derived bookworm snapshot and
# vunnel's tracker sample). Rows compared: (type, package, version, id, status, fixed version).
#  - Trivy's CycloneDX and SPDX of the shared demo image (tests/data/sbom/trivy-demo.*, made
#    from /work/shared/images/oci tag demo): `bulwark sbom` must report for each package the
#    same findings as `bulwark image` on that image. The SBOMs were written once, the image
#    may be rebuilt from a newer point release: packages whose version differs are left out
#    (and counted).
#  - bulwark's own CycloneDX and SPDX of an image read back by `bulwark sbom`: exactly the
#    findings of `bulwark image`. On the shared demo image and on tests/images' Debian image
#    (built here when root can; the source version and origin of each deb must survive the
#    round trip for the source-package lookup).
# Skips when neither image is available.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bulwark
DATA=$BULWARK_SRC/tests/data
e2e_tmpdir WORK
DB=$WORK/bulwark.db
"$BULWARK" db import --db "$DB" --kind debian "$DATA/vulndb/debian/bookworm-changelogs.json" \
  "$DATA/vulndb/debian/vunnel-debian.json" 2> "$WORK/import.log" || { cat "$WORK/import.log" >&2; die "db import failed"; }

# findings REPORT: "type<TAB>name<TAB>version<TAB>id<TAB>status<TAB>fixed" of the deb packages, sorted
findings() {
  jq -r '.vulnerabilities[] as $v | .packages[$v.package.index] as $p | select($p.type == "deb")
    | [$p.type, $p.name, $p.version, $v.id, $v.status, ($v.fixed_version // "")] | @tsv' "$1" | sort
}
# packages REPORT: "type<TAB>name<TAB>version" of the deb packages, sorted
packages() {
  jq -r '.packages[] | select(.type == "deb") | [.type, .name, .version] | @tsv' "$1" | sort -u
}

# same_findings LABEL IMAGE_REPORT SBOM_REPORT [common]: with "common", only the packages both
# list with the same version are compared.
same_findings() {
  local label=$1 image=$2 sbom=$3 scope=${4:-all} n
  findings "$image" > "$WORK/$label.image.tsv"
  findings "$sbom" > "$WORK/$label.sbom.tsv"
  if [ "$scope" = common ]; then
    comm -12 <(packages "$image") <(packages "$sbom") > "$WORK/$label.common.tsv"
    log "$label: $(wc -l < "$WORK/$label.common.tsv") packages in both with the same version;" \
      "$(comm -3 <(packages "$image") <(packages "$sbom") | wc -l) differ or are in one only"
    for side in image sbom; do
      awk -F'\t' 'NR == FNR { keep[$1 FS $2 FS $3]; next } ($1 FS $2 FS $3) in keep' \
        "$WORK/$label.common.tsv" "$WORK/$label.$side.tsv" > "$WORK/$label.$side.kept"
      mv "$WORK/$label.$side.kept" "$WORK/$label.$side.tsv"
    done
  else
    [ "$(packages "$image")" = "$(packages "$sbom")" ] || fail "$label: the SBOM's deb packages are not the image's"
  fi
  n=$(wc -l < "$WORK/$label.image.tsv")
  [ "$n" -gt 0 ] || fail "$label: no findings on the image: the comparison proves nothing"
  if diff -u "$WORK/$label.image.tsv" "$WORK/$label.sbom.tsv" > "$WORK/$label.diff"; then
    log "$label: the same $n findings"
  else
    fail "$label: bulwark sbom differs from bulwark image (- image, + sbom):"
    cat "$WORK/$label.diff" >&2
  fi
}

# round_trip LABEL IMAGE_INPUT: bulwark's own SBOMs of the image, scanned back.
round_trip() {
  local label=$1 input=$2 fmt
  scan_json "$WORK/$label.image.json" image --input "$input" --db "$DB" --scanners vuln
  for fmt in cyclonedx spdx-json; do
    "$BULWARK" image --input "$input" --format "$fmt" > "$WORK/$label.$fmt" 2> "$WORK/$label.$fmt.err" ||
      { cat "$WORK/$label.$fmt.err" >&2; fail "$label: bulwark image --format $fmt failed"; continue; }
    scan_json "$WORK/$label.$fmt.json" sbom "$WORK/$label.$fmt" --db "$DB" --scanners vuln
    same_findings "$label-$fmt" "$WORK/$label.image.json" "$WORK/$label.$fmt.json"
  done
}

ran=0
if SHARED=$(shared_images_dir); then
  ran=1
  round_trip shared-demo "$SHARED/oci:demo"
  for sbom in trivy-demo.cdx.json trivy-demo.spdx.json; do
    scan_json "$WORK/$sbom.report.json" sbom "$DATA/sbom/$sbom" --db "$DB" --scanners vuln
    same_findings "$sbom" "$WORK/shared-demo.image.json" "$WORK/$sbom.report.json" common
  done
else
  log "the shared image corpus is not here: Trivy's SBOMs of its demo image are not compared"
fi

# test_image_dir skips (exit 77 in the substitution's subshell) where the image cannot be built
if IMG=$(test_image_dir); then
  ran=1
  round_trip test-image "$IMG/oci"
else
  log "the Debian test image cannot be built here: not compared"
fi
[ "$ran" = 1 ] || skip "neither the shared demo image nor the Debian test image is available"
check_done
