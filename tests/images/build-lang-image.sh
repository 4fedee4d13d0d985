#!/usr/bin/env bash
# build-lang-image.sh - a Debian 12 image whose own layers add language packages (issue 3's
# parity image): what Trivy lists for it, bulwark must list (tests/e2e/lang_trivy_parity.sh).
#
# Usage:  sudo tests/images/build-lang-image.sh OUT
#
# Everything comes from real packages: the Debian mirror apt uses here and the npm registry.
# Layers (each packed like docker commit: changed paths plus whiteouts, pax tar, gzip):
#   0  debootstrap --variant=minbase bookworm (GNU tar; cached in OUT/cache like the e2e image)
#   1  apt-get install python3-six, ruby and Debian's wheel packages (python3-pip-whl,
#      python3-setuptools-whl, python3-wheel-whl): language packages owned by dpkg
#   2  pip (run from Debian's pip wheel) installs those wheels into
#      /usr/local/lib/python3.11/dist-packages: real Python packages no OS package owns
#   3  /app/node: "npm install" of $NPM_PKGS from the npm registry (package.json,
#      package-lock.json v3, node_modules with nested and scoped packages)
#   4  /usr/local/bin/langdemo: a Go program built by Debian's go (the host's golang-go) with
#      golang.org/x/text required and replaced by a local copy of golang-golang-x-text-dev
#   5  /app/lib: guava and commons-lang3 jars from Debian's libguava-java and
#      libcommons-lang3-java, and app.war (zip) holding commons-lang3 under WEB-INF/lib
#   6  two gems built with "gem build" and installed with "gem install --local" (their
#      gemspecs in /var/lib/gems/3.1.0/specifications), and /app/rust/Cargo.lock generated
#      offline by cargo from Debian's librust-itoa-dev and librust-ryu-dev crate sources
#      (skipped, with a note in info.json, when no cargo is on PATH)
#
# Output in OUT:
#   oci/                OCI layout, gzip layers, tag "lang"
#   image.docker.tar    docker-archive (skopeo) of bulwark-test/lang:latest
#   expected-maven.tsv  group:artifact<TAB>version<TAB>path of every pom.properties in the jars
#                       (unzip, nested war entries as WAR!ENTRY): an oracle that needs no Trivy
#   info.json           what each layer added; mirror; digests
#   cache/              the debootstrap result (same key as build-debian-image.sh)
#   .stamp              hash of this script and image-lib.sh + mirror; OUT is reused when it matches
#
# Host tools (besides image-lib.sh's): skopeo, gzip, zip, unzip, npm (registry access), go,
# apt-get download; cargo optional. Environment: MIRROR, SOURCE_DATE_EPOCH, KEEP_WORK=1, REBUILD=1.
set -euo pipefail

IMAGE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/image-lib.sh
# shellcheck source=tests/images/image-lib.sh
. "$IMAGE_LIB"

SUITE=bookworm
APT_PKGS="python3-six python3-pip-whl python3-setuptools-whl python3-wheel-whl ruby"
NPM_PKGS="lodash@4.17.20 minimist@1.2.5 @babel/code-frame@7.22.5"
JAVA_DEBS="libguava-java libcommons-lang3-java"
GO_DEBS="golang-golang-x-text-dev"
RUST_DEBS="librust-itoa-dev librust-ryu-dev"
IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CHROOT_PATH=$IMAGE_PATH
CHROOT_DNS=bind
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

[ $# -eq 1 ] || die "usage: $0 OUT"
OUT=$1

MIRROR=${MIRROR:-$(detect_mirror | head -n1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

SCRIPT_HASH=$(files_hash "${BASH_SOURCE[0]}" "$IMAGE_LIB")
STAMP="$SCRIPT_HASH $SUITE $MIRROR"
OUTPUTS=(oci/index.json image.docker.tar expected-maven.tsv info.json)
if stamp_current "$OUT" "$STAMP" "${OUTPUTS[@]}"; then
  log "reusing $OUT (stamp matches)"
  exit 0
fi

require_root_and_tools gzip skopeo zip unzip npm go apt-get dpkg-deb
DEB_ARCH=$(dpkg --print-architecture)
case $DEB_ARCH in
  amd64) ARCH=amd64 ;; arm64) ARCH=arm64 ;; i386) ARCH=386 ;; ppc64el) ARCH=ppc64le ;; *) ARCH=$DEB_ARCH ;;
esac
EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}
CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
LAYER_CLAMP_MTIME=$EPOCH

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
work_init bulwark-lang-image
NEW=$WORK/out
mkdir -p "$NEW/oci/blobs/sha256"
HISTORY_LINES=()

# ---------------------------------------------------------------- layers
pack_dir_layer() {  # DIR FORMAT: all of DIR as the next layer, tree-walk order
  tree_paths "$1" | dfsort > "$WORK/paths"
  pack_layer "$1" "$WORK/paths" "$2" "gzip:$NEW/oci"
  log "layer $(( ${#LAYER_DIFFIDS[@]} - 1 )): diff_id ${LAYER_DIFFIDS[-1]:0:19}, ${LAYER_TAR_SIZES[-1]} bytes tar ($2)"
}

# commit_step "CREATED_BY": what changed since the last step, as a layer (image-lib.sh's
# commit_layer: changed entries with their parents, one whiteout per removed subtree).
commit_step() {
  commit_layer "$WORK/snap" posix
  HISTORY_LINES+=("$1")
}

# fetch_debs DIR PKG...: the .debs of PKG (host apt, same suite) unpacked into DIR.
fetch_debs() {
  local dir=$1 d
  shift
  mkdir -p "$dir/debs"
  (cd "$dir/debs" && apt-get download "$@") >>"$LOG" 2>&1 || die "apt-get download $* failed"
  for d in "$dir"/debs/*.deb; do dpkg-deb -x "$d" "$dir"; done
}

# ---------------------------------------------------------------- layer 0: debootstrap
debootstrap_minbase "$OUT/cache/debootstrap.tar.zst"
pack_dir_layer "$ROOT" gnu
HISTORY_LINES+=("/bin/sh -c #(nop) ADD file:${LAYER_DIFFIDS[0]#sha256:} in / ")
snapshot "$ROOT" sha256 > "$WORK/snap"

# ---------------------------------------------------------------- layer 1: Debian packages
log "layer 1: apt-get install $APT_PKGS"
apt_install_in_chroot "$APT_PKGS"
commit_step "/bin/sh -c apt-get update && apt-get install -y --no-install-recommends $APT_PKGS && apt-get clean"

# ---------------------------------------------------------------- layer 2: pip outside dpkg
log "layer 2: pip install --no-index of Debian's wheels into /usr/local"
mapfile -t WHEELS < <(cd "$ROOT" && ls usr/share/python-wheels/*.whl)
[ "${#WHEELS[@]}" -ge 3 ] || die "Debian's wheels are missing from the image"
PIP_WHL=$(printf '%s\n' "${WHEELS[@]}" | grep '/pip-')
chroot_up
in_chroot python3 "/$PIP_WHL/pip" install --no-index --no-deps --no-cache-dir --break-system-packages \
  --root-user-action=ignore --disable-pip-version-check "${WHEELS[@]/#//}" >>"$LOG" 2>&1 || die "pip install failed"
chroot_down
find "$ROOT/usr/local/lib" -name __pycache__ -prune -exec rm -rf {} +
PY_DISTS=$(cd "$ROOT/usr/local/lib" && ls -d python3*/dist-packages/*.dist-info)
log "  $(echo "$PY_DISTS" | tr '\n' ' ')"
commit_step "/bin/sh -c python3 /usr/share/python-wheels/pip-*.whl/pip install --no-index /usr/share/python-wheels/*.whl"

# ---------------------------------------------------------------- layer 3: npm install
log "layer 3: npm install $NPM_PKGS into /app/node"
mkdir -p "$ROOT/app/node"
echo '{"name": "bulwark-langdemo", "version": "1.0.0", "private": true}' > "$ROOT/app/node/package.json"
(cd "$ROOT/app/node" && npm install --no-audit --no-fund --no-update-notifier --cache "$WORK/npm-cache" $NPM_PKGS) \
  >>"$LOG" 2>&1 || die "npm install failed (is the npm registry reachable?)"
rm -rf "$WORK/npm-cache"
commit_step "/bin/sh -c cd /app/node && npm install $NPM_PKGS"

# ---------------------------------------------------------------- layer 4: Go binary
log "layer 4: go build with golang.org/x/text replaced by Debian's copy -> /usr/local/bin/langdemo"
GOSRC=$WORK/gosrc
fetch_debs "$WORK/godebs" $GO_DEBS
XTEXT_VERSION=v$(dpkg-deb -f "$WORK"/godebs/debs/golang-golang-x-text-dev_*.deb Version | sed 's/-[^-]*$//; s/^[0-9]*://')
mkdir -p "$GOSRC/third_party"
cp -r "$WORK/godebs/usr/share/gocode/src/golang.org/x/text" "$GOSRC/third_party/text"
cat > "$GOSRC/go.mod" <<EOF
module example.com/bulwark/langdemo

go 1.19

require golang.org/x/text $XTEXT_VERSION

replace golang.org/x/text => ./third_party/text
EOF
cat > "$GOSRC/main.go" <<'EOF'
package main

import (
	"fmt"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

func main() { fmt.Println(cases.Title(language.English).String("bulwark language demo")) }
EOF
mkdir -p "$ROOT/usr/local/bin"
(cd "$GOSRC" && env GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOWORK=off CGO_ENABLED=0 \
   GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" go build -o "$ROOT/usr/local/bin/langdemo" .) \
  >>"$LOG" 2>&1 || die "go build failed"
chmod -R u+w "$WORK/gopath" 2>/dev/null || true
GO_VERSION=$(go env GOVERSION)
commit_step "/bin/sh -c #(nop) COPY file:langdemo in /usr/local/bin/ "

# ---------------------------------------------------------------- layer 5: jars and a war
log "layer 5: jars from $JAVA_DEBS under /app/lib, one nested in app.war"
fetch_debs "$WORK/javadebs" $JAVA_DEBS
mkdir -p "$ROOT/app/lib" "$WORK/war/WEB-INF/lib"
cp "$WORK/javadebs/usr/share/java/guava.jar" "$ROOT/app/lib/guava-31.1-jre.jar"
cp "$WORK/javadebs/usr/share/java/commons-lang3.jar" "$ROOT/app/lib/commons-lang3.jar"
cp "$WORK/javadebs/usr/share/java/commons-lang3.jar" "$WORK/war/WEB-INF/lib/commons-lang3-3.12.0.jar"
printf '<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="5.0"/>\n' > "$WORK/war/WEB-INF/web.xml"
rm -f "$ROOT/app/lib/app.war"   # commons-lang3 is both loose and nested: two paths, one artifact
(cd "$WORK/war" && zip -qrX "$ROOT/app/lib/app.war" WEB-INF) || die "zip failed"
commit_step "/bin/sh -c #(nop) COPY dir:lib in /app/lib "

# unzip oracle: every pom.properties, loose jars and jars inside the war
pom_props() {  # ZIP LABEL: group:artifact<TAB>version<TAB>LABEL of each pom.properties in ZIP
  local z=$1 label=$2 e
  unzip -Z1 "$z" | grep -E '^META-INF/maven/.*/pom\.properties$' | while IFS= read -r e; do
    unzip -p "$z" "$e" | tr -d '\r' | awk -F= -v l="$label" '
      $1 == "groupId" { g = $2 } $1 == "artifactId" { a = $2 } $1 == "version" { v = $2 }
      END { print g ":" a "\t" v "\t" l }'
  done
}
{
  for j in "$ROOT"/app/lib/*.jar; do pom_props "$j" "/app/lib/${j##*/}"; done
  mkdir -p "$WORK/unwar"
  unzip -q -o "$ROOT/app/lib/app.war" -d "$WORK/unwar"
  for j in "$WORK"/unwar/WEB-INF/lib/*.jar; do pom_props "$j" "/app/lib/app.war!WEB-INF/lib/${j##*/}"; done
} | LC_ALL=C sort > "$NEW/expected-maven.tsv"
[ "$(wc -l < "$NEW/expected-maven.tsv")" -ge 3 ] || die "expected pom.properties in the jars"

# ---------------------------------------------------------------- layer 6: gems and Cargo.lock
log "layer 6: gem install --local of two gems built here; Cargo.lock"
chroot_up
for g in bulwark-langdemo:0.3.1 bulwark-langutil:1.2.0; do
  name=${g%%:*} ver=${g#*:}
  mkdir -p "$ROOT/tmp/gem-$name/lib"
  echo "module ${name//-/_}; VERSION = '$ver'; end" > "$ROOT/tmp/gem-$name/lib/${name//-/_}.rb"
  cat > "$ROOT/tmp/gem-$name/$name.gemspec" <<EOF
Gem::Specification.new do |s|
  s.name = "$name"
  s.version = "$ver"
  s.summary = "bulwark test gem"
  s.authors = ["bulwark"]
  s.license = "MIT"
  s.files = ["lib/${name//-/_}.rb"]
end
EOF
  in_chroot sh -c "cd /tmp/gem-$name && gem build $name.gemspec && gem install --local --no-document ./$name-$ver.gem" \
    >>"$LOG" 2>&1 || { chroot_down; die "gem build/install of $name failed"; }
  rm -rf "${ROOT:?}/tmp/gem-$name"
done
chroot_down
rm -rf "$ROOT/root/.local" "$ROOT/root/.gem" "$ROOT/root/.cache"
CARGO_NOTE="Cargo.lock generated by $(command -v cargo || true)"
if command -v cargo >/dev/null; then
  fetch_debs "$WORK/rustdebs" $RUST_DEBS
  mkdir -p "$ROOT/app/rust/src" "$WORK/cargo-home"
  cat > "$WORK/cargo-home/config.toml" <<EOF
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "$WORK/rustdebs/usr/share/cargo/registry"
EOF
  cat > "$ROOT/app/rust/Cargo.toml" <<'EOF'
[package]
name = "langdemo"
version = "0.1.0"
edition = "2021"

[dependencies]
itoa = "1"
ryu = "1"
EOF
  echo 'fn main() { println!("{}", itoa::Buffer::new().format(1)); }' > "$ROOT/app/rust/src/main.rs"
  (cd "$ROOT/app/rust" && CARGO_HOME="$WORK/cargo-home" cargo generate-lockfile --offline) >>"$LOG" 2>&1 ||
    die "cargo generate-lockfile failed"
else
  CARGO_NOTE="skipped: no cargo on PATH"
  log "  no cargo here: no Cargo.lock in the image"
fi
commit_step "/bin/sh -c gem install --local bulwark-langdemo bulwark-langutil && cargo generate-lockfile"

# ---------------------------------------------------------------- image
HISTORY=$(for h in "${HISTORY_LINES[@]}"; do
  jq -n -c --arg c "$CREATED" --arg by "$h" '{created: $c, created_by: $by}'; done | jq -s -c .)
CONFIG=$(jq -n -c --arg created "$CREATED" --arg arch "$ARCH" --arg path "PATH=$IMAGE_PATH" \
  --argjson history "$HISTORY" --argjson diffids "$(json_strings "${LAYER_DIFFIDS[@]}")" \
  '{created: $created, architecture: $arch, os: "linux",
    config: {Env: [$path], Cmd: ["bash"], WorkingDir: "/app"},
    rootfs: {type: "layers", diff_ids: $diffids}, history: $history}')
read -r MANIFEST CONFIG_DIGEST < <(write_oci_layout "$NEW/oci" gzip lang "$ARCH" "$CONFIG")
skopeo --insecure-policy copy --quiet "oci:$NEW/oci:lang" \
  "docker-archive:$NEW/image.docker.tar:bulwark-test/lang:latest" >>"$LOG" 2>&1 || die "skopeo copy failed"

jq -n --arg mirror "$MIRROR" --arg suite "$SUITE" --arg arch "$ARCH" --arg created "$CREATED" \
  --arg apt "$APT_PKGS" --arg npm "$NPM_PKGS" --arg py "$PY_DISTS" --arg go "$GO_VERSION" \
  --arg xtext "$XTEXT_VERSION" --arg cargo "$CARGO_NOTE" --arg manifest "$MANIFEST" --arg config "$CONFIG_DIGEST" \
  --argjson diffids "$(json_strings "${LAYER_DIFFIDS[@]}")" --argjson history "$HISTORY" \
  '{mirror: $mirror, suite: $suite, architecture: $arch, created: $created, tag: "lang",
    repo_tag: "bulwark-test/lang:latest", apt_packages: ($apt | split(" ")), npm_packages: ($npm | split(" ")),
    pip_dist_info: ($py | split("\n") | map(select(. != ""))), go_toolchain: $go, x_text_version: $xtext,
    go_binary: "/usr/local/bin/langdemo", cargo: $cargo, manifest: $manifest, config: $config,
    diff_ids: $diffids, layers: [$history[].created_by]}' > "$NEW/info.json"

rm -f "$OUT/.stamp"
rm -rf --one-file-system "${OUT:?}/oci"
rm -f "$OUT"/{image.docker.tar,expected-maven.tsv,info.json}
mv "$NEW"/* "$OUT/"
echo "$STAMP" > "$OUT/.stamp"
log "done: ${#LAYER_DIFFIDS[@]} layers, $(du -sh "$OUT/image.docker.tar" | cut -f1) docker-archive in $OUT"
