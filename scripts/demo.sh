#!/usr/bin/env bash
# demo.sh - set up, build, make a real Debian 12 image and scan it: the README's first command.
#
# The example image is tests/images/build-debian-image.sh's (debootstrap minbase + apt-get
# install jq less + a layer that purges less), written to out/example-image/ and reused on the
# next run. Where that cannot run (not root, no debootstrap, or a container that may not mount),
# the demo scans this machine's own root filesystem instead.
# Vulnerabilities come from the advisory snapshot the repository carries (tests/data/vulndb/:
# Debian advisories for this image's packages, real OSV records), imported into a demo
# database under out/ - no network needed; `bulwark db update` fetches the full feeds online.
# Environment: DEMO_OUT (image directory), BUILD_DIR (default build/).
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$SRC"
OUT=${DEMO_OUT:-$SRC/out/example-image}
BUILD=${BUILD_DIR:-$SRC/build}

bash scripts/setup.sh
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$BUILD" -j "$(nproc)"
BULWARK=$BUILD/bin/bulwark

DB=$SRC/out/demo-db/bulwark.db
echo "\$ bulwark db import --kind debian tests/data/vulndb/debian/bookworm-changelogs.json (offline snapshot)"
"$BULWARK" db import --db "$DB" --replace-all --kind debian tests/data/vulndb/debian/bookworm-changelogs.json
"$BULWARK" db import --db "$DB" --kind osv tests/data/vulndb/trivy-fixtures/advisories/osv
"$BULWARK" db import --db "$DB" --kind nodejs tests/data/vulndb/trivy-fixtures/advisories/nodejs
"$BULWARK" db info --db "$DB"

can_build_image() {
  local probe ok=1
  [ "$(id -u)" = 0 ] || return 1
  command -v debootstrap >/dev/null && command -v skopeo >/dev/null || return 1
  probe=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-demo-probe.XXXXXX")
  if mount -t tmpfs none "$probe" 2>/dev/null; then umount "$probe"; ok=0; fi
  rmdir "$probe"
  return "$ok"
}

if can_build_image && bash tests/images/build-debian-image.sh "$OUT"; then
  echo
  echo "\$ bulwark image --input ${OUT#"$SRC"/}/oci --db ${DB#"$SRC"/}"
  "$BULWARK" image --input "$OUT/oci" --db "$DB"
  echo
  echo "The same image as a docker-archive and with zstd layers gives the same packages:"
  echo "  $BULWARK image --input $OUT/image.docker.tar"
  echo "  $BULWARK image --input $OUT/oci-zstd --format json"
  echo "  $BULWARK image --input $OUT/oci --format cyclonedx --output sbom.cdx.json"
  echo "  $BULWARK image --input $OUT/oci --db $DB --format sarif --exit-code 1    # CI gate"
  echo "  $BULWARK fs tests/data/vulndb/trivy-fixtures/repo/gomod --db $DB          # a project's lockfiles"
else
  echo "demo: cannot build the example image here (needs root, debootstrap and mounts);" >&2
  echo "demo: scanning this machine's root filesystem instead" >&2
  echo
  echo "\$ bulwark rootfs / --db ${DB#"$SRC"/}"
  "$BULWARK" rootfs / --db "$DB"
fi
