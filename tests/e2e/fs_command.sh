#!/usr/bin/env bash
# `bulwark fs DIR` on a project tree: the committed npm lockfile fixtures (seven real lockfiles of
# one project, see tests/data/lang/npm/README.md) each give the 18 packages `npm ls --all` printed,
# marked declared; each project's own package.json is listed too (not declared), as Trivy does;
# a missing directory is refused with exit code 3.
set -euo pipefail
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bulwark
command -v jq > /dev/null || skip "jq is missing"

fixture=$BULWARK_SRC/tests/data/lang/npm
work=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-fs.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$BULWARK" fs "$fixture" --format json --quiet --output "$work/report.json"
expected=$(sort -u "$fixture/npm-ls-package-lock-only.txt")
lockfiles=$(jq -r '[.packages[] | select(.declared) | .db_path] | unique | length' "$work/report.json")
fails=0
for lockfile in $(jq -r '[.packages[] | select(.declared) | .db_path] | unique | .[]' "$work/report.json"); do
	got=$(jq -r --arg f "$lockfile" '.packages[] | select(.db_path == $f) | "\(.name)@\(.version)"' "$work/report.json" | sort -u)
	if [ "$got" != "$expected" ]; then
		echo "FAIL $lockfile: packages differ from npm ls"; diff <(echo "$expected") <(echo "$got") || true
		fails=$((fails + 1))
	fi
done
[ "$lockfiles" -ge 7 ] || { echo "FAIL expected 7 lockfiles, got $lockfiles"; fails=$((fails + 1)); }
# Everything not declared is a project's own package.json, named as in the fixture's manifest.
project=$(jq -r '"\(.name)@\(.version)"' "$fixture/package-lock-v3/package.json")
[ "$(jq -r '[.packages[] | select(.declared | not) | "\(.name)@\(.version)"] | unique | join(" ")' "$work/report.json")" = "$project" ] ||
	{ echo "FAIL undeclared packages other than the project $project"; fails=$((fails + 1)); }
[ "$(jq -r '.target.kind' "$work/report.json")" = fs ] || { echo "FAIL target.kind"; fails=$((fails + 1)); }

rc=0
"$BULWARK" fs "$work/does-not-exist" --quiet > /dev/null 2> "$work/err" || rc=$?
[ "$rc" = 3 ] || { echo "FAIL missing dir: exit $rc, want 3"; fails=$((fails + 1)); }

echo "$lockfiles lockfiles checked"
echo "$(( 5 - fails < 0 ? 0 : 5 - fails )) passed, $fails failed"
[ "$fails" = 0 ]
