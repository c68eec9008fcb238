"""Browser tests of front-end sensing and early warning in the console (issue 17, 前端感知预警).

A road gate (卡口) registered over REST reads a plate that is on a watchlist; the alert it raises
arrives over the live feed in the dispatcher's alert panel above the incident queue (severity,
kind, title, sensor, time), flashing and with a beep because it is severe; the alert card shows
the record (plate, colour, confidence), the list (name, reason, exact match), the action, the
proposed unit with its road ETA, and the map flies to the gate and marks it. One click
dispatches the proposed unit: the card names the incident and the alert is acknowledged; closing
it as handled needs feedback (an empty one is refused in the card), then REST says `handled`
with that feedback and the incident has the unit. The panel and card in English; the sensors
layer (a gate and a counting camera with its count drawn beside it, switched off and on); the
watchlists page (布控管理): a plate checked against the lists (hit, miss, and the server's
`malformed_plate` next to the form), a new list, an entry added (fuzzy) and removed, each
checked over REST; a supervisor sees alerts but has no buttons and no watchlists page; a
station's duty officer gets no hit of a list not shared with the station; a field officer has no
panel. No untranslated keys, no script errors. Shares conftest.py and
e2e_support.py; screenshots go to out/.
"""
import re
import time

import pytest
from selenium.webdriver.common.by import By

from e2e_support import (ADMIN_PASSWORD, admin_form, OUT, PASSWORD, Client, click, console_login, downloaded, flat, iso, lang_of, no_missing_keys, no_script_errors,
                          script_errors, shot, text, toggle_language, wait)

STATION = {"lat": 31.2355, "lon": 121.4830}
GATE = {"lat": 31.2350, "lon": 121.4808}          # on East Nanjing Road, a few hundred metres from the station
CAMERA = {"lat": 31.2362, "lon": 121.4760}
PLATE = "沪A12345"


def now_ms():
    """Now as ISO 8601 with milliseconds (a list's `validFrom` defaults to the instant it was
    made, to the millisecond: a read in the same second written without them would precede it)."""
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % (int(t * 1000) % 1000)


@pytest.fixture(scope="module")
def world(server):
    """A station with two units (one reporting a position near the gate), a dispatcher and a
    supervisor of the city, a field officer, a gate and a counting camera, and a severe watchlist
    of the city with the plate on it."""
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "WSH", "name": "上海市公安局", "nameEn": "Shanghai PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "WHP", "name": "黄浦分局", "nameEn": "Huangpu"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "WHP01", "name": "南京东路派出所",
                                                       "nameEn": "East Nanjing Rd Station", "location": STATION})["id"]
    unit = admin.call("POST", "/v1/units", {"callsign": "YJ-1", "kind": "patrolCar", "stationID": station, "crew": 2})["id"]
    admin.call("POST", "/v1/units", {"callsign": "YJ-2", "kind": "patrolCar", "stationID": station, "crew": 2})
    admin.call("POST", "/v1/users", {"username": "adisp", "displayName": "调度员周", "role": "dispatcher", "jurisdictionID": city, "password": PASSWORD})
    admin.call("POST", "/v1/users", {"username": "asuper", "displayName": "督察吴", "role": "supervisor", "jurisdictionID": city, "password": PASSWORD})
    admin.call("POST", "/v1/users", {"username": "astation", "displayName": "值班员冯", "role": "stationOfficer", "jurisdictionID": station, "password": PASSWORD})
    admin.call("POST", "/v1/users", {"username": "aofficer", "displayName": "民警郑", "role": "fieldOfficer", "jurisdictionID": station,
                                     "unitID": unit, "password": PASSWORD})
    # the unit reports a position a little west of the gate, so the alert proposes it with a road ETA
    admin.call("POST", "/v1/positions", {"fixes": [{"unitID": unit, "time": iso(), "lat": 31.2348, "lon": 121.4790, "heading": 90, "speed": 5}]})
    gate = admin.call("POST", "/v1/sensors", {"name": "南京东路卡口", "kind": "gate", "jurisdictionID": station, "location": GATE}, expect=201)
    camera = admin.call("POST", "/v1/sensors", {"name": "步行街人流摄像机", "kind": "camera", "jurisdictionID": station, "location": CAMERA,
                                                "crowdRule": {"warnAt": 10000, "alarmAt": 15000}}, expect=201)
    assert gate["token"] and gate["sensor"]["kind"] == "gate"
    # an administrator's own jurisdiction is the root, which keeps no lists: the city keeps this one
    wl = admin.call("POST", "/v1/watchlists", {"name": "盗抢车辆", "reason": "协查通报 2024-117 号", "severity": "severe", "jurisdictionID": city}, expect=201)
    entry = admin.call("POST", f"/v1/watchlists/{wl['id']}/entries", {"kind": "plate", "value": PLATE}, expect=201)
    assert entry["plate"] == PLATE
    # the camera counts people (below its warning level: a number on the map, no alert)
    cam = Client(server)
    cam.token = camera["token"]
    cam.call("POST", f"/v1/sensors/{camera['sensor']['id']}/records", {"batchID": "c1", "records": [{"at": now_ms(), "kind": "crowd", "count": 8321}]})
    return {"base": server, "admin": admin, "city": city, "station": station, "unit": unit, "gate": gate, "camera": camera,
            "watchlist": wl, "entry": entry, "dispatcher": Client(server).login("adisp", PASSWORD)}


def sensor_client(world, key="gate"):
    c = Client(world["base"])
    c.token = world[key]["token"]
    return c


def open_alerts(world):
    return world["admin"].call("GET", "/v1/alerts?status=received,acknowledged&members=false&limit=100")


# ---- tests (in file order: they share one browser and one server) ---------------------------

def test_alert_arrives_and_is_dispatched_and_closed(driver, world):
    d, admin = driver, world["admin"]
    console_login(d, world["base"], "adisp", PASSWORD)
    wait(d, lambda: d.find_element(By.ID, "alerts").is_displayed(), msg="no alert panel for the dispatcher")
    assert text(d, "#alerts-title") == "预警"
    wait(d, lambda: "待确认 0" in flat(d, "#alert-counts"), msg=f"counts: {flat(d, '#alert-counts')!r}")
    assert "暂无未处置预警" in text(d, "#alert-list")
    beeps = d.execute_script("return window.__pingan.beeps")

    # the gate reads the plate: an alert over the live feed, flashing and with a beep
    reply = sensor_client(world).call("POST", f"/v1/sensors/{world['gate']['sensor']['id']}/records",
                                      {"batchID": "b1", "records": [{"at": now_ms(), "kind": "plate", "plate": PLATE, "plateColour": "blue", "confidence": 0.93}]})
    assert len(reply["alerts"]) == 1, reply
    alert_id = reply["alerts"][0]
    row = f'#alert-list .alert-row[data-id="{alert_id}"]'
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, row), 10, "the alert did not arrive in the panel")
    row_text = text(d, row)
    for word in ["严重", "布控比中", "待确认", PLATE, "南京东路卡口"]:
        assert word in row_text, (word, row_text)
    assert re.search(r"\d{1,2}月\d{1,2}日 \d\d:\d\d", row_text), row_text
    wait(d, lambda: "fresh" in d.find_element(By.CSS_SELECTOR, row).get_attribute("class"), 10, "a new severe alert does not flash")
    assert d.execute_script("return window.__pingan.beeps") == beeps + 1, "no beep for a new severe alert"
    wait(d, lambda: "待确认 1" in flat(d, "#alert-counts"), msg=f"counts: {flat(d, '#alert-counts')!r}")
    shot(d, "alerts-01-panel.png")

    # the card: record, list, action, proposed unit, and the map on the gate
    click(d, row)
    wait(d, lambda: d.find_element(By.ID, "alert-card").is_displayed() and d.find_elements(By.ID, "alert-record"))
    wait(d, lambda: "fresh" not in d.find_element(By.CSS_SELECTOR, row).get_attribute("class"), 10, "still flashing once opened")
    record = text(d, "#alert-record")
    for word in [PLATE, "蓝牌", "93%"]:
        assert word in record, (word, record)
    wait(d, lambda: "协查通报 2024-117 号" in text(d, "#alert-watchlist"), msg="the list's reason is not shown")
    wl = text(d, "#alert-watchlist")
    assert "盗抢车辆" in wl and "精确比中" in wl and PLATE in wl, wl
    assert text(d, "#alert-title").startswith("布控车辆") and text(d, "#alert-action"), text(d, "#alert-action")
    units = text(d, "#alert-units")
    assert "YJ-1" in units and re.search(r"预计 \d+ (秒|分钟)到达", units), units
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, '#alert-units input[name="alert-unit"]').is_selected(), 10, "the first proposed unit is not ticked")
    assert "确认时限" in text(d, "#alert-card") and re.search(r"还剩 \d+(秒|分)", text(d, '[data-deadline="acknowledge"]')), text(d, '[data-deadline="acknowledge"]')
    mark = d.execute_script("return window.__pingan.map.alertMark")
    assert mark and abs(mark["lat"] - GATE["lat"]) < 1e-6 and abs(mark["lon"] - GATE["lon"]) < 1e-6, mark
    wait(d, lambda: d.execute_script("""const m = window.__pingan.map, [x, y] = m.toWorld(arguments[0], arguments[1]), [sx, sy] = m.screenOf(x, y);
        return !m.anim && Math.abs(sx - m.w / 2) < 2 && Math.abs(sy - m.h / 2) < 2 && m.zoom >= 16;""", GATE["lat"], GATE["lon"]), msg="the map is not centred on the alert")
    shot(d, "alerts-02-card.png")

    # one click: the proposed unit is sent, the alert acknowledged, the incident named
    click(d, "#alert-dispatch")
    wait(d, lambda: d.find_elements(By.ID, "alert-incident-link") and re.search(r"\d", text(d, "#alert-incident-link") or ""), 15,
         "the card does not name the incident")
    number = text(d, "#alert-incident-link")
    wait(d, lambda: text(d, "#alert-status") == "已确认")
    a = admin.call("GET", f"/v1/alerts/{alert_id}")
    assert a["status"] == "acknowledged" and a["incidentID"], a
    incident = admin.call("GET", f"/v1/incidents/{a['incidentID']}")
    assert incident["number"] == number and world["unit"] in incident["unitIDs"], incident
    assert not d.find_elements(By.ID, "alert-ack"), "acknowledge offered on an acknowledged alert"

    # handled: feedback is required
    click(d, "#alert-handled")
    wait(d, lambda: d.find_elements(By.ID, "alert-feedback"))
    click(d, "#alert-close-send")
    wait(d, lambda: text(d, "#alert-error") == "请填写处置反馈")
    assert admin.call("GET", f"/v1/alerts/{alert_id}")["status"] == "acknowledged"
    feedback = "已拦截车辆，驾驶人带回审查"
    d.find_element(By.ID, "alert-feedback").send_keys(feedback)
    click(d, "#alert-close-send")
    wait(d, lambda: text(d, "#alert-status") == "已处置", 10, "the card does not say handled")
    a = admin.call("GET", f"/v1/alerts/{alert_id}")
    assert a["status"] == "handled" and a["feedback"] == feedback and a["closed"]["by"] == "adisp", a
    assert feedback in text(d, "#alert-result")
    wait(d, lambda: "已处置 1" in flat(d, "#alert-counts") and "待确认 0" in flat(d, "#alert-counts"), msg=flat(d, "#alert-counts"))
    wait(d, lambda: not d.find_elements(By.CSS_SELECTOR, row), msg="a closed alert is still listed as open")
    shot(d, "alerts-03-handled.png")

    # the incident is a click away
    click(d, "#alert-incident-link")
    wait(d, lambda: d.find_element(By.ID, "card").is_displayed() and number in (text(d, "#card") or ""), msg="the incident card did not open")
    no_missing_keys(d)
    no_script_errors(d)


def test_panel_and_card_in_english(driver, world):
    d = driver
    toggle_language(d)
    assert lang_of(d) == "en"
    assert text(d, "#alerts-title") == "Alerts"
    counts = flat(d, "#alert-counts")
    for word in ["Received", "Acknowledged", "Handled", "False alarm"]:
        assert word in counts, counts
    assert "Alert" == text(d, '.tab[data-tab="alert"]')
    assert "Sensors" in text(d, "#map-layers")
    # the handled chip lists the closed alert; its card in English
    click(d, "#alert-count-handled")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#alert-list .alert-row[data-status="handled"]'), 10, "no handled alert listed")
    row_text = text(d, "#alert-list .alert-row")
    assert "Severe" in row_text and "Watchlist hit" in row_text and "Handled" in row_text, row_text
    click(d, "#alert-list .alert-row")
    wait(d, lambda: d.find_elements(By.ID, "alert-record") and "Plate" in text(d, "#alert-record"))
    card = text(d, "#alert-card")
    for word in ["Record", "Plate colour", "Blue", "Watchlist", "Exact match", "Proposed units", "Became incident", "Outcome", "Feedback"]:
        assert word in card, (word, card)
    assert re.search(r"\d{1,2} [A-Z][a-z]{2,3}( \d{4})? \d\d:\d\d", card), card
    shot(d, "alerts-04-english.png")
    no_missing_keys(d)
    click(d, "#alert-count-handled")   # back to the open ones
    toggle_language(d)
    assert lang_of(d) == "zh-CN"
    no_script_errors(d)


def test_sensors_layer(driver, world):
    d = driver
    wait(d, lambda: d.execute_script("return window.__pingan.state.sensors.size") == 2)
    cam = d.execute_script("return window.__pingan.state.sensors.get(arguments[0])", world["camera"]["sensor"]["id"])
    assert cam["count"] == 8321 and cam["kind"] == "camera", cam
    gate = d.execute_script("return window.__pingan.state.sensors.get(arguments[0])", world["gate"]["sensor"]["id"])
    assert gate["status"] == "online", gate   # it posted a batch
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, '#map-layers input[data-layer="sensors"]').is_selected(), 10, "stale: d.find_element(By.CSS_SELECTOR, '#map-la")
    # at the camera, zoomed in, with no alert marked: the marker and its count are drawn, and go with the layer
    d.execute_script("window.__pingan.alertCard.close(); window.__pingan.map.flyTo(arguments[0], arguments[1], 17, 1)", CAMERA["lat"], CAMERA["lon"])
    assert d.execute_script("return window.__pingan.map.alertMark") is None
    time.sleep(0.5)
    probe = """const m = window.__pingan.map, c = m.canvas, g = c.getContext('2d'), [x, y] = m.toWorld(arguments[0], arguments[1]), [sx, sy] = m.screenOf(x, y);
        m.draw(performance.now()); const dpr = m.dpr, px = (X, Y, w, h) => Array.from(g.getImageData(Math.round(X * dpr), Math.round(Y * dpr), Math.round(w * dpr), Math.round(h * dpr)).data);
        return {marker: px(sx - 4, sy - 4, 8, 8), count: px(sx + 10, sy - 16, 30, 16)};"""
    on = d.execute_script(probe, CAMERA["lat"], CAMERA["lon"])
    d.find_element(By.CSS_SELECTOR, '#map-layers input[data-layer="sensors"]').click()
    assert d.execute_script("return window.__pingan.map.layers.sensors") is False
    off = d.execute_script(probe, CAMERA["lat"], CAMERA["lon"])
    assert on["marker"] != off["marker"], "the camera's marker is not drawn"
    assert on["count"] != off["count"], "the crowd count is not drawn beside the camera"
    d.find_element(By.CSS_SELECTOR, '#map-layers input[data-layer="sensors"]').click()
    assert d.execute_script("return window.__pingan.map.layers.sensors") is True
    # offline, the marker is greyed (the state as a sensor.statusChanged frame would leave it)
    d.execute_script("""const s = window.__pingan.state, c = s.sensors.get(arguments[0]);
        c.status = 'offline'; s.version.sensors++;""", world["camera"]["sensor"]["id"])
    grey = d.execute_script(probe, CAMERA["lat"], CAMERA["lon"])
    assert grey["marker"] != on["marker"], "an offline sensor looks like an online one"
    px = grey["marker"]
    greys = sum(1 for k in range(0, len(px), 4) if abs(px[k] - px[k + 1]) < 6 and abs(px[k + 1] - px[k + 2]) < 6 and 120 < px[k] < 200)
    assert greys >= 4, f"the offline marker is not grey: {px[:32]}"
    d.execute_script("""const s = window.__pingan.state, c = s.sensors.get(arguments[0]); c.status = 'online'; s.version.sensors++;""",
                     world["camera"]["sensor"]["id"])
    shot(d, "alerts-05-sensors.png")
    # a new count arrives with the next refresh (every 30 s; asked for at once here)
    sensor_client(world, "camera").call("POST", f"/v1/sensors/{world['camera']['sensor']['id']}/records",
                                        {"batchID": "c2", "records": [{"at": now_ms(), "kind": "crowd", "count": 9120}]})
    d.execute_async_script("const done = arguments[arguments.length - 1]; import('/js/sensing.js').then((m) => m.loadSensors()).then(() => done(1), (e) => done(String(e)))")
    assert d.execute_script("return window.__pingan.state.sensors.get(arguments[0]).count", world["camera"]["sensor"]["id"]) == 9120
    no_script_errors(d)


def test_watchlist_management(driver, world):
    d, admin = driver, world["admin"]
    tab = d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="watchlists"]')
    assert tab.is_displayed() and tab.text == "布控"
    tab.click()
    wait(d, lambda: d.find_element(By.ID, "watchlists").is_displayed())
    assert text(d, "#wl-heading") == "布控管理"
    wait(d, lambda: "盗抢车辆" in (text(d, "#wl-lists") or ""), msg="the list is not shown")

    # look-ups: a hit, a miss, and the server's refusal next to the form
    d.find_element(By.ID, "wl-check-value").send_keys(PLATE)
    click(d, "#wl-check-send")
    wait(d, lambda: "盗抢车辆" in (text(d, "#wl-check-result") or ""), msg="no hit shown")
    assert "比中 1 条布控" in text(d, "#wl-check-result") and "协查通报 2024-117 号" in text(d, "#wl-check-result")
    d.find_element(By.ID, "wl-check-value").clear()
    d.find_element(By.ID, "wl-check-value").send_keys("沪B00000")
    click(d, "#wl-check-send")
    wait(d, lambda: "未比中" in (text(d, "#wl-check-result") or ""), msg="no miss shown")
    d.find_element(By.ID, "wl-check-value").clear()
    d.find_element(By.ID, "wl-check-value").send_keys("XX1")
    click(d, "#wl-check-send")
    wait(d, lambda: d.find_element(By.ID, "wl-check-error").get_attribute("data-code") == "malformed_plate", msg="the server's problem is not shown")
    assert "malformed_plate" in text(d, "#wl-check-error")

    # a new list: an empty name is refused in the form, then the list is made and opened
    click(d, "#wl-create-send")
    wait(d, lambda: text(d, "#wl-create-error") == "请填写名称")
    d.find_element(By.ID, "wl-name").send_keys("套牌车辆")
    d.find_element(By.ID, "wl-reason").send_keys("专项行动 2024-9")
    d.execute_script("const s = document.getElementById('wl-severity'); s.value = 'extreme'; s.dispatchEvent(new Event('change', {bubbles: true}));")
    click(d, "#wl-create-send")
    wait(d, lambda: (text(d, "#wl-detail-title") or "").find("套牌车辆") >= 0, 10, "the new list is not opened")
    made = next(w for w in admin.call("GET", "/v1/watchlists")["items"] if w["name"] == "套牌车辆")
    assert made["severity"] == "extreme" and made["reason"] == "专项行动 2024-9" and made["jurisdictionID"] == world["city"], made
    assert "特别严重" in text(d, "#wl-detail-title")
    wait(d, lambda: d.find_elements(By.ID, "wl-entries-none"), msg="the new list's (empty) entries are not shown")

    # an entry: a malformed plate is refused with the server's code, a good one (fuzzy) is added
    d.find_element(By.ID, "wl-entry-value").send_keys("123")
    click(d, "#wl-entry-send")
    wait(d, lambda: d.find_element(By.ID, "wl-entry-error").get_attribute("data-code") == "malformed_plate")
    wait(d, lambda: "invalid" in d.find_element(By.ID, "wl-entry-value").get_attribute("class"), 10, 'stale: "invalid" in d.find_element(By.ID, "wl-e')
    d.find_element(By.ID, "wl-entry-value").clear()
    d.find_element(By.ID, "wl-entry-value").send_keys("沪C54321")
    d.find_element(By.ID, "wl-entry-fuzzy").click()
    d.find_element(By.ID, "wl-entry-note-input").send_keys("疑似套牌")
    click(d, "#wl-entry-send")
    wait(d, lambda: "沪C54321" in (text(d, "#wl-entries") or ""), msg="the entry is not listed")
    assert "模糊比中" in text(d, "#wl-entries")
    entries = world["dispatcher"].call("GET", f"/v1/watchlists/{made['id']}/entries")["items"]
    added = [e for e in entries if e.get("plate") == "沪C54321" and e.get("active", True)]
    assert len(added) == 1 and added[0]["fuzzy"] is True and added[0]["note"] == "疑似套牌", entries
    shot(d, "alerts-06-watchlists.png")

    # removed with two clicks
    remove = f'[data-remove="{added[0]["id"]}"]'
    click(d, remove)
    wait(d, lambda: text(d, remove) == "确认移除？")
    click(d, remove)
    wait(d, lambda: d.find_elements(By.ID, "wl-entries-none"), msg="the entry is still listed")
    entries = world["dispatcher"].call("GET", f"/v1/watchlists/{made['id']}/entries")["items"]
    assert not [e for e in entries if e["id"] == added[0]["id"] and e.get("active", True)], entries

    # in English
    toggle_language(d)
    assert text(d, "#wl-heading") == "Watchlists" and "Lists" in text(d, "#watchlists")
    assert "Check a plate or document" in text(d, "#watchlists") and "New watchlist" in text(d, "#watchlists")
    no_missing_keys(d)
    toggle_language(d)
    click(d, '.view-tab[data-view="dispatch"]')
    no_script_errors(d)


def test_storm_group_and_split(driver, world):
    """Two more reads of the plate (two batches) are one storm: the panel lists the group's head
    once with its count, its card lists the member, a member's card points to the head, and
    split makes each stand on its own."""
    d, admin = driver, world["admin"]
    gate = f"/v1/sensors/{world['gate']['sensor']['id']}/records"
    first = sensor_client(world).call("POST", gate, {"batchID": "b3", "records": [{"at": now_ms(), "kind": "plate", "plate": PLATE, "confidence": 0.95}]})
    second = sensor_client(world).call("POST", gate, {"batchID": "b4", "records": [{"at": now_ms(), "kind": "plate", "plate": PLATE, "confidence": 0.91}]})
    assert len(first["alerts"]) == 1 and len(second["alerts"]) == 1, (first, second)
    head_id, member_id = first["alerts"][0], second["alerts"][0]
    head = admin.call("GET", f"/v1/alerts/{head_id}")
    assert head["members"] == [member_id], head
    row = f'#alert-list .alert-row[data-id="{head_id}"]'
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, row), 10, "the group's head is not listed")
    assert text(d, f"{row} .grp") == "×2"
    assert not d.find_elements(By.CSS_SELECTOR, f'#alert-list .alert-row[data-id="{member_id}"]'), "a member is listed on its own"
    click(d, row)
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#alert-members [data-member="{member_id}"]'), 10, "the members are not listed")
    assert "合并预警（1 条）" in text(d, "#alert-card")
    # a member's card points to its head and cannot be closed alone
    click(d, f'#alert-members [data-member="{member_id}"]')
    wait(d, lambda: d.find_elements(By.ID, "alert-in-group"))
    assert not d.find_elements(By.ID, "alert-handled")
    click(d, '#alert-in-group [data-act="head"]')
    wait(d, lambda: d.find_elements(By.ID, "alert-split"))
    shot(d, "alerts-07-group.png")
    click(d, "#alert-split")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#alert-list .alert-row[data-id="{member_id}"]'), 10, "the split member is not listed")
    assert not d.find_elements(By.CSS_SELECTOR, f"{row} .grp")
    assert admin.call("GET", f"/v1/alerts/{head_id}")["members"] == []
    assert admin.call("GET", f"/v1/alerts/{member_id}").get("groupID") is None
    no_script_errors(d)


def test_roles(driver, world):
    d = driver
    # a supervisor reads alerts: the panel and the card, no buttons, no watchlists page
    sensor_client(world).call("POST", f"/v1/sensors/{world['gate']['sensor']['id']}/records",
                              {"batchID": "b2", "records": [{"at": now_ms(), "kind": "plate", "plate": PLATE, "plateColour": "blue", "confidence": 0.9}]})
    wait(d, lambda: open_alerts(world)["counts"]["received"] >= 1)
    console_login(d, world["base"], "asuper", PASSWORD)
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#alert-list .alert-row"), 10, "the supervisor sees no alert")
    assert not d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="watchlists"]').is_displayed()
    click(d, "#alert-list .alert-row")
    wait(d, lambda: d.find_elements(By.ID, "alert-record"))
    assert not d.find_elements(By.CSS_SELECTOR, "#alert-actions button"), "a supervisor is offered alert buttons"
    assert not d.find_elements(By.CSS_SELECTOR, 'input[name="alert-unit"]')
    assert "当前角色只能查看" in text(d, "#alert-card")
    no_script_errors(d)
    # the station's duty officer handles alerts but the city's list is not shared with the station:
    # its hits are not theirs (REST leaves them out; the live feed's frames are dropped too)
    console_login(d, world["base"], "astation", PASSWORD)
    wait(d, lambda: d.find_element(By.ID, "alerts").is_displayed())
    assert not d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="watchlists"]').is_displayed()
    wait(d, lambda: "暂无未处置预警" in (text(d, "#alert-list") or ""))
    raised = sensor_client(world).call("POST", f"/v1/sensors/{world['gate']['sensor']['id']}/records",
                                       {"batchID": "b5", "records": [{"at": now_ms(), "kind": "plate", "plate": PLATE, "confidence": 0.9}]})["alerts"]
    assert raised and world["admin"].call("GET", f"/v1/alerts/{raised[0]}")["id"] == raised[0]
    time.sleep(2)
    assert d.execute_script("return window.__pingan.state.alerts.size") == 0, "a hit of a list not shared with the station reached its panel"
    assert "暂无未处置预警" in text(d, "#alert-list")
    no_script_errors(d)
    # a field officer has neither the panel nor the layer
    console_login(d, world["base"], "aofficer", PASSWORD)
    assert not d.find_element(By.ID, "alerts").is_displayed()
    assert not d.find_elements(By.CSS_SELECTOR, '#map-layers input[data-layer="sensors"]')
    assert not d.find_element(By.CSS_SELECTOR, '.tab[data-tab="alert"]').is_displayed()
    no_script_errors(d)


def test_sensors_are_registered_and_given_new_tokens_in_the_administration(driver, world):
    """The administrator registers a school's alarm button under the station's form (its place the
    station's, prefilled); the token shown once signs the device in, and its press files a P1
    incident. In the sensors section the button's form issues a new token after a second click:
    the old one is refused, the new one works. Retired from its form; both languages."""
    d, admin, station = driver, world["admin"], world["station"]
    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    admin_form(d, "stations", station)
    wait(d, lambda: d.find_element(By.ID, "sen-form").is_displayed(), 10, "no sensor form under the station's form")
    assert d.find_element(By.ID, "sen-lat").get_attribute("value").startswith("31.2355")
    click(d, "#sen-register")   # no name: refused next to the form, nothing registered
    wait(d, lambda: text(d, "#sen-error") == "请填写设备名称")
    before = len(admin.call("GET", "/v1/sensors")["items"])
    d.find_element(By.ID, "sen-name").send_keys("实验小学一键报警")
    d.find_element(By.CSS_SELECTOR, '#sen-kind option[value="alarmButton"]').click()
    click(d, "#sen-register")
    wait(d, lambda: d.find_elements(By.ID, "sen-token"), 15, "no token shown")
    first, button = text(d, "#sen-token"), d.find_element(By.ID, "sen-token").get_attribute("data-sensor")
    assert first.startswith("pgs_") and "仅显示这一次" in text(d, "#sen-new-out")
    shot(d, "alerts-08-sensor-registered.png")
    made = admin.call("GET", f"/v1/sensors/{button}")
    assert made["kind"] == "alarmButton" and made["jurisdictionID"] == station and abs(made["location"]["lat"] - STATION["lat"]) < 1e-6
    assert len(admin.call("GET", "/v1/sensors")["items"]) == before + 1
    device = Client(world["base"])
    device.token = first
    pressed = device.call("POST", f"/v1/sensors/{button}/records", {"batchID": "p1", "records": [{"at": now_ms(), "kind": "alarm"}]})
    assert len(pressed["incidents"]) == 1 and admin.call("GET", f"/v1/incidents/{pressed['incidents'][0]}")["priority"] == 1, pressed

    click(d, '.adm-tab[data-section="sensors"]')
    click(d, f'#adm-list [data-id="{button}"]')
    wait(d, lambda: "实验小学一键报警" in text(d, "#adm-title"))
    click(d, "#sen-reissue")
    assert not d.find_elements(By.ID, "sen-token"), "a new token was issued on the first click"
    wait(d, lambda: "确认" in text(d, "#sen-reissue"))
    click(d, "#sen-reissue")
    wait(d, lambda: d.find_elements(By.ID, "sen-token"), 15, "no new token shown")
    second = text(d, "#sen-token")
    shot(d, "alerts-09-sensor-new-token.png")
    assert second.startswith("pgs_") and second != first
    device.call("POST", f"/v1/sensors/{button}/heartbeat", expect=401)
    device.token = second
    assert device.call("POST", f"/v1/sensors/{button}/heartbeat")["id"] == button
    click(d, "#adm-service")
    wait(d, lambda: admin.call("GET", f"/v1/sensors/{button}")["active"] is False, 10, "the sensor was not retired")
    assert not d.find_elements(By.ID, "adm-sensor-crowd"), "an alarm button offered a crowd rule"

    # the camera's crowd rule: an alarm line under the warning line is refused (the server's
    # reason next to the form, nothing stored); a good one is stored; cleared, then set again
    camera = world["camera"]["sensor"]["id"]
    click(d, f'#adm-list [data-id="{camera}"]')
    wait(d, lambda: d.find_element(By.ID, "sen-warn").get_attribute("value") == "10000", 10, "the camera's rule is not in its form")
    def rule(warn, alarm):
        for css, v in (("#sen-warn", warn), ("#sen-alarm", alarm)):
            box = d.find_element(By.CSS_SELECTOR, css)
            box.clear()
            box.send_keys(v)
        click(d, "#sen-crowd-save")
    rule("20000", "15000")
    wait(d, lambda: "warnAt" in text(d, "#adm-error"), 10, "no refusal next to the form")
    assert admin.call("GET", f"/v1/sensors/{camera}")["crowdRule"]["warnAt"] == 10000
    rule("9000", "12000")
    wait(d, lambda: (admin.call("GET", f"/v1/sensors/{camera}").get("crowdRule") or {}).get("alarmAt") == 12000, 10, "the rule was not stored")
    wait(d, lambda: "12000" in text(d, "#sen-crowd-now"))
    click(d, "#sen-crowd-clear")
    wait(d, lambda: admin.call("GET", f"/v1/sensors/{camera}").get("crowdRule") is None, 10, "the rule was not cleared")
    version = admin.call("GET", f"/v1/sensors/{camera}")["version"]
    admin.call("PATCH", f"/v1/sensors/{camera}", {"version": version, "crowdRule": {"warnAt": 10000, "alarmAt": 15000}})
    toggle_language(d)
    wait(d, lambda: "Sensors" in text(d, "#adm-sections"))
    assert "Issue a new token" in text(d, "#adm-sensor-token")
    no_missing_keys(d)
    toggle_language(d)
    no_script_errors(d)


def test_an_alert_leaves_and_arrives_as_cap(driver, world):
    """The dispatcher saves a plate alert as OASIS CAP 1.2 from its card; the same document, as
    another system would send it (its own sender and identifier), is taken in from the panel's
    "import CAP" and opens as an external alert; a file that is not CAP is refused with the
    server's reason and makes no alert."""
    d = driver
    raised = sensor_client(world).call("POST", f"/v1/sensors/{world['gate']['sensor']['id']}/records",
                                       {"batchID": "cap-1", "records": [{"at": now_ms(), "kind": "plate", "plate": PLATE, "confidence": 0.93}]})["alerts"]
    assert raised, "the read raised no alert"
    # after the other tests the read folds into the plate's storm group: the panel shows its head
    alert = world["dispatcher"].call("GET", f"/v1/alerts/{raised[0]}")
    shown = alert.get("groupID") or alert["id"]
    console_login(d, world["base"], "adisp", PASSWORD)
    click(d, f'#alert-list .alert-row[data-id="{shown}"]')
    wait(d, lambda: d.find_elements(By.ID, "alert-cap"), 10, "no CAP export on the card")
    name, xml = downloaded(d, "#alert-cap")
    assert name == f"pingan-alert-{shown}.cap.xml", name
    assert "urn:oasis:names:tc:emergency:cap:1.2" in xml and f"<identifier>pingan-alert-{shown}</identifier>" in xml, xml[:400]

    sent = xml.replace(f"pingan-alert-{shown}", "sh-traffic-2026-0042").replace("pingan@localhost", "traffic@sh.example.org")
    path = OUT / "received-alert.cap.xml"
    path.write_text(sent, encoding="utf-8")
    d.find_element(By.ID, "alerts-cap-file").send_keys(str(path))
    taken = lambda: [a for a in world["dispatcher"].call("GET", "/v1/alerts?limit=500")["items"] if a.get("externalSender") == "traffic@sh.example.org"]
    wait(d, taken, 15, "the CAP file made no alert")
    made = taken()[0]
    assert made["kind"] == "external" and made["externalIdentifier"] == "sh-traffic-2026-0042", made
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, "#alert-card .alert-card").get_attribute("data-id") == made["id"], 10, "the card does not show the new alert")
    assert text(d, "#alert-kind") == "外部预警"

    bad = OUT / "not-an-alert.xml"
    bad.write_text("<note><to>值班室</to></note>", encoding="utf-8")
    d.find_element(By.ID, "alerts-cap-file").send_keys(str(bad))
    wait(d, lambda: "预警文件未被接收" in text(d, "#toast"), 10, "no refusal shown")
    assert len([a for a in world["dispatcher"].call("GET", "/v1/alerts?limit=500")["items"] if a["kind"] == "external"]) == 1
    toggle_language(d)
    assert "Import CAP" in text(d, "#alerts-cap") and "Export CAP 1.2" in text(d, "#alert-cap")
    no_missing_keys(d)
    toggle_language(d)
    no_script_errors(d)

