#!/usr/bin/env bash
# Browser end-to-end tests of the web console: installs what is missing (Debian's chromium and
# chromedriver, selenium and pytest from PyPI), then runs pytest against a built `pingan`.
#   PINGAN_BIN=.build/debug/pingan Tests/e2e/run.sh [pytest args]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
# a CJK font, so the screenshots show Chinese text rather than boxes
fc-list 2>/dev/null | grep -qi -e "zen hei" -e "noto sans cjk" || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update && apt-get install -y "${need[@]}"
fi
if ! python3 -c 'import selenium, pytest' 2>/dev/null; then
    python3 -m pip install --quiet selenium pytest 2>/dev/null || python3 -m pip install --quiet --break-system-packages selenium pytest
fi
export PINGAN_BIN=${PINGAN_BIN:-$here/../../.build/debug/pingan}
# Selenium must use the system driver and browser, never download its own.
export SE_OFFLINE=true
mkdir -p "$here/out"
cd "$here"
exec python3 -m pytest -v -s -p no:cacheprovider "$@" test_console.py test_field.py test_messages.py test_admin.py test_policy.py test_clarity.py test_map.py test_setup.py test_alerts.py test_triage.py test_assessment.py test_patrol.py test_registry.py test_fraud.py test_disputes.py test_volunteers.py
