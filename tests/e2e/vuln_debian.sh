#!/usr/bin/env bash
# vuln_debian.sh - Debian vulnerabilities on a real Debian 12 image, with dpkg as the oracle.
#
# The image (tests/images/build-debian-image.sh) is built from the bookworm point release
# without bookworm-security, so several of its packages are older than the security
# updates. The advisories are tests/data/vulndb/debian/bookworm-changelogs.json (tracker-JSON
# shape, derived from Debian's changelogs; see its README) plus the real tracker sample from
# vunnel. The oracle, independent of bulwark's comparator: for every installed binary package,
# its source package and source version (dpkg-query), every CVE of that source whose
# bookworm status is "resolved" with a fixed version that `dpkg --compare-versions` says is
# newer than the installed source version must be reported with that fixed version; "open"
# ones as affected without a fix; nothing else (fixed_version "0" = not affected, and every
# CVE fixed at or below the installed version must stay silent).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bulwark
command -v python3 >/dev/null || skip "python3 is missing"
IMG=$(test_image_dir)
e2e_tmpdir WORK
DATA=$BULWARK_SRC/tests/data/vulndb/debian
DB=$WORK/db/bulwark.db

"$BULWARK" db import --db "$DB" --kind debian "$DATA/bookworm-changelogs.json" "$DATA/vunnel-debian.json" \
  2> "$WORK/import.log" || { cat "$WORK/import.log" >&2; die "db import failed"; }
"$BULWARK" db info --db "$DB" > "$WORK/info.txt" || die "db info failed"
grep -q '^source: *debian' "$WORK/info.txt" || fail "db info lists no debian source: $(cat "$WORK/info.txt")"

scan_json "$WORK/report.json" image --input "$IMG/oci" --db "$DB" --scanners vuln
jq -r '.vulnerabilities[] as $v | .packages[$v.package.index] as $p
  | [$p.name, $v.id, $v.status, ($v.fixed_version // "")] | @tsv' "$WORK/report.json" | sort > "$WORK/got.tsv"

dpkg-query --admindir="$IMG/rootfs/var/lib/dpkg" -W \
  -f '${Package}\t${Version}\t${source:Package}\t${source:Version}\t${db:Status-Status}\n' > "$WORK/installed.tsv"
python3 - "$WORK/installed.tsv" "$DATA/bookworm-changelogs.json" "$DATA/vunnel-debian.json" > "$WORK/want.tsv" <<'PY'
import json, subprocess, sys
installed = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
tracker = {}
for path in sys.argv[2:]:
    for source, cves in json.load(open(path)).items():
        tracker.setdefault(source, {}).update(cves)
def lt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0
rows = set()
for package, version, source, source_version, status in installed:
    if status != "installed":
        continue
    for cve, entry in tracker.get(source, {}).items():
        release = entry.get("releases", {}).get("bookworm")
        if not release:
            continue
        fixed = release.get("fixed_version", "")
        if release.get("status") == "open":
            rows.add((package, cve, "affected", ""))
        elif release.get("status") == "resolved" and fixed not in ("", "0") and lt(source_version, fixed):
            rows.add((package, cve, "fixed", fixed))
for r in sorted(rows):
    print("\t".join(r))
PY
sort -o "$WORK/want.tsv" "$WORK/want.tsv"

want=$(wc -l < "$WORK/want.tsv")
got=$(wc -l < "$WORK/got.tsv")
log "oracle expects $want (package, CVE) findings; bulwark reports $got"
[ "$want" -gt 0 ] || fail "the oracle expects no findings: the image has every security update, the test proves nothing"
if ! diff -u "$WORK/want.tsv" "$WORK/got.tsv" > "$WORK/diff.txt"; then
  fail "bulwark's Debian findings differ from dpkg's (- oracle, + bulwark):"
  cat "$WORK/diff.txt" >&2
fi
# Nothing the installed versions already fix may appear: count the silent ones for the log.
silent=$(python3 -c "import json,sys; print(sum(len(v) for v in json.load(open(sys.argv[1])).values()))" \
  "$DATA/bookworm-changelogs.json")
log "$silent (source, CVE) records in the snapshot; $want apply to the installed versions"

# The gate: --exit-code fails the build only while something unsuppressed remains.
rc=0; "$BULWARK" image --input "$IMG/oci" --db "$DB" --scanners vuln --exit-code 5 -q > /dev/null || rc=$?
[ "$rc" = 5 ] || fail "--exit-code 5 with findings exited $rc"
first=$(head -n1 "$WORK/want.tsv" | cut -f2)
printf 'vulnerabilities:\n  - id: %s\n    reason: e2e\n' "$first" > "$WORK/ignore.yaml"
scan_json "$WORK/ignored.json" image --input "$IMG/oci" --db "$DB" --scanners vuln --ignore-file "$WORK/ignore.yaml"
n=$(jq --arg id "$first" '[.vulnerabilities[] | select(.id == $id and .suppression.kind == "ignore-file")] | length' "$WORK/ignored.json")
[ "$n" -gt 0 ] || fail "the ignore file did not suppress $first"
rc=0; "$BULWARK" image --input "$IMG/oci" --db "$DB" --scanners vuln --severity CRITICAL --exit-code 5 -q > /dev/null || rc=$?
[ "$rc" = 0 ] || fail "--severity CRITICAL (no critical findings: Debian urgencies are unassigned) exited $rc"
check_done
