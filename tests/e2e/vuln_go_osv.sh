#!/usr/bin/env bash
# vuln_go_osv.sh - Go vulndb OSV ranges at every boundary, against an OSV evaluation in python3.
#
# For every module the records name, every version a range event names and the next patch
# release above it become packages of a CycloneDX SBOM (pkg:golang purls); `bulwark sbom`
# with the records imported must report exactly the (module, version, GO id, fixed version)
# rows tests/tools/go_osv_eval.py derives (semver order written out, govulncheck's choice of
# fixed version: the lowest fix the record's entries do not mark affected themselves).
# Records: tests/data/vulndb/golang-govulncheck and golang (real Go vulndb records, among them
# GO-2025-3448, whose entries overlap, and GO-2026-5148, an entry without a fix beside one
# with a fix); and the whole Go vulndb snapshot in /work/shared/vulndata when it is there.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bulwark
command -v python3 >/dev/null || skip "python3 is missing"
EVAL=$BULWARK_SRC/tests/tools/go_osv_eval.py
e2e_tmpdir WORK

# check LABEL OSV_DIR...: the boundary SBOM of the records in OSV_DIRs, both ways
check() {
  local label=$1 records=$WORK/$1.records n
  shift
  mkdir -p "$records"
  for dir in "$@"; do cp "$dir"/*.json "$records"/; done
  "$BULWARK" db import --db "$WORK/$label.db" --kind osv "$records" 2> "$WORK/$label.import.log" ||
    { cat "$WORK/$label.import.log" >&2; die "$label: osv import failed"; }
  python3 "$EVAL" boundaries "$records" > "$WORK/$label.packages.tsv"
  jq -R -s '{bomFormat: "CycloneDX", specVersion: "1.5", version: 1, components: [split("\n")[]
    | select(length > 0) | split("\t") | {type: "library", "bom-ref": (.[0] + "@" + .[1]),
      name: .[0], version: .[1], purl: ("pkg:golang/" + .[0] + "@" + .[1])}]}' \
    "$WORK/$label.packages.tsv" > "$WORK/$label.cdx.json"
  scan_json "$WORK/$label.report.json" sbom "$WORK/$label.cdx.json" --db "$WORK/$label.db" --scanners vuln
  jq -r '.vulnerabilities[] as $v | .packages[$v.package.index] as $p
    | ([$v.id] + ($v.aliases // []))[] | select(startswith("GO-"))
    | ["-", $p.name, $p.version, ., ($v.fixed_version // "")] | @tsv' "$WORK/$label.report.json" |
    sort -u > "$WORK/$label.got"
  sed 's/^/-\t/' "$WORK/$label.packages.tsv" | python3 "$EVAL" match "$records" | sort -u > "$WORK/$label.want"
  n=$(wc -l < "$WORK/$label.want")
  [ "$n" -gt 0 ] || fail "$label: the evaluation finds nothing"
  if diff -u "$WORK/$label.want" "$WORK/$label.got" > "$WORK/$label.diff"; then
    log "$label: $(wc -l < "$WORK/$label.packages.tsv") module versions, the same $n findings"
  else
    fail "$label: bulwark differs from the OSV evaluation (- python, + bulwark):"
    head -n 40 "$WORK/$label.diff" >&2
  fi
}

check fixtures "$BULWARK_SRC/tests/data/vulndb/golang-govulncheck" "$BULWARK_SRC/tests/data/vulndb/golang"
SNAPSHOT=/work/shared/vulndata/golang-vulndb/data/osv # as tests/vulndb/importer_oracle_test.cpp
if [ -d "$SNAPSHOT" ]; then
  check snapshot "$SNAPSHOT"
else
  log "no Go vulndb snapshot at $SNAPSHOT: only the records in tests/data"
fi
check_done
