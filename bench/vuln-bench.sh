#!/usr/bin/env bash
# bench/vuln-bench.sh - the advisory database and matching targets of the vulnerability issue:
#   1. import: `bulwark db import` of every source in the shared advisory data into one
#      database (time, peak RSS, records, bytes per advisory); then full-size synthetic inputs
#      (a Debian tracker document of the real one's size, an OSV dump of OSV's record count)
#      and the size of a database of both against the 150 MB goal;
#   2. matching: bench/match_bench.cpp (1,000 packages; target <= 10 ms) on that database,
#      and with the synthetic tracker added;
#   3. the vuln scan's added cost: `bulwark image --scanners vuln` vs `--scanners none`.
#
# Usage: bench/vuln-bench.sh [RUNS]      (timed runs per measurement, default 3; medians)
# Env:   BULWARK (default build/bin/bulwark), BUILD (build dir with bulwark_bench_match, built
#        here if missing), BULWARK_VULNDATA (default /work/shared/vulndata), IMAGE (an OCI
#        layout; default the main checkout's out/example-image/oci, else the test image of
#        tests/images/build-debian-image.sh cached by run.sh), XDG_CACHE_HOME (the synthetic
#        inputs are cached in bulwark-bench/ there), OSV_RECORDS (default 200000).
# Output: the table on stdout; raw numbers in $CACHE/vuln-results.tsv.
set -euo pipefail

RUNS=${1:-3}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
BULWARK=${BULWARK:-$repo/build/bin/bulwark}
BUILD=${BUILD:-$repo/build}
DATA=${BULWARK_VULNDATA:-/work/shared/vulndata}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/bulwark-bench
OSV_RECORDS=${OSV_RECORDS:-200000}
mkdir -p "$CACHE"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-vuln-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
log() { printf '==> %s\n' "$*" >&2; }
results=$CACHE/vuln-results.tsv
: > "$results"
record() { local IFS=$'\t'; echo "$*" >> "$results"; }

[[ -x $BULWARK ]] || { echo "no bulwark at $BULWARK (build it: ninja -C build bulwark)" >&2; exit 1; }

# timed OUT CMD...: runs CMD once with /usr/bin/time; "seconds peak_rss_kb" in OUT.time.
timed() {
	local out=$1
	shift
	/usr/bin/time -f '%e %M' -o "$out.time" "$@" >"$out.out" 2>"$out.err" ||
		{ echo "failed: $* ($(tail -n 3 "$out.err" | tr '\n' ' '))" >&2; exit 1; }
}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
db_field() { "$BULWARK" db info --db "$1" | awk -v f="$2" '$1 == f":" { print $2 }'; }
db_advisories() { "$BULWARK" db info --db "$1" | awk '$1 == "advisories:" { print $2; exit }'; }
db_rows() { "$BULWARK" db info --db "$1" | sed -n 's/^advisories: .*(\([0-9]*\) affected.*/\1/p'; }
per_advisory() { awk -v b="$1" -v n="$2" 'BEGIN { printf "%.0f", b / n }'; }

# import DB KIND PATH NAME: one `bulwark db import` adding a source; prints one table row.
import_row() {
	local db=$1 kind=$2 path=$3 name=$4 s rss n
	timed "$work/imp" "$BULWARK" db import --db "$db" --quiet --kind "$kind" --name "$name" "$path"
	read -r s rss < "$work/imp.time"
	n=$(sed -n 's/^bulwark: imported \([0-9]*\) advisories.*/\1/p' "$work/imp.err")
	record import "$name" "$n" "$s" "$rss"
	printf '%-26s %9s %8s %8s\n' "$name" "$n" "$s" "$((rss / 1024))"
}

# ---------------------------------------------------------------- 1. import
echo "1. bulwark db import, one source per call into one database (each call copies the"
echo "   database so far and adds a source, as users run it); RSS = peak of that call"
echo
printf '%-26s %9s %8s %8s\n' source records seconds 'RSS MB'
all=$work/all.db
sources=(
	"osv golang-vulndb/data/osv osv:Go"
	"osv pypi-advisory-db/vulns osv:PyPI"
	"osv ghsa-sample osv:ghsa-sample"
	"nodejs nodejs-security-wg/vuln/npm nodejs"
	"rustsec rustsec-advisory-db/crates rustsec"
	"rubysec rubysec-advisory-db/gems rubysec"
	"alpine alpine-secdb alpine"
	"debian vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json debian-sample"
)
total_s=0
for entry in "${sources[@]}"; do
	read -r kind path name <<<"$entry"
	if [[ ! -e $DATA/$path ]]; then
		log "no $DATA/$path: skipped"
		continue
	fi
	import_row "$all" "$kind" "$DATA/$path" "$name"
	total_s=$(awk -v a="$total_s" -v b="$(cut -d' ' -f1 "$work/imp.time")" 'BEGIN { print a + b }')
done
all_bytes=$(db_field "$all" size)
all_adv=$(db_advisories "$all")
echo
echo "all shared data: ${total_s} s in all; $all_adv advisories ($(db_rows "$all") affected entries)," \
	"$(mb "$all_bytes") MB: $(per_advisory "$all_bytes" "$all_adv") bytes/advisory"
record shared_db "$all_adv" "$all_bytes" "$total_s"

echo
echo "   full-size synthetic inputs (made from the real records, cached in $CACHE):"
tracker=$CACHE/debian-tracker.json
if [[ ! -s $tracker ]]; then
	log "making a ~60 MB synthetic Debian tracker document (bench/make-debian-tracker-json.py)"
	python3 "$here/make-debian-tracker-json.py" "$DATA" 60 > "$tracker.tmp" && mv "$tracker.tmp" "$tracker"
fi
osvzip=$CACHE/osv-all-$OSV_RECORDS.zip
if [[ ! -s $osvzip ]]; then
	log "making a $OSV_RECORDS-record synthetic OSV dump (bench/make-osv-dump-zip.py)"
	python3 "$here/make-osv-dump-zip.py" "$osvzip" "$DATA" "$OSV_RECORDS"
fi
tracker_entries=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print("%d source packages, %d (package, CVE) entries" % (len(d), sum(len(v) for v in d.values())))' "$tracker")
echo "   tracker: $(mb "$(stat -c %s "$tracker")") MB, $tracker_entries; the real tracker JSON is ~60 MB"
echo "   OSV dump: $(mb "$(stat -c %s "$osvzip")") MB zip, $OSV_RECORDS records (the real OSV total is ~200k+)"
echo
printf '%-26s %9s %8s %8s %9s %9s\n' input records seconds 'RSS MB' 'DB MB' 'B/adv'
synthetic_row() {  # DB KIND PATH NAME: import, then the database's size and bytes per advisory
	import_row "$1" "$2" "$3" "$4" | tr -d '\n'
	local bytes adv
	bytes=$(db_field "$1" size)
	adv=$(db_advisories "$1")
	printf ' %9s %9s\n' "$(mb "$bytes")" "$(per_advisory "$bytes" "$adv")"
	record synthetic_db "$4" "$adv" "$bytes"
}
cp "$all" "$work/all-debian.db"
synthetic_row "$work/all-debian.db" debian "$tracker" "+ synthetic tracker"
synthetic_row "$work/osv.db" osv "$osvzip" "synthetic OSV (alone)"
cp "$work/osv.db" "$work/osv-debian.db"
synthetic_row "$work/osv-debian.db" debian "$tracker" "synthetic OSV + tracker"
full_bytes=$(db_field "$work/osv-debian.db" size)
echo
echo "   synthetic full OSV + Debian: $(mb "$full_bytes") MB (goal <= 150 MB): an extrapolation from"
echo "   synthetic inputs of the real record counts and sizes, not a measurement on the real feeds"

# ---------------------------------------------------------------- 2. matching
echo
echo "2. matching 1,000 packages (bench/match_bench.cpp: 300 deb + 700 pypi/npm/golang/gem/cargo"
echo "   with advisories; median of $RUNS repetitions; target <= 10 ms)"
matcher=$BUILD/bench/bulwark_bench_match
if [[ ! -x $matcher ]]; then
	log "building bulwark_bench_match"
	ninja -C "$BUILD" bulwark_bench_match >&2
fi
echo
printf '%-34s %-12s %9s %9s %10s %9s\n' database benchmark 'wall ms' 'CPU ms' candidates findings
match_rows() {  # DB LABEL
	BULWARK_BENCH_DB=$1 "$matcher" --benchmark_repetitions="$RUNS" --benchmark_out="$work/match.json" --benchmark_out_format=json \
		>"$work/match.out" 2>&1 < /dev/null || { cat "$work/match.out" >&2; exit 1; }
	local what n c f
	for what in all:1000_packages deb:300_deb language:700_language; do
		read -r n c f < <(awk -v w="${what%%:*}" '$1 == w { print $2, $4, $8 }' "$work/match.out")
		jq -r --arg b "BM_match_${what#*:}" --arg runs "$RUNS" '.benchmarks[] | select(.run_name == $b and
			(.aggregate_name == "median" or $runs == "1")) | "\(.real_time) \(.cpu_time)"' "$work/match.json" |
			while read -r wall cpu; do
				printf '%-34s %-12s %9.2f %9.2f %10s %9s\n' "$2" "$n pkgs" "$wall" "$cpu" "$c" "$f"
				record match "$2" "$n" "$wall" "$cpu" "$c" "$f"
			done
	done
}
match_rows "$all" "all shared data"
match_rows "$work/all-debian.db" "+ synthetic full tracker"

# ---------------------------------------------------------------- 3. image scan
IMAGE=${IMAGE:-}
if [[ -z $IMAGE ]]; then
	for candidate in /work/main/out/example-image/oci "$CACHE/test-image/oci"; do
		[[ -f $candidate/index.json ]] && { IMAGE=$candidate; break; }
	done
fi
if [[ -z $IMAGE ]]; then
	log "building the test image (tests/images/build-debian-image.sh)"
	"$repo/tests/images/build-debian-image.sh" "$CACHE/test-image" >&2
	IMAGE=$CACHE/test-image/oci
fi
echo
echo "3. bulwark image --input $IMAGE --format json (median of $RUNS runs; page cache warm)"
echo
printf '%-44s %8s %8s %9s\n' scanners 'wall s' 'RSS MB' findings
image_row() {  # LABEL ARGS...
	local label=$1 i walls=() rss=0 w m
	shift
	for ((i = 0; i < RUNS; i++)); do
		timed "$work/img" "$BULWARK" image --input "$IMAGE" --format json --quiet "$@"
		read -r w m < "$work/img.time"
		walls+=("$w")
		((m > rss)) && rss=$m
	done
	w=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
	printf '%-44s %8s %8s %9s\n' "$label" "$w" "$((rss / 1024))" "$(jq '.vulnerabilities | length' "$work/img.out")"
	record image "$label" "$w" "$rss"
}
"$BULWARK" image --input "$IMAGE" --scanners none --format json --quiet > /dev/null # warm the page cache
image_row "none" --scanners none
image_row "vuln, all shared data" --scanners vuln --db "$all"
image_row "vuln, + synthetic full tracker" --scanners vuln --db "$work/all-debian.db"

echo
echo "load average at start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
echo "raw numbers: $results"
