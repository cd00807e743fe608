#!/usr/bin/env bash
# Takes the portal screenshots of docs/ from a running demo (./parkpulse demo), with Debian's
# chromium and chromium-driver, through the WebDriver protocol: no other tool needed.
#   docs/images/capture.sh [portal-url] [password]
set -euo pipefail
cd "$(dirname "$0")"
url="${1:-http://127.0.0.1:8080}"
password="${2:-$(cat ../../.parkpulse/admin-password)}"
port=9515
chromedriver --port=$port >/dev/null 2>&1 &
driver=$!
trap 'kill $driver' EXIT
sleep 1
wd() { curl -s -X "$1" "http://127.0.0.1:$port$2" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
session=$(wd POST /session '{"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless=new","--no-sandbox","--window-size=1366,1000","--lang=zh-CN"]}}}}' \
  | sed -E 's/.*"sessionId":"([^"]+)".*/\1/')
go() { wd POST "/session/$session/url" "{\"url\":\"$url$1\"}" >/dev/null; sleep "${2:-2}"; }
shot() { wd GET "/session/$session/screenshot" | sed -E 's/.*"value":"([^"]+)".*/\1/' | base64 -d > "$1.png"; echo "$1.png"; }
type_in() {
  local id
  id=$(wd POST "/session/$session/element" "{\"using\":\"css selector\",\"value\":\"$1\"}" \
    | sed -E 's/.*"element-[^"]*":"([^"]+)".*/\1/')
  wd POST "/session/$session/element/$id/value" "{\"text\":\"$2\"}" >/dev/null
}
go /portal/login 1
type_in '#user' operator
type_in '#password' "$password\\n"
sleep 2
go /portal/overview 3 && shot portal-overview
go /portal/enterprises 2 && shot portal-enterprises
go /portal/enterprises/east-precision 3 && shot portal-enterprise
go /portal/enterprises/east-precision/devices/cnc-01 4 && shot portal-device
go /portal/enterprises/east-precision/questionnaire 2 && shot portal-questionnaire
go /portal/map 4 && shot portal-map
go /portal/admin 2 && shot portal-admin
go "/portal/language/en?next=/portal/overview" 3 && shot portal-overview-en
go /portal/language/zh?next=/portal 1
wd DELETE "/session/$session" >/dev/null
