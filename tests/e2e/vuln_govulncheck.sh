#!/usr/bin/env bash
# vuln_govulncheck.sh - Go binaries' vulnerabilities against govulncheck and an OSV evaluation.
#
# Two Go programs are built offline (GOFLAGS=-mod=vendor) from the module sources Debian
# ships under /usr/share/gocode/src:
#   vulndemo     golang.org/x/text vendored under an old version label (v0.3.2) and
#                golang.org/x/mod at Debian's version; it calls language.Parse (GO-2021-0113),
#                language.ParseAcceptLanguage (GO-2022-1059), transform.String over a UTF-16
#                decoder (GO-2020-0015), norm (GO-2026-5970) and sumdb.Client.Lookup.
#   textcurrent  golang.org/x/text at Debian's own version.
# Binary analysis on both sides reads the versions recorded in the build info, so the label
# decides; the symbols called exist in the vendored code under either version.
# The advisories are real Go vulndb records (tests/data/vulndb/golang-govulncheck, CC-BY-4.0).
#
# Oracle 1, govulncheck (Debian 12: 0.0~git20230201) in binary mode over the same records
# laid out as its file:// database (tests/tools/go_vulndb_legacy.py): it reports a
# vulnerability only when a vulnerable symbol is in the binary, bulwark reports every one
# whose version range holds the module version, so every (binary, module, version, GO id)
# of govulncheck must be among bulwark's findings (by id or alias). Its fixed versions are
# not compared: this govulncheck prints the newest fix of all ranges, bulwark the nearest.
# Oracle 2, an OSV evaluation in python3 (tests/tools/go_osv_eval.py: semver order written
# out, govulncheck's choice of fixed version) of the same records over the modules
# `go version -m` lists: bulwark's (binary, module, version, GO id, fixed version) rows
# must be exactly these.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bulwark
for tool in go govulncheck python3 dpkg-query; do
  command -v "$tool" >/dev/null || skip "$tool is missing (scripts/setup.sh installs it)"
done
GOCODE=/usr/share/gocode/src
for mod in golang.org/x/text golang.org/x/mod; do
  [ -f "$GOCODE/$mod/go.mod" ] || skip "$GOCODE/$mod is missing (golang-${mod//[.\/]/-}-dev)"
done
DATA=$BULWARK_SRC/tests/data/vulndb/golang-govulncheck
e2e_tmpdir WORK
ROOT=$WORK/root
mkdir -p "$ROOT/usr/local/bin"

debian_version() { # the upstream version of a Debian package, as a Go module version
  printf 'v%s\n' "$(dpkg-query -W -f '${Version}' "$1" | sed 's/-[^-]*$//; s/^[0-9]*://')"
}
TEXT_DEBIAN=$(debian_version golang-golang-x-text-dev)
MOD_DEBIAN=$(debian_version golang-golang-x-mod-dev)

# vendor_module APP MODULE VERSION: Debian's copy of MODULE in APP/vendor, recorded as VERSION.
vendor_module() {
  local app=$1 mod=$2 version=$3 go_directive
  mkdir -p "$app/vendor/$(dirname "$mod")"
  cp -r "$GOCODE/$mod" "$app/vendor/$mod"
  go_directive=$(awk '$1 == "go" { print "; go " $2 }' "$GOCODE/$mod/go.mod")
  printf '\t%s %s\n' "$mod" "$version" >> "$app/requires"
  printf '# %s %s\n## explicit%s\n' "$mod" "$version" "$go_directive" >> "$app/vendor/modules.txt"
  (cd "$app/vendor" && find "$mod" -name '*.go' ! -name '*_test.go' ! -path '*/testdata/*' -printf '%h\n' | sort -u) \
    >> "$app/vendor/modules.txt"
}

# build_program NAME MAIN_GO MODULE VERSION [MODULE VERSION]...
build_program() {
  local name=$1 main=$2 app=$WORK/src/$1
  shift 2
  mkdir -p "$app"
  printf '%s\n' "$main" > "$app/main.go"
  while [ $# -gt 0 ]; do vendor_module "$app" "$1" "$2"; shift 2; done
  printf 'module example.com/%s\n\ngo 1.19\n\nrequire (\n%s\n)\n' "$name" "$(cat "$app/requires")" > "$app/go.mod"
  (cd "$app" && env GOFLAGS=-mod=vendor GOPROXY=off GOSUMDB=off GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 \
     GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" go build -o "$ROOT/usr/local/bin/$name" .) \
    > "$WORK/build-$name.log" 2>&1 || { cat "$WORK/build-$name.log" >&2; die "go build of $name failed"; }
}

build_program vulndemo 'package main

import (
	"fmt"
	"os"

	"golang.org/x/mod/sumdb"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/language"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func main() {
	tag, err := language.Parse(os.Args[0])
	fmt.Println(tag, err)
	tags, _, err := language.ParseAcceptLanguage("en-US,fr;q=0.8")
	fmt.Println(tags, err)
	utf16 := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	s, _, err := transform.String(utf16, "\xff\xfeh\x00i\x00")
	fmt.Println(s, err, norm.NFC.String("e\u0301"))
	if len(os.Args) > 2 {
		_, err := sumdb.NewClient(nil).Lookup(os.Args[1], os.Args[2])
		fmt.Println(err)
	}
}' golang.org/x/text v0.3.2 golang.org/x/mod "$MOD_DEBIAN"
build_program textcurrent 'package main

import (
	"fmt"
	"os"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

func main() {
	tag, err := language.Parse(os.Args[0])
	fmt.Println(tag, err, norm.NFC.String("e\u0301"))
}' golang.org/x/text "$TEXT_DEBIAN"
log "built vulndemo (x/text v0.3.2, x/mod $MOD_DEBIAN) and textcurrent (x/text $TEXT_DEBIAN) with $(go env GOVERSION)"

# --- bulwark: rows "binary<TAB>module<TAB>version<TAB>GO id<TAB>fixed version"
DB=$WORK/bulwark.db
"$BULWARK" db import --db "$DB" --kind osv "$DATA" 2> "$WORK/import.log" ||
  { cat "$WORK/import.log" >&2; die "osv import failed"; }
scan_json "$WORK/report.json" fs "$ROOT" --db "$DB" --scanners vuln
jq -r '.vulnerabilities[] as $v | .packages[$v.package.index] as $p
  | ([$v.id] + ($v.aliases // []))[] | select(startswith("GO-"))
  | [($p.db_path | split("/") | last), $p.name, $p.version, ., ($v.fixed_version // "")] | @tsv' \
  "$WORK/report.json" | sort -u > "$WORK/bulwark.tsv"

# --- oracle 1: govulncheck, rows "binary<TAB>module<TAB>version<TAB>GO id"
python3 "$BULWARK_SRC/tests/tools/go_vulndb_legacy.py" "$DATA" "$WORK/govulndb"
: > "$WORK/govulncheck.tsv"
for bin in vulndemo textcurrent; do
  rc=0
  GOVULNDB="file://$WORK/govulndb" GOFLAGS= govulncheck -json "$ROOT/usr/local/bin/$bin" \
    > "$WORK/govulncheck-$bin.json" 2> "$WORK/govulncheck-$bin.err" || rc=$?
  # 3 = vulnerabilities found (this version exits 0 with -json, later ones 3)
  [ "$rc" = 0 ] || [ "$rc" = 3 ] || { cat "$WORK/govulncheck-$bin.err" >&2; die "govulncheck $bin exited $rc"; }
  jq -r --arg bin "$bin" '.Vulns[]? as $v | $v.Modules[]
    | [$bin, .Path, (.FoundVersion | sub("^go"; "v")), $v.OSV.id] | @tsv' "$WORK/govulncheck-$bin.json" \
    >> "$WORK/govulncheck.tsv"
done
sort -u -o "$WORK/govulncheck.tsv" "$WORK/govulncheck.tsv"
n_govulncheck=$(wc -l < "$WORK/govulncheck.tsv")
grep -qP '^vulndemo\tgolang.org/x/text\tv0.3.2\tGO-2021-0113$' "$WORK/govulncheck.tsv" ||
  fail "govulncheck did not find GO-2021-0113 (language.Parse) in vulndemo: is the database layout right? $(cat "$WORK/govulncheck-vulndemo.err")"
cut -f1-4 "$WORK/bulwark.tsv" | sort -u > "$WORK/bulwark-ids.tsv"
missing=$(comm -23 "$WORK/govulncheck.tsv" "$WORK/bulwark-ids.tsv")
[ -z "$missing" ] || fail "govulncheck reports what bulwark does not (binary, module, version, id):
$missing"

# --- oracle 2: the records' SEMVER ranges over `go version -m`'s modules
for bin in vulndemo textcurrent; do
  go version -m "$ROOT/usr/local/bin/$bin" | awk -F'\t' -v bin="$bin" '
    NR == 1 { sub(/^.*: /, ""); print bin "\tstdlib\t" $0 }
    $2 == "dep" { print bin "\t" $3 "\t" $4 }
    $2 == "=>" { print "replaced modules are not expected here: " $0 > "/dev/stderr"; exit 1 }'
done > "$WORK/modules.tsv"
python3 "$BULWARK_SRC/tests/tools/go_osv_eval.py" match "$DATA" < "$WORK/modules.tsv" > "$WORK/want.tsv"
sort -u -o "$WORK/want.tsv" "$WORK/want.tsv"
if ! diff -u "$WORK/want.tsv" "$WORK/bulwark.tsv" > "$WORK/diff.txt"; then
  fail "bulwark's Go findings differ from the OSV evaluation (- oracle, + bulwark):"
  cat "$WORK/diff.txt" >&2
fi
n_want=$(wc -l < "$WORK/want.tsv")
n_records=$(find "$DATA" -name 'GO-*.json' | wc -l)
[ "$n_want" -gt "$n_govulncheck" ] || fail "the OSV evaluation ($n_want) should find more than govulncheck's symbol-level $n_govulncheck"
log "govulncheck: $n_govulncheck findings, all in bulwark's; OSV evaluation of $n_records records: $n_want findings = bulwark's"
check_done
