#!/usr/bin/env bash
# Report files against their schemas: the golden CycloneDX, SPDX, SARIF and JSON reports
# (tests/data/report/golden/, with vulnerabilities and secrets) against the vendored
# official CycloneDX 1.6, SPDX 2.3 and SARIF 2.1.0 schemas and our
# docs/schema/bulwark-report-v1.schema.json; then, once the CLI can scan a rootfs, what
# `bulwark rootfs` writes in every format. Validation is Ajv 8
# (tests/tools/schema-validator); its node_modules are cached in $BULWARK_BUILD.
# Exit 77 (skipped) without node/npm or when the npm registry cannot be reached.
set -euo pipefail

: "${BULWARK:?}" "${BULWARK_SRC:?}" "${BULWARK_BUILD:?}"
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
	echo "skip: node and npm are needed to run the schema validator"
	exit 77
fi

tool_src=$BULWARK_SRC/tests/tools/schema-validator
schemas=$BULWARK_SRC/tests/data/schemas
golden=$BULWARK_SRC/tests/data/report/golden
our_schema=$BULWARK_SRC/docs/schema/bulwark-report-v1.schema.json

# npm ci once per lock file; reruns reuse the cached node_modules.
cache=$BULWARK_BUILD/schema-validator
if [[ ! -d $cache/node_modules ]] || ! cmp -s "$tool_src/package-lock.json" "$cache/package-lock.json"; then
	rm -rf "$cache"
	mkdir -p "$cache"
	cp "$tool_src/package.json" "$tool_src/package-lock.json" "$cache/"
	if ! (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error); then
		rm -rf "$cache"
		echo "skip: npm ci failed (is the npm registry reachable?)"
		exit 77
	fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/validator"
cp -r "$tool_src/." "$work/validator/"
ln -s "$cache/node_modules" "$work/validator/node_modules"

failures=0
# expect RC NAME SCHEMA DOC [validate.js options...]
expect() {
	local want=$1 name=$2
	shift 2
	local rc=0
	node "$work/validator/validate.js" "$@" --quiet > "$work/out.txt" 2>&1 || rc=$?
	if [[ $rc == "$want" ]]; then
		echo "ok   $name"
	else
		echo "FAIL $name (validator exit $rc, expected $want)"
		sed 's/^/     /' "$work/out.txt"
		failures=$((failures + 1))
	fi
}
cdx_refs=(--ref "$schemas/cyclonedx/spdx.schema.json" --ref "$schemas/cyclonedx/jsf-0.82.schema.json")
validate_cyclonedx() { expect 0 "$1" "$schemas/cyclonedx/bom-1.6.schema.json" "$2" "${cdx_refs[@]}"; }
validate_spdx() { expect 0 "$1" "$schemas/spdx/spdx-schema.json" "$2"; }
validate_json() { expect 0 "$1" "$our_schema" "$2"; }
validate_sarif() { expect 0 "$1" "$schemas/sarif/sarif-schema-2.1.0.json" "$2"; }

validate_cyclonedx "golden CycloneDX 1.6" "$golden/report.cdx.json"
validate_spdx "golden SPDX 2.3" "$golden/report.spdx.json"
validate_json "golden bulwark.report/v1" "$golden/report.json"
validate_sarif "golden SARIF 2.1.0" "$golden/report.sarif"

# The validator must reject what the schemas forbid, or the checks above prove nothing.
node -e 'const d=require(process.argv[1]); d.components[1].type="lib"; console.log(JSON.stringify(d))' \
	"$golden/report.cdx.json" > "$work/bad.cdx.json"
expect 1 "broken CycloneDX is rejected" "$schemas/cyclonedx/bom-1.6.schema.json" "$work/bad.cdx.json" "${cdx_refs[@]}"
node -e 'const d=require(process.argv[1]); delete d.packages[0].SPDXID; console.log(JSON.stringify(d))' \
	"$golden/report.spdx.json" > "$work/bad.spdx.json"
expect 1 "broken SPDX is rejected" "$schemas/spdx/spdx-schema.json" "$work/bad.spdx.json"
node -e 'const d=require(process.argv[1]); d.packages[0].epoch="1"; console.log(JSON.stringify(d))' \
	"$golden/report.json" > "$work/bad.json"
expect 1 "broken bulwark.report/v1 is rejected" "$our_schema" "$work/bad.json"
node -e 'const d=require(process.argv[1]); d.secrets[0].raw="x"; console.log(JSON.stringify(d))' \
	"$golden/report.json" > "$work/bad-secret.json"
expect 1 "bulwark.report/v1 with an unknown secret field is rejected" "$our_schema" "$work/bad-secret.json"
node -e 'const d=require(process.argv[1]); d.vulnerabilities[0].analysis.state="vulnerable"; console.log(JSON.stringify(d))' \
	"$golden/report.cdx.json" > "$work/bad-vuln.cdx.json"
expect 1 "CycloneDX with a bad analysis state is rejected" "$schemas/cyclonedx/bom-1.6.schema.json" "$work/bad-vuln.cdx.json" "${cdx_refs[@]}"
node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1])); d.runs[0].results[0].level="critical"; console.log(JSON.stringify(d))' \
	"$golden/report.sarif" > "$work/bad.sarif"
expect 1 "broken SARIF is rejected" "$schemas/sarif/sarif-schema-2.1.0.json" "$work/bad.sarif"

# Microsoft's SARIF multitool with GitHub code scanning's ingestion rules (Gh, Ghas), when
# SARIF_MULTITOOL names its binary (npm @microsoft/sarif-multitool-linux: Sarif.Multitool).
# It exits 0 even for a log it finds invalid, so its own output log is read instead.
if [[ -n ${SARIF_MULTITOOL:-} ]]; then
	if "$SARIF_MULTITOOL" validate "$golden/report.sarif" --rule-kind "Sarif;Gh;Ghas" \
		--output "$work/multitool.sarif" --log ForceOverwrite > "$work/multitool.txt" 2>&1; then
		errors=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1])).runs[0].results||[];
			const e=r.filter((x)=>(x.level||"warning")==="error"); e.forEach((x)=>console.error(JSON.stringify(x.message)));
			console.log(e.length)' "$work/multitool.sarif")
	else
		errors="multitool failed: $(tail -3 "$work/multitool.txt")"
	fi
	if [[ $errors == 0 ]]; then
		echo "ok   golden SARIF passes the multitool's SARIF and GitHub rules"
	else
		echo "FAIL golden SARIF against the multitool's SARIF and GitHub rules: $errors"
		failures=$((failures + 1))
	fi
else
	echo "note: SARIF_MULTITOOL not set; GitHub ingestion rules not checked"
fi

# What the CLI writes, once it can scan a rootfs.
if "$BULWARK" rootfs --help > /dev/null 2>&1; then
	roots=()
	# A tiny Debian root made here, so the check never depends on other fixtures.
	tiny=$work/tiny-root
	mkdir -p "$tiny/etc" "$tiny/var/lib/dpkg"
	printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n' \
		> "$tiny/etc/os-release"
	cat > "$tiny/var/lib/dpkg/status" << 'STATUS'
Package: login
Status: install ok installed
Priority: required
Architecture: amd64
Source: shadow
Version: 1:4.13+dfsg1-1+deb12u1
Maintainer: Shadow package maintainers <pkg-shadow-devel@lists.alioth.debian.org>
Description: system login tools

Package: libstdc++6
Status: install ok installed
Architecture: amd64
Source: gcc-12
Version: 12.2.0-14
Maintainer: Debian GCC Maintainers <debian-gcc@lists.debian.org>
Description: GNU Standard C++ Library v3
STATUS
	roots+=("$tiny")
	fixture=$BULWARK_SRC/tests/data/pkgdb/dpkg-debootstrap-bookworm-minbase
	if [[ -d $fixture ]]; then
		cp -r "$fixture" "$work/minbase"
		roots+=("$work/minbase")
	fi
	for root in "${roots[@]}"; do
		label=$(basename "$root")
		for format in json cyclonedx spdx-json sarif table; do
			out=$work/$label.$format
			if ! "$BULWARK" rootfs "$root" --format "$format" --output "$out" > "$work/cli.txt" 2>&1; then
				echo "FAIL bulwark rootfs $label --format $format"
				sed 's/^/     /' "$work/cli.txt"
				failures=$((failures + 1))
				continue
			fi
			case $format in
			json) validate_json "rootfs $label: json" "$out" ;;
			cyclonedx) validate_cyclonedx "rootfs $label: cyclonedx" "$out" ;;
			spdx-json) validate_spdx "rootfs $label: spdx-json" "$out" ;;
			sarif) validate_sarif "rootfs $label: sarif" "$out" ;;
			table)
				# 80 columns, counted in characters (the table is UTF-8).
				widest=$(LC_ALL=C.UTF-8 awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }' "$out")
				if [[ -s $out && $widest -le 80 ]]; then
					echo "ok   rootfs $label: table ($widest columns)"
				else
					echo "FAIL rootfs $label: table empty or wider than 80 columns ($widest)"
					failures=$((failures + 1))
				fi
				;;
			esac
		done
	done
else
	echo "note: '$BULWARK rootfs --help' fails; CLI output not checked"
fi

if ((failures > 0)); then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all report schema checks passed"
