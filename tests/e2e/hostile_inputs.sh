#!/usr/bin/env bash
# Hostile inputs: bulwark must refuse broken images with exit 3 and a precise error
# (code + the blob or file at fault), and must scan oddly-built but valid images to the
# end (exit 0, valid JSON, a warning where one is due) without ever writing outside its
# temp dir, following a link out of the image, crashing (exit >= 4, signal) or hanging.
# The corpus comes from tests/hostile/make_hostile.py; see tests/hostile/README.md.
# Env: BULWARK (binary), BULWARK_SRC (repo). Exit 77 = skipped.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=${BULWARK_SRC:-$(cd "$here/../.." && pwd)}
if [[ -z ${BULWARK:-} || ! -x ${BULWARK:-} ]]; then
	echo "SKIP: BULWARK is not set to an executable" >&2
	exit 77
fi
for tool in python3 jq timeout /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "SKIP: needs $tool" >&2; exit 77; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
corpus=$work/corpus
# bulwark gets its own TMPDIR: the only place a canary may legitimately appear.
btmp=$work/bulwark-tmp
mkdir -p "$btmp" "$work/out"

/usr/bin/python3 "$src/tests/hostile/make_hostile.py" "$corpus"
token=$(cat "$corpus/canary-token")

pass=0
fail=0
failed_names=()

# any_in HAYSTACK_FILE "a|b|c": does the file contain at least one alternative?
any_in() {
	local file=$1 alts=$2 a
	IFS='|' read -r -a parts <<<"$alts"
	for a in "${parts[@]}"; do
		grep -qF -- "$a" "$file" && return 0
	done
	return 1
}

# Canary files anywhere we can search cheaply, outside bulwark's own temp dir.
canaries_near() {
	find /tmp "$work" "${HOME:-/root}" /etc /srv -xdev \( -path "$btmp" -prune \) -o -name "*$token*" -print 2>/dev/null || true
}

while IFS=$'\t' read -r name path expected code flags names osx; do
	[[ $name == \#* || -z $name ]] && continue
	input=$corpus/$path
	out=$work/out/$name.json
	err=$work/out/$name.err
	tv=$work/out/$name.time
	extra=()
	[[ $flags != - ]] && read -r -a extra <<<"$flags"

	set +e
	TMPDIR=$btmp /usr/bin/time -v -o "$tv" timeout 120 \
		"$BULWARK" image --input "$input" --format json --quiet "${extra[@]}" </dev/null >"$out" 2>"$err"
	rc=$?
	set -e
	wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$tv" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
	rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tv")
	rss_mb=$(( ${rss_kb:-0} / 1024 ))
	why=()

	if (( rc == 124 )); then
		why+=("timed out after 120 s")
	elif (( rc >= 4 )); then
		why+=("exit $rc (internal error or signal): $(head -c 300 "$err")")
	elif [[ $expected == refuse ]]; then
		(( rc == 3 )) || why+=("exit $rc, want 3")
		codes=${code//|/\\|}
		grep -q "^bulwark: error: \($codes\): " "$err" ||
			why+=("stderr lacks 'bulwark: error: $code: ': $(head -c 300 "$err")")
		if [[ $names != - ]] && ! any_in "$err" "$names"; then
			why+=("stderr does not name '$names'")
		fi
		if [[ $name == no_matching_platform ]]; then
			grep -qF linux/arm64 "$err" || why+=("stderr does not list linux/arm64")
		fi
	else
		(( rc == 0 )) || why+=("exit $rc, want 0: $(head -c 300 "$err")")
		if ! jq -e . "$out" >/dev/null 2>&1; then
			why+=("output is not JSON")
		elif ! /usr/bin/python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8"))' "$out" 2>/dev/null; then
			# jq quietly repairs invalid UTF-8; JSON (RFC 8259) must be UTF-8.
			why+=("output is not strict UTF-8 JSON")
		else
			if [[ $code != - ]]; then
				jq -r '.warnings[]?.kind' "$out" >"$out.kinds"
				any_in "$out.kinds" "$code" || why+=("no warning of kind $code (got: $(tr '\n' ' ' <"$out.kinds"))")
			fi
			if [[ $osx != - ]]; then
				got=$(jq -r '"\(.os.family // "")/\(.os.version_id // "")"' "$out")
				[[ $got == "$osx" ]] || why+=("os is '$got', want '$osx' (the image's own os-release)")
			fi
		fi
		found=$(canaries_near)
		[[ -z $found ]] || why+=("canary written outside bulwark's temp dir: $found")
		if [[ $name == many_entries ]]; then
			awk -v w="$wall" 'BEGIN { exit !(w < 60) }' || why+=("took $wall s, limit 60 s")
			# An ASan build's RSS is its quarantine and shadow memory, not bulwark's.
			(( rss_mb < 500 )) || grep -qa '__asan_init' "$BULWARK" || why+=("peak RSS $rss_mb MB, limit 500 MB")
		fi
	fi

	if (( ${#why[@]} == 0 )); then
		pass=$((pass + 1))
		printf 'PASS  %-28s %-8s rc=%d %6s s %5d MB\n' "$name" "$expected" "$rc" "$wall" "$rss_mb"
	else
		fail=$((fail + 1))
		failed_names+=("$name")
		printf 'FAIL  %-28s %-8s rc=%d %6s s %5d MB\n' "$name" "$expected" "$rc" "$wall" "$rss_mb"
		for w in "${why[@]}"; do printf '        %s\n' "$w"; done
	fi
done <"$corpus/cases.tsv"

# One whole-filesystem search at the end (too slow to repeat per case).
found=$(timeout 300 find / -xdev \( -path "$btmp" -o -path /proc -o -path /sys \) -prune -o -name "*$token*" -print 2>/dev/null || true)
if [[ -n $found ]]; then
	fail=$((fail + 1))
	echo "FAIL  canary_search: canary files outside bulwark's temp dir:"
	echo "$found" | sed 's/^/        /'
else
	pass=$((pass + 1))
	echo "PASS  canary_search (/ -xdev, token $token)"
fi

(( fail == 0 )) || echo "failed: ${failed_names[*]}"
echo "$pass passed, $fail failed"
(( fail == 0 ))
