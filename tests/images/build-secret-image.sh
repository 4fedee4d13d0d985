#!/usr/bin/env bash
# build-secret-image.sh - an image with planted (fake, freshly generated) secrets of many rule
# types in several layers, for tests/e2e/secret_image.sh. No root, no network: layers are
# packed with GNU tar like docker commit would (image-lib.sh), the config is written with jq.
#
# Usage:  tests/images/build-secret-image.sh OUT
#
# Layers:
#   0  application files full of credentials (.env, settings.py, .npmrc, .docker/config.json,
#      .git-credentials, kubeconfig, .pypirc, .netrc, a GCP service account, an SSH key, ...)
#      plus look-alikes that are not secrets (public key, certificate, placeholders, hashes)
#   1  whiteout of root/.ssh/id_rsa (the key still ships in layer 0), settings.py replaced by a
#      clean version, a database URL with a password
#   2  a tool config with Docker Hub, Twilio and Hugging Face tokens
# Config: a GitHub token only in Env; an npm token only in a build-arg history line.
#
# Output in OUT:
#   oci/            OCI layout, gzip layers, tag "secrets"
#   expected.tsv    rule<TAB>path<TAB>line<TAB>layer<TAB>removed_in ("-" = none/not applicable)
#   clean.txt       paths that hold look-alikes only: no finding may name them
#   raw.txt         every planted secret value, one per line (none may appear in any report)
#   layers/N/       each layer's files unpacked (for secretlint), whiteouts left out
#   .stamp          hash of this script and image-lib.sh; OUT is reused when it matches
# Environment: REBUILD=1 (ignore .stamp), KEEP_WORK=1.
set -euo pipefail

IMAGE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/image-lib.sh
# shellcheck source=tests/images/image-lib.sh
. "$IMAGE_LIB"

[ $# -eq 1 ] || die "usage: $0 OUT"
OUT=$1
STAMP=$(files_hash "${BASH_SOURCE[0]}" "$IMAGE_LIB")
if stamp_current "$OUT" "$STAMP" oci/index.json expected.tsv clean.txt raw.txt; then
  log "reusing $OUT (stamp matches)"
  exit 0
fi
for t in tar gzip jq openssl base64 sha256sum find sort; do
  command -v "$t" >/dev/null || die "missing tool: $t"
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
work_init bulwark-secret-image
NEW=$WORK/out
mkdir -p "$NEW/oci/blobs/sha256"
EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
LAYER_CLAMP_MTIME=$EPOCH

# ---------------------------------------------------------------- fake values
# Random strings from a character set: real-looking (high entropy), but never used anywhere.
rand_from() { # SET LENGTH
  local s=""
  while [ "${#s}" -lt "$2" ]; do
    s+=$(head -c 4096 /dev/urandom | tr -dc "$1")
  done
  printf '%s' "${s:0:$2}"
}
alnum() { rand_from 'A-Za-z0-9' "$1"; }
upper32() { rand_from 'A-Z2-7' "$1"; }
hex() { rand_from 'a-f0-9' "$1"; }
urlsafe() { rand_from 'A-Za-z0-9_-' "$1"; }
b64() { rand_from 'A-Za-z0-9+/' "$1"; }
digits() { rand_from '0-9' "$1"; }
b64url_json() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }

AWS_ID=AKIA$(upper32 16)
AWS_SECRET=$(b64 40)
GHP=ghp_$(alnum 36)
GHP_ENV=ghp_$(alnum 36)
GLPAT=glpat-$(urlsafe 20)
SLACK=xoxb-$(digits 12)-$(digits 13)-$(alnum 24)
STRIPE=sk_live_$(alnum 24)
SENDGRID=SG.$(urlsafe 22).$(urlsafe 43)
OPENAI=sk-$(alnum 20)T3BlbkFJ$(alnum 20)
ANTHROPIC=sk-ant-api03-$(urlsafe 93)AA
NPM=npm_$(alnum 36)
NPM_ARG=npm_$(alnum 36)
DOCKER_AUTH=$(printf 'deploy:%s' "$(alnum 24)" | base64 -w0)
GIT_PASSWORD=$(alnum 28)
KUBE_TOKEN=$(alnum 24).$(alnum 40)
PYPI=pypi-AgEIcHlwaS5vcmc$(urlsafe 80)
NETRC_PASSWORD=$(alnum 24)
DB_PASSWORD=$(alnum 8)$(digits 4)$(alnum 8)
URL_PASSWORD=$(alnum 18)
AZURE_KEY=$(b64 86)==
DOCKERHUB=dckr_pat_$(urlsafe 27)
TWILIO=SK$(hex 32)
HF=hf_$(alnum 34)
JWT=$(b64url_json '{"alg":"HS256","typ":"JWT"}').$(b64url_json "{\"sub\":\"$(alnum 12)\",\"iat\":1700000000}").$(urlsafe 43)
openssl genrsa -traditional -out "$WORK/id_rsa" 2048 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/sa.pem" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/client.pem" 2>/dev/null
openssl req -new -x509 -key "$WORK/client.pem" -subj /CN=fake -days 1 -out "$WORK/client.crt" 2>/dev/null
SA_KEY_JSON=$(jq -Rs . < "$WORK/sa.pem")           # the PEM as a JSON string (\n escaped)
CLIENT_KEY_DATA=$(base64 -w0 < "$WORK/client.pem")

# ---------------------------------------------------------------- layer 0
L0=$WORK/layer0
mkdir -p "$L0"/{app/config,app/k8s,home/app,root/.docker,root/.ssh,etc/ssl/certs,usr/share/app}
cat > "$L0/app/.env" <<EOF
# application settings
AWS_ACCESS_KEY_ID=$AWS_ID
AWS_SECRET_ACCESS_KEY=$AWS_SECRET
STRIPE_SECRET_KEY=$STRIPE
SENDGRID_API_KEY=$SENDGRID
SLACK_BOT_TOKEN=$SLACK
DB_PASSWORD=$DB_PASSWORD
EOF
cat > "$L0/app/config/settings.py" <<EOF
DEBUG = False
GITHUB_TOKEN = "$GHP"
GITLAB_TOKEN = "$GLPAT"
OPENAI_API_KEY = "$OPENAI"
ANTHROPIC_API_KEY = "$ANTHROPIC"
EOF
printf '//registry.npmjs.org/:_authToken=%s\n' "$NPM" > "$L0/home/app/.npmrc"
printf '{\n  "auths": {\n    "registry.internal.invalid": {\n      "auth": "%s"\n    }\n  }\n}\n' "$DOCKER_AUTH" \
  > "$L0/root/.docker/config.json"
printf 'https://deploy:%s@git.internal.invalid\n' "$GIT_PASSWORD" > "$L0/root/.git-credentials"
cat > "$L0/app/k8s/kubeconfig" <<EOF
apiVersion: v1
kind: Config
users:
- name: ci
  user:
    token: $KUBE_TOKEN
- name: admin
  user:
    client-key-data: $CLIENT_KEY_DATA
EOF
printf '[pypi]\nusername = __token__\npassword = %s\n' "$PYPI" > "$L0/root/.pypirc"
printf 'machine api.internal.invalid\n  login bot\n  password %s\n' "$NETRC_PASSWORD" > "$L0/root/.netrc"
cat > "$L0/app/service-account.json" <<EOF
{
  "type": "service_account",
  "project_id": "fake-project",
  "private_key_id": "$(hex 40)",
  "private_key": $SA_KEY_JSON,
  "client_email": "ci@fake-project.iam.gserviceaccount.com"
}
EOF
cp "$WORK/id_rsa" "$L0/root/.ssh/id_rsa"
printf 'Authorization: Bearer %s\n' "$JWT" > "$L0/app/session.txt"
printf 'AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=fakeacct;AccountKey=%s;EndpointSuffix=core.windows.net"\n' \
  "$AZURE_KEY" > "$L0/app/azure.env"
# Look-alikes: a public key, a certificate, placeholders, documented examples, hashes.
openssl rsa -in "$WORK/id_rsa" -pubout -out "$L0/root/.ssh/id_rsa.pub" 2>/dev/null
cp "$WORK/client.crt" "$L0/etc/ssl/certs/client.crt"
cat > "$L0/usr/share/app/settings.example" <<EOF
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
DB_PASSWORD=\${DB_PASSWORD}
API_TOKEN=<your-token-here>
password = changeme
sha256 = $(hex 64)
commit = $(hex 40)
EOF
CLEAN=(root/.ssh/id_rsa.pub etc/ssl/certs/client.crt usr/share/app/settings.example)

# ---------------------------------------------------------------- layer 1
L1=$WORK/layer1
mkdir -p "$L1"/{root/.ssh,app/config}
: > "$L1/root/.ssh/.wh.id_rsa"
printf 'DEBUG = False\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n' > "$L1/app/config/settings.py"
printf 'production:\n  url: postgres://app:%s@db.internal.invalid:5432/app\n' "$URL_PASSWORD" > "$L1/app/config/database.yml"

# ---------------------------------------------------------------- layer 2
L2=$WORK/layer2
mkdir -p "$L2/opt/tool"
cat > "$L2/opt/tool/config.toml" <<EOF
[registry]
token = "$DOCKERHUB"
[notify]
twilio_api_key = "$TWILIO"
[models]
hf_token = "$HF"
EOF

# ---------------------------------------------------------------- expectations
# rule, path, line (where the match starts), layer, removed_in
cat > "$NEW/expected.tsv" <<EOF
aws-access-key-id	app/.env	2	0	-
aws-secret-access-key	app/.env	3	0	-
stripe-secret-key	app/.env	4	0	-
sendgrid-api-key	app/.env	5	0	-
slack-bot-token	app/.env	6	0	-
generic-password	app/.env	7	0	-
github-pat	app/config/settings.py	2	0	1
gitlab-pat	app/config/settings.py	3	0	1
openai-api-key	app/config/settings.py	4	0	1
anthropic-api-key	app/config/settings.py	5	0	1
npm-access-token	home/app/.npmrc	1	0	-
docker-config-auth	root/.docker/config.json	4	0	-
git-credentials	root/.git-credentials	1	0	-
kubeconfig-token	app/k8s/kubeconfig	6	0	-
kubeconfig-client-key-data	app/k8s/kubeconfig	9	0	-
pypi-upload-token	root/.pypirc	3	0	-
netrc-password	root/.netrc	1	0	-
gcp-service-account	app/service-account.json	2	0	-
private-key-pkcs8	app/service-account.json	5	0	-
private-key-rsa	root/.ssh/id_rsa	1	0	1
jwt	app/session.txt	1	0	-
azure-storage-account-key	app/azure.env	1	0	-
url-password	app/config/database.yml	2	1	-
dockerhub-pat	opt/tool/config.toml	2	2	-
twilio-api-key	opt/tool/config.toml	4	2	-
huggingface-access-token	opt/tool/config.toml	6	2	-
github-pat	config:Env	2	-	-
npm-access-token	history:2	1	-	-
EOF
printf '%s\n' "${CLEAN[@]}" > "$NEW/clean.txt"
printf '%s\n' "$AWS_ID" "$AWS_SECRET" "$GHP" "$GHP_ENV" "$GLPAT" "$SLACK" "$STRIPE" "$SENDGRID" "$OPENAI" \
  "$ANTHROPIC" "$NPM" "$NPM_ARG" "$DOCKER_AUTH" "$GIT_PASSWORD" "$KUBE_TOKEN" "$PYPI" "$NETRC_PASSWORD" \
  "$DB_PASSWORD" "$URL_PASSWORD" "$AZURE_KEY" "$DOCKERHUB" "$TWILIO" "$HF" "$JWT" \
  "$(sed -n 2p "$WORK/id_rsa")" "$(sed -n 2p "$WORK/sa.pem")" > "$NEW/raw.txt"

# ---------------------------------------------------------------- image
mkdir -p "$NEW/layers"
for i in 0 1 2; do
  dir=$WORK/layer$i
  tree_paths "$dir" | dfsort > "$WORK/paths"
  pack_layer "$dir" "$WORK/paths" posix "gzip:$NEW/oci"
  mkdir -p "$NEW/layers/$i"
  tar -C "$dir" --exclude='.wh.*' -cf - . | tar -C "$NEW/layers/$i" -xf -
done
CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
HISTORY=$(jq -n -c --arg c "$CREATED" --arg arg "|1 NPM_TOKEN=$NPM_ARG /bin/sh -c npm ci --omit=dev" '[
  {created: $c, created_by: "/bin/sh -c #(nop) COPY dir:app in / "},
  {created: $c, created_by: "/bin/sh -c #(nop)  ENV GH_DEPLOY_TOKEN", empty_layer: true},
  {created: $c, created_by: $arg},
  {created: $c, created_by: "/bin/sh -c #(nop) COPY file:config.toml in /opt/tool/ "}]')
CONFIG=$(jq -n -c --arg created "$CREATED" --arg env "GH_DEPLOY_TOKEN=$GHP_ENV" --argjson history "$HISTORY" \
  --argjson diffids "$(json_strings "${LAYER_DIFFIDS[@]}")" \
  '{created: $created, architecture: "amd64", os: "linux",
    config: {Env: ["PATH=/usr/local/bin:/usr/bin:/bin", $env], Cmd: ["/app/run"],
             Labels: {"org.opencontainers.image.title": "bulwark-secrets"}},
    rootfs: {type: "layers", diff_ids: $diffids}, history: $history}')
write_oci_layout "$NEW/oci" gzip secrets amd64 "$CONFIG" > /dev/null

rm -f "$OUT/.stamp"
rm -rf --one-file-system "${OUT:?}"/{oci,layers}
rm -f "$OUT"/{expected.tsv,clean.txt,raw.txt}
mv "$NEW"/* "$OUT/"
echo "$STAMP" > "$OUT/.stamp"
log "done: $(wc -l < "$OUT/expected.tsv") planted secrets in $OUT"
