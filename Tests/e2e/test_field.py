"""Browser end-to-end tests of the officer's field page (/field.html) on a 390 × 844 phone.

A field officer signs in, shares the phone's position (Chromium's geolocation is set over the
DevTools protocol), receives an assignment live, works it through accept → en route → on scene →
resolved, closes the loop with the feedback form, and reads messages from the command centre,
while the test checks every step over REST as the administrator. Shares the throwaway server and
helpers with test_console.py (conftest.py, e2e_support.py); screenshots go to Tests/e2e/out/.
"""
import json
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e_support import ADMIN_PASSWORD, PASSWORD, Client, click, field_login, iso, script_errors, shot, wait

STATION = {"lat": 31.2355, "lon": 121.4830}
START = {"lat": 31.2338, "lon": 121.4760}          # where the phone is when sharing starts
INCIDENT = {"lat": 31.2350, "lon": 121.4808}       # on East Nanjing Road, a few hundred metres on


@pytest.fixture(scope="module")
def field(server):
    """A station with two units in one patrol zone, a third unit elsewhere, an officer of the
    first unit, and a station user without a unit."""
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "FSH", "name": "上海市公安局", "nameEn": "Shanghai PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "FHP", "name": "黄浦分局", "nameEn": "Huangpu"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "FHP01", "name": "南京东路派出所",
                                                       "nameEn": "East Nanjing Rd Station", "location": STATION})["id"]
    unit = admin.call("POST", "/v1/units", {"callsign": "HP01-7", "kind": "patrolCar", "stationID": station, "crew": 2})["id"]
    mate = admin.call("POST", "/v1/units", {"callsign": "HP01-8", "kind": "footPatrol", "stationID": station, "crew": 2})["id"]
    other = admin.call("POST", "/v1/units", {"callsign": "HP01-9", "kind": "motorbike", "stationID": station, "crew": 1})["id"]
    zone = admin.call("POST", "/v1/zones", {"stationID": station, "name": "南京东路巡区", "unitIDs": [unit, mate],
                                           "boundary": [{"lat": 31.229, "lon": 121.474}, {"lat": 31.242, "lon": 121.474},
                                                        {"lat": 31.242, "lon": 121.492}, {"lat": 31.229, "lon": 121.492}]})["id"]
    admin.call("POST", "/v1/users", {"username": "officer7", "displayName": "民警李明", "password": PASSWORD, "role": "fieldOfficer",
                                     "jurisdictionID": station, "unitID": unit})
    admin.call("POST", "/v1/users", {"username": "deskuser", "displayName": "内勤张", "password": PASSWORD, "role": "stationOfficer",
                                     "jurisdictionID": station})
    return {"base": server, "admin": admin, "station": station, "unit": unit, "mate": mate, "other": other, "zone": zone}


def set_position(d, base, lat, lon, accuracy=8):
    d.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["geolocation"]})
    d.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": lat, "longitude": lon, "accuracy": accuracy})


def status_of(admin, incident):
    return admin.call("GET", f"/v1/incidents/{incident}")["status"]


def messages_of(admin, unit):
    return {m["id"]: m for m in admin.call("GET", f"/v1/messages?unitID={unit}&limit=50")["items"]}


def no_script_errors(d):
    errors = script_errors(d)
    assert not errors, errors


# ---- tests (in file order: they share one phone and one server) ---------------------------

def test_field_page_is_served(phone, field):
    with urllib.request.urlopen(field["base"] + "/field.html") as r:
        assert "text/html" in r.headers["Content-Type"]
        html = r.read().decode()
    assert 'src="js/field.js"' in html and "css/field.css" in html
    with urllib.request.urlopen(field["base"] + "/js/field.js") as r:
        assert "javascript" in r.headers["Content-Type"]
    phone.get(field["base"] + "/field.html")
    wait(phone, lambda: phone.find_element(By.ID, "login").is_displayed())
    assert phone.find_element(By.ID, "login-submit").text == "登录"
    assert phone.execute_script("return document.documentElement.lang") == "zh-CN"
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert width == 390, width
    shot(phone, "f01-login.png")


def test_user_without_a_unit_is_told_so(phone, field):
    field_login(phone, field["base"], "deskuser", opened=False)
    wait(phone, lambda: phone.find_element(By.ID, "nounit").is_displayed(), msg="no notice for a user without a unit")
    assert "没有绑定警力" in phone.find_element(By.ID, "nounit").text
    assert not phone.find_element(By.ID, "app").is_displayed()
    shot(phone, "f02-no-unit.png")


def test_officer_sees_no_assignment(phone, field):
    set_position(phone, field["base"], START["lat"], START["lon"])
    field_login(phone, field["base"], "officer7")
    wait(phone, lambda: phone.find_element(By.ID, "app").is_displayed(), msg="field page did not open")
    wait(phone, lambda: phone.find_element(By.ID, "no-task").is_displayed(), msg="no 'no assignment' card")
    assert "暂无任务" in phone.find_element(By.ID, "no-task").text
    assert phone.find_element(By.ID, "callsign").text == "HP01-7"
    assert phone.find_element(By.ID, "unit-status").text == "空闲"
    wait(phone, lambda: phone.execute_script("return !!(window.__field.live && window.__field.live.connected)"), msg="live feed did not connect")
    # big touch targets: every button on the page is at least 44 px tall
    small = phone.execute_script("""return [...document.querySelectorAll('#app button')].filter(b => b.offsetParent)
        .map(b => [b.textContent.trim(), b.getBoundingClientRect().height]).filter(([, h]) => h < 44)""")
    assert not small, small
    # nothing wider than the phone
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    shot(phone, "f03-no-assignment.png")
    no_script_errors(phone)


def test_position_sharing_sends_and_queues_offline(phone, field):
    d, admin, unit = phone, field["admin"], field["unit"]
    click(d, "#share .switch")
    wait(d, lambda: d.execute_script("return window.__field.sharer.lastSentAt != null"), 15, "no position sent")
    result = d.execute_script("return window.__field.sharer.lastResult")
    assert result["accepted"] >= 1, result
    wait(d, lambda: "上次发送" in d.find_element(By.ID, "share-status").text)
    shot(d, "f04-sharing.png")
    # offline: fixes queue up on the phone and go when the network is back
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        for k in range(1, 4):
            time.sleep(4.5)   # the page keeps a fix at most every 4 s (or after 15 m)
            set_position(d, field["base"], START["lat"], START["lon"] + 0.0006 * k)
        wait(d, lambda: d.execute_script("return window.__field.sharer.pending") >= 2, 15, "fixes were not queued while offline")
        wait(d, lambda: "待发送" in d.find_element(By.ID, "share-status").text)
        shot(d, "f05-offline-queue.png")
    finally:
        d.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    wait(d, lambda: d.execute_script("return window.__field.sharer.pending") == 0, 75, "the queue was not sent after coming back online")
    # the server has the track: the last queued fix is in it
    track = admin.call("GET", f"/v1/units/{unit}/track?from={iso(time.time() - 3600)}&to={iso(time.time() + 60)}")["points"]
    assert len(track) >= 2, track
    assert max(p["lon"] for p in track) > START["lon"] + 0.001, track   # a fix queued while offline
    set_position(d, field["base"], START["lat"], START["lon"] + 0.0018)


def test_assignment_arrives_live_and_is_worked_to_closure(phone, field):
    d, admin, unit = phone, field["admin"], field["unit"]
    incident = admin.call("POST", "/v1/incidents", {"category": "dispute", "priority": 2, "location": INCIDENT,
                                                    "address": "南京东路299号门口", "description": "两名顾客与店员争执，需民警到场",
                                                    "jurisdictionID": field["station"], "callerName": "王五", "callerPhone": "13911112222"})["id"]
    field["incident"] = incident
    admin.call("POST", f"/v1/incidents/{incident}/dispatch", {"unitIDs": [unit]})
    # live: well inside the 15 s poll
    wait(d, lambda: d.find_element(By.ID, "task-address").text == "南京东路299号门口", 8, "the assignment did not arrive live")
    assert d.find_element(By.ID, "task-status").get_attribute("data-status") == "dispatched"
    card = d.find_element(By.ID, "task-card").text
    # the crew of a unit on the open incident reads the caller in full (the read is audited) and calls with a tap
    assert "两名顾客与店员争执" in card and "王五" in card, card
    wait(d, lambda: d.find_element(By.ID, "task-call").get_attribute("href") == "tel:13911112222", msg="no call link for the caller")
    # the route from the phone's position to the incident, with ETA and distance
    wait(d, lambda: d.find_element(By.ID, "route-info").is_displayed(), 15, "no route")
    assert "米" in d.find_element(By.ID, "route-dist").text or "公里" in d.find_element(By.ID, "route-dist").text
    route = admin.call("GET", f"/v1/units/{unit}/route")
    assert route["incidentID"] == incident and route["etaSeconds"] > 0 and len(route["route"]) >= 2, route
    assert d.execute_script("const r = window.__field.map.route; return !!(r && r.pts.length >= 2)")
    buttons = lambda: [b.get_attribute("data-action") for b in d.find_elements(By.CSS_SELECTOR, "#actions button")]
    assert buttons() == ["accept", "enRoute", "onScene"], buttons()
    time.sleep(0.8)
    shot(d, "f06-assignment.png")

    click(d, '#actions [data-action="accept"]')
    wait(d, lambda: d.find_elements(By.ID, "task-accepted") and "accept" not in buttons(), 10, "accept did not register")
    assert status_of(admin, incident) == "dispatched"

    click(d, '#actions [data-action="enRoute"]')
    wait(d, lambda: status_of(admin, incident) == "enRoute", 10, "not en route")
    wait(d, lambda: d.find_element(By.ID, "task-status").get_attribute("data-status") == "enRoute")
    assert buttons() == ["onScene"], buttons()
    wait(d, lambda: d.find_element(By.ID, "unit-status").text == "在途")

    click(d, '#actions [data-action="onScene"]')
    wait(d, lambda: status_of(admin, incident) == "onScene", 10, "not on scene")
    wait(d, lambda: buttons() == ["resolved"])
    shot(d, "f07-on-scene.png")

    # resolving takes a second tap to confirm
    click(d, '#actions [data-action="resolved"]')
    wait(d, lambda: "再次点击确认" in d.find_element(By.CSS_SELECTOR, '#actions [data-action="resolved"]').text)
    assert status_of(admin, incident) == "onScene"
    click(d, '#actions [data-action="resolved"]')
    wait(d, lambda: status_of(admin, incident) == "resolved", 10, "not resolved")

    # the feedback form closes the loop; both fields are required
    form = f'#feedback form[data-id="{incident}"]'
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, form).is_displayed(), 10, "no feedback form")
    # the form may be drawn again as the page learns the incident waits for feedback: a click on the copy being
    # replaced is lost with it, so send until the shown form answers (an empty form only ever gets this answer)
    def refused():
        d.find_element(By.CSS_SELECTOR, f"{form} .fb-send").click()
        return d.find_element(By.CSS_SELECTOR, f"{form} .fb-error").text == "请选择处理结果并填写处置情况说明"
    wait(d, refused, 10, "an empty feedback form was not refused")
    Select(d.find_element(By.CSS_SELECTOR, f"{form} .fb-outcome")).select_by_value("mediated")
    d.find_element(By.CSS_SELECTOR, f"{form} .fb-summary").send_keys("双方经调解达成和解，店员道歉，现场秩序恢复")
    shot(d, "f08-feedback.png")
    click(d, f"{form} .fb-send")
    wait(d, lambda: status_of(admin, incident) == "closed", 10, "the feedback did not close the incident")
    closed = admin.call("GET", f"/v1/incidents/{incident}")
    assert closed["feedback"]["outcome"] == "mediated", closed["feedback"]
    assert closed["feedback"]["summary"] == "双方经调解达成和解，店员道歉，现场秩序恢复", closed["feedback"]
    wait(d, lambda: d.find_element(By.ID, "no-task").is_displayed() and "已反馈闭环" in d.find_element(By.ID, "no-task").text, 10)
    wait(d, lambda: d.find_element(By.ID, "unit-status").text == "空闲")
    assert not d.find_elements(By.CSS_SELECTOR, "#feedback form")
    shot(d, "f09-closed.png")
    no_script_errors(d)


def test_messages_are_acknowledged_delivered_and_read(phone, field):
    d, admin, unit = phone, field["admin"], field["unit"]
    sent = admin.call("POST", "/v1/messages", {"unitID": unit, "text": "请注意：南京东路步行街有人群聚集，加强巡逻"})
    print(f"\nMESSAGE SENT: {json.dumps(sent, ensure_ascii=False)[:300]}")
    # live frame or the 15 s poll
    wait(d, lambda: d.find_element(By.ID, "badge").is_displayed() and d.find_element(By.ID, "badge").text == "1", 20, "no unread badge")
    wait(d, lambda: d.find_element(By.ID, "msg-flash").is_displayed() and "人群聚集" in d.find_element(By.ID, "msg-flash").text)
    first = next(m for m in messages_of(admin, unit).values() if "人群聚集" in m["text"])
    wait(d, lambda: messages_of(admin, unit)[first["id"]].get("deliveredAt"), 10, "the page did not acknowledge delivery")
    assert not messages_of(admin, unit)[first["id"]].get("readAt"), "read before the officer opened it"
    shot(d, "f10-message-arrived.png")
    # open the messages tab and tap the message: read
    click(d, '.tabbar .tab[data-view="messages"]')
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, f'.msg[data-id="{first["id"]}"]').is_displayed())
    assert d.find_element(By.CSS_SELECTOR, f'.msg[data-id="{first["id"]}"]').get_attribute("data-read") == "false"
    shot(d, "f11-messages.png")
    click(d, f'.msg[data-id="{first["id"]}"]')
    wait(d, lambda: messages_of(admin, unit)[first["id"]].get("readAt"), 10, "the page did not acknowledge reading")
    wait(d, lambda: not d.find_element(By.ID, "badge").is_displayed())
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, f'.msg[data-id="{first["id"]}"]').get_attribute("data-read") == "true")
    # a message to the patrol zone and one to everybody both reach this unit; "mark all read"
    admin.call("POST", "/v1/messages", {"zoneID": field["zone"], "text": "巡区通知：今晚加强夜巡"})
    admin.call("POST", "/v1/messages", {"all": True, "text": "全体注意：暴雨预警，注意行车安全"})
    wait(d, lambda: d.find_element(By.ID, "badge").text == "2", 20, "zone and all-units messages did not arrive")
    mine = messages_of(admin, unit)
    assert {"巡区通知：今晚加强夜巡", "全体注意：暴雨预警，注意行车安全"} <= {m["text"] for m in mine.values()}
    # the zone message went to the zone's other unit too, not to the unit outside it
    assert any(m["text"] == "巡区通知：今晚加强夜巡" for m in messages_of(admin, field["mate"]).values())
    assert not any(m["text"] == "巡区通知：今晚加强夜巡" for m in messages_of(admin, field["other"]).values())
    click(d, "#msg-read-all")
    wait(d, lambda: all(m.get("readAt") for m in messages_of(admin, unit).values()), 10, "mark all read did not acknowledge every message")
    wait(d, lambda: not d.find_element(By.ID, "badge").is_displayed())
    shot(d, "f12-messages-read.png")
    click(d, '.tabbar .tab[data-view="task"]')
    no_script_errors(d)


def test_english_and_night_theme(phone, field):
    d = phone
    click(d, ".bar .lang-toggle")
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, '.tabbar .tab[data-view="task"]').text.strip().endswith("Task"))
    assert "No assignment" in d.find_element(By.ID, "no-task").text
    assert d.find_element(By.ID, "unit-status").text == "Available"
    click(d, "#btn-theme")
    assert d.execute_script("return document.documentElement.dataset.theme") == "dark"
    assert d.execute_script("return localStorage.getItem('pingan.theme')") == "dark"
    time.sleep(0.6)
    shot(d, "f13-english-night.png")
    # a new assignment in English, at night
    admin = field["admin"]
    incident = admin.call("POST", "/v1/incidents", {"category": "traffic", "priority": 1, "location": {"lat": 31.2346, "lon": 121.4785},
                                                    "address": "河南中路南京东路口", "description": "两车相撞，有人受伤", "jurisdictionID": field["station"]})["id"]
    admin.call("POST", f"/v1/incidents/{incident}/dispatch", {"unitIDs": [field["unit"]]})
    wait(d, lambda: d.find_element(By.ID, "task-address").text == "河南中路南京东路口", 15)
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, '#actions [data-action="accept"]').text == "Accept")
    time.sleep(0.8)
    shot(d, "f14-english-night-assignment.png")
    # back to Chinese and day; the choice is remembered across a reload
    click(d, ".bar .lang-toggle")
    click(d, "#btn-theme")
    d.refresh()
    wait(d, lambda: d.find_element(By.ID, "app").is_displayed() and d.find_element(By.ID, "task-address").text == "河南中路南京东路口", 15)
    assert d.find_element(By.CSS_SELECTOR, '#actions [data-action="accept"]').text == "确认接警"
    assert d.execute_script("return document.documentElement.dataset.theme || ''") == ""
    no_script_errors(d)


def test_demo_banner_follows_healthz(phone, field):
    with urllib.request.urlopen(field["base"] + "/healthz") as r:
        demo = json.loads(r.read()).get("demo") is True
    wait(phone, lambda: phone.find_element(By.ID, "demo-banner").is_displayed() == demo)
    if demo:
        assert "模拟演示" in phone.find_element(By.ID, "demo-banner").text
