"""Browser end-to-end tests of the dispatcher's messages panel (messages from the command centre
to a unit, a zone or all units, with delivery and read receipts).

A dispatcher writes to one unit (picked on the map, from the units panel and with the keyboard),
to a patrol zone and to all units from the console; a field officer of one unit acknowledges
over REST (delivered, then read) and the receipts change live in the dispatcher's panel, without
a reload. Shares the throwaway server fixture and the helpers with the other files (conftest.py,
e2e_support.py); screenshots go to Tests/e2e/out/.
"""
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from e2e_support import ADMIN_PASSWORD, PASSWORD, Client, click, console_login, read, script_errors, shot, wait

STATION = {"lat": 31.2355, "lon": 121.4830}


@pytest.fixture(scope="module")
def world(server):
    """One station with four units, a zone holding two of them, a dispatcher, and a field officer
    of each unit in the zone."""
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "MSH", "name": "上海市公安局", "nameEn": "Shanghai PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "MHP", "name": "黄浦分局", "nameEn": "Huangpu"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "MHP01", "name": "南京东路派出所",
                                                       "nameEn": "East Nanjing Rd Station", "location": STATION})["id"]
    units = {}
    for callsign, kind in [("NJ-1", "patrolCar"), ("NJ-2", "footPatrol"), ("NJ-3", "motorbike"), ("NJ-4", "patrolCar")]:
        units[callsign] = admin.call("POST", "/v1/units", {"callsign": callsign, "kind": kind, "stationID": station, "crew": 2})["id"]
    admin.call("POST", f"/v1/units/{units['NJ-4']}/status", {"status": "offDuty"})   # not among "all units"
    zone = admin.call("POST", "/v1/zones", {"stationID": station, "name": "南京东路巡区", "unitIDs": [units["NJ-1"], units["NJ-2"]],
                                           "boundary": [{"lat": 31.229, "lon": 121.474}, {"lat": 31.242, "lon": 121.474},
                                                        {"lat": 31.242, "lon": 121.492}, {"lat": 31.229, "lon": 121.492}]})["id"]
    admin.call("POST", "/v1/users", {"username": "msgdisp", "displayName": "调度员周", "role": "dispatcher", "jurisdictionID": city, "password": PASSWORD})
    for name, unit in [("nj1", "NJ-1"), ("nj2", "NJ-2")]:
        admin.call("POST", "/v1/users", {"username": name, "displayName": f"民警{unit}", "role": "fieldOfficer", "jurisdictionID": station,
                                         "unitID": units[unit], "password": PASSWORD})
    officer = Client(server).login("nj1", PASSWORD)
    return {"base": server, "admin": admin, "station": station, "units": units, "zone": zone, "officer": officer}


def broadcasts(d):
    """What the panel shows: one dict per broadcast, newest first."""
    return d.execute_script("""return [...document.querySelectorAll('#msg-list details.bc')].map(b => ({
        bid: b.dataset.bid, total: +b.dataset.total, delivered: +b.dataset.delivered, read: +b.dataset.read, state: b.dataset.state,
        audience: b.querySelector('.aud').textContent, text: b.querySelector('.bc-text').textContent,
        receipts: b.querySelector('.rc').textContent, open: b.open}));""")


def shown(d, text):
    return next((b for b in broadcasts(d) if b["text"] == text), None)


def send_from_form(d, text):
    box = d.find_element(By.ID, "msg-text")
    box.clear()
    box.send_keys(text)
    wait(d, lambda: d.find_element(By.ID, "msg-send").is_enabled(), msg="send button stayed disabled")
    d.find_element(By.ID, "msg-send").click()
    wait(d, lambda: shown(d, text), 10, f"{text!r} is not in the panel")
    wait(d, lambda: d.find_element(By.ID, "msg-text").get_attribute("value") == "", msg="the form was not cleared")
    return shown(d, text)


def server_copies(world, text):
    return [m for m in world["admin"].call("GET", "/v1/messages?limit=200")["items"] if m["text"] == text]


def ack(world, text, unit, state):
    message = next(m for m in server_copies(world, text) if m["unitID"] == world["units"][unit])
    return world["officer"].call("POST", f"/v1/messages/{message['id']}/ack", {"state": state})


# ---- tests (in file order: they share one browser and one server) ---------------------------

def test_dictionaries_have_the_same_keys(driver, world):
    console_login(driver, world["base"], "msgdisp", PASSWORD)
    missing = driver.execute_async_script("""const done = arguments[arguments.length - 1];
        Promise.all([import('/i18n/zh-CN.js'), import('/i18n/en.js')]).then(([zh, en]) => {
          const a = Object.keys(zh.default), b = Object.keys(en.default);
          done({enLacks: a.filter(k => !(k in en.default)), zhLacks: b.filter(k => !(k in zh.default))}); });""")
    assert missing == {"enLacks": [], "zhLacks": []}, missing


def test_message_to_a_unit_picked_on_the_map(driver, world):
    d = driver
    d.execute_script("window.__noReload = 1")   # gone if anything reloads the page
    assert d.find_element(By.ID, "btn-msg").text == "发消息"
    unit = world["units"]["NJ-3"]
    d.execute_script("window.__pingan.map.flyTo(arguments[0], arguments[1], 17, 1)", STATION["lat"], STATION["lon"])
    time.sleep(0.6)
    x, y, w, h = d.execute_script("""const m = window.__pingan.map; const i = m.units.items.findIndex(u => u.id === arguments[0]);
        const [x, y] = m.screenOf(m.units.x[i], m.units.y[i]); return [x, y, m.w, m.h];""", unit)
    assert 0 < x < w and 0 < y < h, (x, y, w, h)
    canvas = d.find_element(By.ID, "map")
    ActionChains(d).move_to_element_with_offset(canvas, int(round(x - w / 2)), int(round(y - h / 2))).click().perform()
    # the unit's bar (no track yet) offers to write to it
    wait(d, lambda: d.find_element(By.ID, "track-bar").is_displayed() and "NJ-3" in d.find_element(By.ID, "track-bar").text,
         msg="clicking the unit on the map did not pick it")
    click(d, "#track-msg")
    wait(d, lambda: d.find_element(By.ID, "messages").is_displayed(), msg="the messages tab did not open")
    assert Select(d.find_element(By.ID, "msg-unit")).first_selected_option.get_attribute("value") == unit
    assert d.switch_to.active_element.get_attribute("id") == "msg-text", "the cursor is not in the text box"
    b = send_from_form(d, "NJ-3 请到南京东路世纪广场协助维持秩序")
    assert b["audience"] == "警力 NJ-3" and b["total"] == 1 and b["receipts"] == "已送达 0/1 · 已读 0/1", b
    copies = server_copies(world, "NJ-3 请到南京东路世纪广场协助维持秩序")
    assert [m["unitID"] for m in copies] == [unit] and copies[0]["from"]["name"] == "调度员周", copies
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    wait(d, lambda: not d.find_element(By.ID, "track-bar").is_displayed())


def test_message_to_a_unit_from_the_units_panel_by_keyboard(driver, world):
    d = driver
    unit = world["units"]["NJ-1"]
    d.find_element(By.CSS_SELECTOR, '.tab[data-tab="units"]').click()
    click(d, f'.unit-row[data-id="{unit}"] [data-act="msg"]')
    wait(d, lambda: d.find_element(By.ID, "messages").is_displayed())
    assert Select(d.find_element(By.ID, "msg-unit")).first_selected_option.get_attribute("value") == unit
    # keyboard only: the cursor is in the text box; Ctrl+Enter sends
    box = d.switch_to.active_element
    assert box.get_attribute("id") == "msg-text"
    box.send_keys("NJ-1 收到请回复")
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    wait(d, lambda: shown(d, "NJ-1 收到请回复"), 10, "Ctrl+Enter did not send")
    assert shown(d, "NJ-1 收到请回复")["audience"] == "警力 NJ-1"
    assert [m["unitID"] for m in server_copies(world, "NJ-1 收到请回复")] == [unit]
    # M opens the form from anywhere outside a text box
    d.find_element(By.CSS_SELECTOR, '.tab[data-tab="card"]').click()
    d.find_element(By.TAG_NAME, "body").send_keys("m")
    wait(d, lambda: d.find_element(By.ID, "messages").is_displayed(), msg="M did not open the messages tab")


def test_message_to_a_zone_and_to_all_units(driver, world):
    d = driver
    click(d, "#btn-msg")
    d.find_element(By.CSS_SELECTOR, '#msg-form input[name="msg-to"][value="zone"]').click()
    wait(d, lambda: d.find_element(By.ID, "msg-zone").is_displayed())
    Select(d.find_element(By.ID, "msg-zone")).select_by_value(world["zone"])
    zone = send_from_form(d, "巡区通知：今晚南京东路加强夜巡")
    assert zone["audience"] == "巡区 南京东路巡区" and zone["total"] == 2 and zone["receipts"] == "已送达 0/2 · 已读 0/2", zone
    assert sorted(m["callsign"] for m in server_copies(world, "巡区通知：今晚南京东路加强夜巡")) == ["NJ-1", "NJ-2"]

    d.find_element(By.CSS_SELECTOR, '#msg-form input[name="msg-to"][value="all"]').click()
    wait(d, lambda: d.find_element(By.ID, "msg-all-note").is_displayed())
    assert "3" in d.find_element(By.ID, "msg-all-note").text     # NJ-4 is off duty
    every = send_from_form(d, "全体注意：暴雨预警，注意行车安全")
    assert every["audience"] == "全部警力" and every["total"] == 3 and every["receipts"] == "已送达 0/3 · 已读 0/3", every
    assert sorted(m["callsign"] for m in server_copies(world, "全体注意：暴雨预警，注意行车安全")) == ["NJ-1", "NJ-2", "NJ-3"]
    # newest first
    texts = [b["text"] for b in broadcasts(d)]
    assert texts[:2] == ["全体注意：暴雨预警，注意行车安全", "巡区通知：今晚南京东路加强夜巡"], texts


def test_acknowledgements_appear_live(driver, world):
    """The officer of NJ-1 acknowledges over REST; the dispatcher's receipts follow without a reload."""
    d = driver
    zone_text, all_text = "巡区通知：今晚南京东路加强夜巡", "全体注意：暴雨预警，注意行车安全"
    t0 = time.time()
    ack(world, zone_text, "NJ-1", "delivered")
    wait(d, lambda: shown(d, zone_text)["receipts"] == "已送达 1/2 · 已读 0/2", 10, "the delivery receipt did not arrive live")
    print(f"\nRECEIPT: delivered shown {time.time() - t0:.2f} s after the acknowledgement")
    ack(world, zone_text, "NJ-1", "read")
    wait(d, lambda: shown(d, zone_text)["receipts"] == "已送达 1/2 · 已读 1/2", 10, "the read receipt did not arrive live")
    # read straight away implies delivered
    ack(world, all_text, "NJ-1", "read")
    wait(d, lambda: shown(d, all_text)["receipts"] == "已送达 1/3 · 已读 1/3", 10)
    # per unit: expand with the keyboard
    summary = d.find_element(By.CSS_SELECTOR, f'details.bc[data-bid="{shown(d, zone_text)["bid"]}"] > summary')
    summary.send_keys(Keys.ENTER)
    wait(d, lambda: shown(d, zone_text)["open"], msg="Enter did not expand the broadcast")
    rows = lambda: {r.find_element(By.CSS_SELECTOR, ".cs").text: (r.get_attribute("data-state"), r.text)
                    for r in d.find_elements(By.CSS_SELECTOR, f'details.bc[data-bid="{shown(d, zone_text)["bid"]}"] .rcpt')}
    wait(d, lambda: set(rows()) == {"NJ-1", "NJ-2"})
    receipts = read(d, rows)
    assert receipts["NJ-1"][0] == "read" and "✓ 送达" in receipts["NJ-1"][1] and "✓✓ 已读" in receipts["NJ-1"][1], receipts
    assert receipts["NJ-2"][0] == "sent" and "未送达" in receipts["NJ-2"][1], receipts
    # a second officer's receipt while the broadcast is open: it stays open and updates
    nj2 = Client(world["base"]).login("nj2", PASSWORD)
    message = next(m for m in server_copies(world, zone_text) if m["callsign"] == "NJ-2")
    nj2.call("POST", f"/v1/messages/{message['id']}/ack", {"state": "delivered"})
    wait(d, lambda: rows()["NJ-2"][0] == "delivered", 10, "NJ-2's receipt did not arrive live")
    assert shown(d, zone_text)["open"] and shown(d, zone_text)["receipts"] == "已送达 2/2 · 已读 1/2"
    bid = shown(d, zone_text)["bid"]
    assert d.execute_script("return document.activeElement.closest('details.bc')?.dataset.bid") == bid, "the redraw took the keyboard focus away"
    assert d.execute_script("return window.__noReload") == 1, "the page was reloaded"
    shot(d, "m01-messages.png")
    d.switch_to.active_element.send_keys(Keys.ENTER)   # and closed again from the keyboard
    wait(d, lambda: not shown(d, zone_text)["open"], msg="Enter did not collapse the broadcast")


def test_english_night_and_after_a_reload(driver, world):
    d = driver
    zone_text = "巡区通知：今晚南京东路加强夜巡"
    d.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
    wait(d, lambda: d.find_element(By.ID, "btn-msg").text == "Message")
    d.find_element(By.ID, "btn-theme").click()
    assert shown(d, zone_text)["receipts"] == "Delivered 2/2 · Read 1/2"
    assert shown(d, zone_text)["audience"] == "Zone 南京东路巡区"
    time.sleep(0.3)
    shot(d, "m02-messages-en-night.png")
    # after a reload the list comes from GET /v1/messages, with the audiences this browser sent to
    d.refresh()
    wait(d, lambda: d.find_element(By.ID, "app").is_displayed())
    d.find_element(By.CSS_SELECTOR, '.tab[data-tab="messages"]').click()
    wait(d, lambda: len(broadcasts(d)) == 4, 10, "the sent messages did not load after a reload")
    got = {b["text"]: (b["audience"], b["receipts"]) for b in broadcasts(d)}
    assert got[zone_text] == ("Zone 南京东路巡区", "Delivered 2/2 · Read 1/2"), got
    assert got["全体注意：暴雨预警，注意行车安全"] == ("All units", "Delivered 1/3 · Read 1/3"), got
    assert got["NJ-1 收到请回复"] == ("Unit NJ-1", "Delivered 0/1 · Read 0/1"), got
    d.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
    d.find_element(By.ID, "btn-theme").click()
    wait(d, lambda: d.find_element(By.ID, "btn-msg").text == "发消息")
    errors = script_errors(d)
    assert not errors, errors


def test_empty_zone_and_roles_without_dispatch(driver, world):
    """A zone without units is refused with a message; a field officer's console has no messages panel."""
    d, admin = driver, world["admin"]
    empty = admin.call("POST", "/v1/zones", {"stationID": world["station"], "name": "空巡区", "unitIDs": [],
                                            "boundary": [{"lat": 31.230, "lon": 121.480}, {"lat": 31.231, "lon": 121.480}, {"lat": 31.231, "lon": 121.481}]})["id"]
    click(d, "#btn-msg")
    d.find_element(By.CSS_SELECTOR, '#msg-form input[name="msg-to"][value="zone"]').click()
    wait(d, lambda: any(o.get_attribute("value") == empty for o in Select(d.find_element(By.ID, "msg-zone")).options), 10, "the new zone is not offered")
    Select(d.find_element(By.ID, "msg-zone")).select_by_value(empty)
    d.find_element(By.ID, "msg-text").send_keys("无人接收")
    d.find_element(By.ID, "msg-send").click()
    wait(d, lambda: d.find_element(By.ID, "msg-error").text == "发送范围内没有警力", 10, "no error for a zone without units")
    assert not server_copies(world, "无人接收")
    console_login(d, world["base"], "nj1", PASSWORD)
    assert not d.find_element(By.ID, "btn-msg").is_displayed()
    assert not d.find_element(By.CSS_SELECTOR, '.tab[data-tab="messages"]').is_displayed()
    d.find_element(By.TAG_NAME, "body").send_keys("m")
    time.sleep(0.3)
    assert not d.find_element(By.ID, "messages").is_displayed()
    errors = script_errors(d)
    assert not errors, errors
