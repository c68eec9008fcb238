#!/usr/bin/env bash
# The README's curl walkthrough as one script: against a running `pingan serve` (default
# http://127.0.0.1:8080), sign in as admin, build a small jurisdiction tree, add a unit, and take
# one incident around the closed loop. Needs curl and python3 (to read JSON).
#   PINGAN_URL=http://127.0.0.1:8080 PINGAN_ADMIN_PASSWORD=... scripts/walkthrough.sh
set -euo pipefail
url=${PINGAN_URL:-http://127.0.0.1:8080}
pw=${PINGAN_ADMIN_PASSWORD:?set PINGAN_ADMIN_PASSWORD to the admin password}
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
call() { # METHOD PATH [JSON]
    curl -sS -X "$1" "$url$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"}
}

set -x
token=$(curl -sS -X POST "$url/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$pw\"}" | json '["token"]')
city=$(call POST /v1/jurisdictions '{"level":"city","code":"SH","name":"上海市公安局","nameEn":"Shanghai PSB"}' | json '["id"]')
district=$(call POST /v1/jurisdictions "{\"parentID\":\"$city\",\"level\":\"district\",\"code\":\"HP\",\"name\":\"黄浦分局\"}" | json '["id"]')
station=$(call POST /v1/jurisdictions "{\"parentID\":\"$district\",\"level\":\"station\",\"code\":\"HP01\",\"name\":\"南京东路派出所\",\"location\":{\"lat\":31.2355,\"lon\":121.4830}}" | json '["id"]')
unit=$(call POST /v1/units "{\"callsign\":\"HP01-1\",\"kind\":\"patrolCar\",\"stationID\":\"$station\",\"crew\":2}" | json '["id"]')
incident=$(call POST /v1/incidents '{"category":"dispute","priority":2,"location":{"lat":31.2352,"lon":121.4801},"address":"南京东路300号","callerName":"张三","callerPhone":"13812345678","description":"两人在店门口争吵"}' | json '["id"]')
call POST "/v1/incidents/$incident/assign" "{\"unitIDs\":[\"$unit\"]}" | json '["status"]'
call POST "/v1/incidents/$incident/transition" '{"status":"enRoute"}' | json '["status"]'
call POST "/v1/incidents/$incident/transition" '{"status":"onScene"}' | json '["status"]'
call POST "/v1/incidents/$incident/transition" '{"status":"resolved"}' | json '["status"]'
call POST "/v1/incidents/$incident/feedback" '{"outcome":"mediated","summary":"双方和解，已离开"}' | json '["status"]'
call GET "/v1/incidents/$incident" | python3 -m json.tool
