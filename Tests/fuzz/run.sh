#!/usr/bin/env bash
# Fuzzes every operation of the API with schemathesis (https://schemathesis.readthedocs.io),
# generated from the server's own /openapi.json, against `pingan serve --demo` on loopback,
# signed in as the administrator. Every check runs (server errors, status codes, content types,
# response schemas, schema-valid requests accepted, schema-violating ones refused, …);
# Tests/fuzz/schemathesis.toml lists the few places the document cannot decide.
# Then generates a Python client from the document (openapi-python-client) and drives the
# server with it (Tests/fuzz/client_check.py). Prints schemathesis's counts and the share of generated requests answered 2xx (from the
# server's own request metrics), and fails when schemathesis finds anything or that share is
# under 30 %.
#
#   Tests/fuzz/run.sh [--examples N] [--bin PATH]     (defaults: 160, .build/debug/pingan)
set -euo pipefail
cd "$(dirname "$0")/../.."
examples=160
bin="$PWD/.build/debug/pingan"
while [ $# -gt 0 ]; do
    case "$1" in
        --examples) examples="$2"; shift 2 ;;
        --bin) bin="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
if ! python3 -c 'import schemathesis' 2>/dev/null; then
    python3 -m pip --version >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-pip >/dev/null; }
    python3 -m pip install --quiet schemathesis 2>/dev/null || python3 -m pip install --quiet --break-system-packages schemathesis
fi
# The `st` command through the interpreter that has the package, wherever pip put its scripts.
st() { python3 -c 'import sys; from schemathesis.cli import schemathesis; sys.argv[0] = "st"; schemathesis()' "$@"; }
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
password="fuzz-admin-$(date +%s)"
PINGAN_ADMIN_PASSWORD="$password" "$bin" serve --demo --demo-rate 1 --demo-history-days 30 --port "$port" --data-dir "$data" --bcrypt-cost 4 >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "$base/healthz" >/dev/null || { cat "$data/server.log"; echo "pingan did not start"; exit 1; }
login() { curl -sf "$base/v1/auth/login" -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])'; }
token=$(login)
logout_token=$(login)
counts() { curl -sf "$base/metrics" | python3 -c '
import re, sys
ok = total = 0
for line in sys.stdin:
    m = re.match(r"pingan_http_requests_total\{.*route=\"([^\"]*)\".*status=\"(\d+)\"\} (\d+)", line)
    if m and m.group(1) != "/metrics":
        total += int(m.group(3)); ok += int(m.group(3)) if m.group(2).startswith("2") else 0
print(ok, total)'; }
by_status() { curl -sf "$base/metrics" | python3 -c '
import re, sys, collections
c = collections.Counter()
for line in sys.stdin:
    m = re.match(r"pingan_http_requests_total\{.*route=\"([^\"]*)\".*status=\"(\d+)\"\} (\d+)", line)
    if m and m.group(1) != "/metrics": c[m.group(2)] += int(m.group(3))
print("fuzz: answers by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(c.items())))'; }
status=0
# A client generated from the same document compiles, imports and works against the server
# (first: the fuzzing below signs in with wrong passwords until the administrator is locked out).
python3 -c 'import openapi_python_client' 2>/dev/null || python3 -m pip install --quiet openapi-python-client 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages openapi-python-client
python3 Tests/fuzz/client_check.py "$base" "$password" || { echo "the generated client failed"; status=1; }
read -r ok0 total0 < <(counts)
config="$PWD/Tests/fuzz/schemathesis.toml"
# Sign-out ends the token it is called with, so it runs last, with a token of its own.
# Schema-valid requests first (they must be accepted), then schema-violating ones (they must be
# refused), a sixth as many; every check runs on both. (Cursor-on-Target's and CAP's bodies are
# any text, and an EIDO's members any JSON, so they have no schema-violating form worth sending and
# are left out of the second run.)
st --config-file "$config" run "$base/openapi.json" -H "Authorization: Bearer $token" --checks all -n "$examples" --workers 2 \
    --mode positive --seed 1 --exclude-path /v1/auth/logout --no-color || status=$?
read -r okp totalp < <(counts)
echo "fuzz: schema-valid run: $((totalp - total0)) requests answered, $((okp - ok0)) with 2xx"
st --config-file "$config" run "$base/openapi.json" -H "Authorization: Bearer $token" --checks all -n $(( (examples + 5) / 6 )) --workers 2 \
    --mode negative --seed 2 --exclude-path /v1/auth/logout --exclude-path /v1/positions/cot --exclude-path /v1/alerts/cap --exclude-path /v1/fraud-warnings/cap --exclude-path /v1/eido --no-color || status=$?
st --config-file "$config" run "$base/openapi.json" -H "Authorization: Bearer $logout_token" --checks all -n "$examples" \
    --seed 1 --include-path /v1/auth/logout --no-color || status=$?
read -r ok1 total1 < <(counts)
by_status
python3 - "$ok0" "$total0" "$ok1" "$total1" <<'PY'
import sys
ok0, total0, ok1, total1 = map(int, sys.argv[1:])
ok, total = ok1 - ok0, total1 - total0
print(f"fuzz: {total} requests answered, {ok} with 2xx ({100 * ok / max(total, 1):.1f} %)")
sys.exit(0 if total and ok / total >= 0.30 else 3)
PY
share=$?
[ "$status" -eq 0 ] || { echo "schemathesis found failures"; exit "$status"; }
[ "$share" -eq 0 ] || { echo "fewer than 30 % of generated requests succeeded"; exit 1; }
