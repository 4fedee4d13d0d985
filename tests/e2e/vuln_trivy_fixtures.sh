#!/usr/bin/env bash
# vuln_trivy_fixtures.sh - Trivy's own expected results on its language fixtures.
#
# For each of Trivy's integration inputs (npm package-lock + node_modules, requirements.txt,
# Pipfile.lock, poetry.lock, go.mod with two sub-modules), `bulwark fs` with a database built
# from the real advisories behind them must report every vulnerability id Trivy's golden file
# expects, for the same package and installed version — matched through aliases (Trivy says
# CVE-2019-11358 where the advisory's id may be NSWG/GHSA; GMS-2022-20 is GitLab's id for
# GHSA-qq97-vm5h-rrhg, which Trivy's own DB fixture links by reference).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bulwark
DATA=$BULWARK_SRC/tests/data/vulndb/trivy-fixtures
e2e_tmpdir WORK
DB=$WORK/bulwark.db
"$BULWARK" db import --db "$DB" --kind osv "$DATA/advisories/osv" 2> "$WORK/import.log" ||
  { cat "$WORK/import.log" >&2; die "osv import failed"; }
"$BULWARK" db import --db "$DB" --kind nodejs "$DATA/advisories/nodejs" 2>> "$WORK/import.log" ||
  { cat "$WORK/import.log" >&2; die "nodejs import failed"; }

total=0
for fixture in npm pip pipenv poetry gomod; do
  scan_json "$WORK/$fixture.json" fs "$DATA/repo/$fixture" --db "$DB" --scanners vuln
  # every (package, installed version, id-or-alias) bulwark reports
  jq -r '.vulnerabilities[] as $v | .packages[$v.package.index] as $p
    | ([$v.id] + ($v.aliases // []))[] as $id | [($p.name | ascii_downcase), $p.version, $id] | @tsv' \
    "$WORK/$fixture.json" | sort -u > "$WORK/$fixture.got"
  while IFS=$'\t' read -r target pkg version id; do
    total=$((total + 1))
    ids=$(jq -r --arg id "$id" '[$id] + (.[$id] // []) | .[]' "$DATA/trivy-aliases.json")
    found=0
    for want in $ids; do
      # Trivy prints Go versions with their "v"; go.mod packages keep it too.
      if grep -qxF "$(printf '%s\t%s\t%s' "${pkg,,}" "$version" "$want")" "$WORK/$fixture.got"; then found=1; fi
    done
    [ "$found" = 1 ] || fail "$fixture/$target: $pkg $version: Trivy expects $id (or $(echo $ids | tr '\n' ' ')); bulwark reports: $(grep -P "^\Q${pkg,,}\E\t" "$WORK/$fixture.got" | cut -f3 | tr '\n' ' ')"
  done < "$DATA/repo/$fixture.expected.tsv"
done
log "checked $total expected findings from Trivy's golden results"
check_done
