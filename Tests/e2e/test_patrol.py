"""Browser test of dynamic patrol (issue 20: 动态巡控).

A station's three cars stand on East Nanjing Road; most of the last four weeks' calls came from a
district ten minutes' drive west, where the station has a street post. An incident on East
Nanjing Road takes two of the cars. With the coverage layer on, the console's patrol panel shows
the share of road, expected calls and key places within 1, 3 and 5 minutes and proposes moving the
third car to the western post; the dispatcher orders it with one click, the car's field page shows
the order, and once the car reports from the post the share of expected calls within 3 minutes
rises. Both languages, no untranslated keys, no script errors. Shares conftest.py and
e2e_support.py; screenshots go to out/.
"""
import datetime as dt
import time

import pytest
from selenium.webdriver.common.by import By

from e2e_support import (ADMIN_PASSWORD, admin_form, PASSWORD, Client, click, console_login, field_login, iso, no_missing_keys, no_script_errors, shot,
                         text, toggle_language, wait)

CST = dt.timezone(dt.timedelta(hours=8))
HERE = {"lat": 31.2352, "lon": 121.4801}    # East Nanjing Road, where the cars stand
WEST = {"lat": 31.2016684, "lon": 121.4319426}    # the district the calls came from (on a road: fixes snap within 75 m)
# the station's ground: a box holding both
GROUND = {"type": "Polygon", "coordinates": [[[121.425, 31.195], [121.490, 31.195], [121.490, 31.245], [121.425, 31.245], [121.425, 31.195]]]}


def past_calls():
    """Calls of the last three weeks: twelve in the west, three on East Nanjing Road."""
    now = dt.datetime.now(CST)
    rows = []
    for k, place in enumerate([WEST] * 12 + [HERE] * 3):
        received = now - dt.timedelta(days=1 + k, hours=2)
        times = [received + dt.timedelta(minutes=m) for m in (1, 9, 40, 60)]
        rows.append([received.isoformat(), *(t.isoformat() for t in times), "dispute", "3",
                     f"{place['lat'] + 0.0002 * (k % 3):.6f}", f"{place['lon']:.6f}", "PHP01", f"PAST-{k}"])
    header = "received_at,dispatched_at,arrived_at,resolved_at,closed_at,category,priority,lat,lon,station,source_id"
    return header + "\n" + "\n".join(",".join(r) for r in rows) + "\n"


@pytest.fixture(scope="module")
def world(server):
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "PSH", "name": "巡防市公安局", "nameEn": "Patrol City PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "PHP", "name": "巡防分局", "nameEn": "Patrol District"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "PHP01", "name": "巡防派出所",
                                                       "nameEn": "Patrol Station", "location": HERE, "area": GROUND})["id"]
    cars = [admin.call("POST", "/v1/units", {"callsign": f"XF-{k}", "kind": "patrolCar", "stationID": station, "crew": 2})["id"] for k in (1, 2, 3)]
    post = admin.call("POST", "/v1/posts", {"stationID": station, "kind": "streetPost", "name": "西区岗", "location": WEST})["id"]
    admin.call("POST", "/v1/users", {"username": "pdisp", "displayName": "调度员孙", "role": "dispatcher", "jurisdictionID": city, "password": PASSWORD})
    admin.call("POST", "/v1/users", {"username": "pcrew3", "displayName": "民警赵", "role": "fieldOfficer", "jurisdictionID": station,
                                     "unitID": cars[2], "password": PASSWORD})
    admin.call("POST", "/v1/import/incidents", {"incidents": past_calls()})
    dispatcher = Client(server).login("pdisp", PASSWORD)
    report(dispatcher, cars, HERE)
    reported = time.time()
    incident = dispatcher.call("POST", "/v1/incidents", {"category": "dispute", "priority": 2, "description": "两伙人在步行街口推搡",
                                                         "location": HERE, "address": "南京东路步行街"})["id"]
    dispatcher.call("POST", f"/v1/incidents/{incident}/dispatch", {"unitIDs": cars[:2]})
    return {"base": server, "admin": admin, "station": station, "cars": cars, "post": post, "dispatcher": dispatcher, "incident": incident,
            "reported": reported}


def report(client, units, place, fixes=1):
    """`fixes` fixes a second apart ending now; a car seen kilometres away is believed after
    several agreeing fixes (the tracker refuses a lone jump)."""
    now = time.time()
    return client.call("POST", "/v1/positions", {"fixes": [{"unitID": u, "time": iso(now - fixes + 1 + k), "lat": place["lat"], "lon": place["lon"], "speed": 0}
                                                    for u in units for k in range(fixes)]})


def demand3(d):
    """The panel's share of expected calls within 3 minutes now (read in one script: it redraws often)."""
    return float(d.execute_script("return document.getElementById('patrol-demand3').dataset.now"))


def test_a_move_proposal_is_ordered_and_the_cover_rises(driver, phone, world):
    d = driver
    picture = world["dispatcher"].call("GET", "/v1/patrol")
    assert picture["units"] == 1, picture   # two cars are on the incident
    assert [p["unitID"] for p in picture["proposals"]] == [world["cars"][2]], picture["proposals"]
    assert picture["proposals"][0]["postID"] == world["post"]

    console_login(d, world["base"], "pdisp", PASSWORD)
    assert d.find_element(By.ID, "patrol-panel").get_attribute("hidden") is not None, "no patrol panel before the coverage layer is on"
    click(d, '#map-layers input[data-layer="coverage"]')
    car = world["cars"][2]
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#patrol-panel .patrol-moves li[data-unit="{car}"] button'), 20, "no move proposal shown")
    panel = text(d, "#patrol-panel")
    assert "巡防覆盖" in panel and "西区岗" in panel and "XF-3" in panel, panel
    before = demand3(d)
    assert abs(before - picture["demandWithin3Now"]) < 1e-9
    # the shares shown are REST's
    # (read in one script: the panel redraws whenever units change)
    shown = d.execute_script("""return [...document.querySelectorAll('#patrol-panel tr[data-row="demand"] td')].map((c) => c.textContent)""")
    assert shown == [f"{round(x * 100)}%" if x >= 0.1 else f"{x * 100:.1f}%" for x in picture["demand"]], shown
    shot(d, "patrol-1-proposal.png")

    click(d, f'#patrol-panel .patrol-moves li[data-unit="{car}"] button')
    messages = lambda: world["admin"].call("GET", f"/v1/messages?unitID={car}")["items"]
    wait(d, lambda: any("西区岗" in m["text"] for m in messages()), 10, "the order did not reach the car")

    field_login(phone, world["base"], "pcrew3")
    wait(phone, lambda: phone.find_element(By.ID, "msg-flash").is_displayed() and "西区岗" in phone.find_element(By.ID, "msg-flash").text,
         15, "the field page did not show the order")
    shot(phone, "patrol-2-field-order.png")

    # the car drives there and reports from the post: more of the expected calls are within 3 minutes
    # (its five fixes, a second apart and ending now, must all be newer than its last one from the
    # world's set-up: a test run within seconds of it would have them refused as out of order)
    time.sleep(max(0.0, world["reported"] + 6 - time.time()))
    moved = report(world["dispatcher"], [car], WEST, fixes=5)
    assert moved["accepted"] >= 1, moved
    wait(d, lambda: demand3(d) > before + 0.3, 40, "the share of expected calls within 3 minutes did not rise")
    shot(d, "patrol-3-covered.png")

    toggle_language(d)
    wait(d, lambda: "Patrol coverage" in text(d, "#patrol-panel"))
    assert "Expected calls" in text(d, "#patrol-panel")
    no_missing_keys(d)
    no_script_errors(d)
    toggle_language(d)

    # expected calls from today's forecast instead of the last four weeks (the past calls are in its window)
    forecast = world["dispatcher"].call("GET", "/v1/patrol?demand=forecast")
    assert forecast["demandPoints"] > 0, forecast
    d.execute_script("const s = document.getElementById('patrol-demand-source'); s.value = 'forecast'; s.dispatchEvent(new Event('change', {bubbles: true}));")
    wait(d, lambda: f"今日预测 {forecast['demandPoints']} 个网格" in text(d, "#patrol-demand3"), 20, "the panel did not switch to the forecast")


def test_an_order_for_a_car_gone_busy_is_refused(world):
    dispatcher = world["dispatcher"]
    busy = world["cars"][0]
    reply = dispatcher.call("POST", "/v1/patrol/moves", {"unitID": busy, "postID": world["post"]}, expect=409)
    assert reply["code"] == "unit_unavailable", reply


def test_zones_are_designed_and_adopted_from_the_station_form(driver, world):
    """The administrator asks for three zones for the station's ground: the proposal and the zones
    in force (none yet) are set side by side with REST's figures, drawn on the map, and adopted."""
    d = driver
    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    admin_form(d, "stations", world["station"])
    wait(d, lambda: d.find_element(By.ID, "zd-propose").is_displayed(), 10, "no zone design under the station's form")
    box = d.find_element(By.ID, "zd-count")
    box.clear()
    box.send_keys("3")
    click(d, "#zd-propose")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#zd-result tr[data-cut="proposal"]'), 30, "no proposal shown")
    rest = world["admin"].call("GET", f"/v1/patrol/zone-design?station={world['station']}&zones=3")
    cells = d.execute_script("""return [...document.querySelectorAll('#zd-result tr[data-cut="proposal"] td')].map((c) => c.textContent)""")
    assert cells[:3] == ["3", f"{rest['proposal']['imbalance']:.2f}", f"{rest['proposal']['meanDriveSeconds'] / 60:.1f}"], (cells, rest["proposal"])
    assert not d.find_elements(By.CSS_SELECTOR, '#zd-result tr[data-cut="current"]'), "no zones in force yet"
    assert d.execute_script("return window.__pingan.map.outlineRings.length") == 3, "the three outlines are drawn on the map"
    shot(d, "patrol-4-zone-design.png")
    click(d, "#zd-adopt")
    zones = lambda: [z for z in world["admin"].call("GET", "/v1/zones") if z["stationID"] == world["station"] and z["active"]]
    wait(d, lambda: len(zones()) == 3, 15, "the design was not adopted")
    assert sorted(z["name"] for z in zones()) == ["巡防派出所巡区1", "巡防派出所巡区2", "巡防派出所巡区3"]
    toggle_language(d)
    wait(d, lambda: "Patrol zone design" in text(d, "#adm-zone-design"))
    no_missing_keys(d)
    no_script_errors(d)
    toggle_language(d)


def test_a_zone_plan_is_set_and_kept_on_the_dashboard_and_the_unit_bar(driver, world):
    """The administrator gives a zone by East Nanjing Road a shift that began an hour ago, for the
    third car, with the street post as a point to visit; the car reports from the post; the
    assessment page's patrol table shows the car's time in the zone against the plan as REST
    does, and the car's bar on the map gives the shift's figures."""
    d, admin = driver, world["admin"]
    h = 0.006
    zone = admin.call("POST", "/v1/zones", {"stationID": world["station"], "name": "步行街巡区", "boundary": [
        {"lat": HERE["lat"] - h, "lon": HERE["lon"] - h}, {"lat": HERE["lat"] - h, "lon": HERE["lon"] + h},
        {"lat": HERE["lat"] + h, "lon": HERE["lon"] + h}, {"lat": HERE["lat"] + h, "lon": HERE["lon"] - h}]})["id"]
    post = admin.call("POST", "/v1/posts", {"stationID": world["station"], "kind": "streetPost", "name": "步行街岗", "location": HERE})["id"]
    car = world["cars"][2]
    start = (dt.datetime.now(CST) - dt.timedelta(hours=1)).strftime("%H:%M")
    if start > dt.datetime.now(CST).strftime("%H:%M"):
        pytest.skip("an hour ago was yesterday: the shift would belong to yesterday's plan")

    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    admin_form(d, "zones", zone)
    wait(d, lambda: d.find_element(By.ID, "zs-none").is_displayed(), 10, "no patrol plan under the zone's form")
    d.execute_script("document.getElementById('zs-start').value = arguments[0]; document.getElementById('zs-hours').value = '4';"
                     "document.getElementById('zs-required').value = '30'; document.getElementById('zs-dwell').value = '0';", start)
    click(d, f'#zs-form input[name="zs-unit"][value="{car}"]')
    click(d, f'#zs-form input[name="zs-post"][value="{post}"]')
    click(d, "#zs-add")
    stored = lambda: admin.call("GET", f"/v1/zones/{zone}")
    wait(d, lambda: stored()["shifts"], 10, "the shift was not saved")
    shift = stored()["shifts"][0]
    assert shift["unitIDs"] == [car] and shift["lengthMinutes"] == 240 and shift["requiredMinutes"] == 30, shift
    assert shift["points"][0]["name"] == "步行街岗" and shift["points"][0]["dwellMinutes"] == 0, shift
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#zs-list tr[data-shift="0"]'), 10, "the saved shift is not listed")
    shot(d, "patrol-5-zone-plan.png")

    # the car reports from the post for half a minute, then opens the dashboard
    report(world["dispatcher"], [car], HERE, fixes=30)
    rest = world["dispatcher"].call("GET", f"/v1/patrol/compliance?unit={car}")
    row = rest["rows"][0]
    assert row["zoneID"] == zone and row["inProgress"] and row["points"][0]["visited"], row
    click(d, '.view-tab[data-view="dashboard"]')
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#pc-rows tr[data-unit="{car}"]'), 20, "no patrol compliance row")
    cells = d.execute_script("return [...document.querySelectorAll('#pc-rows tr[data-unit=\"' + arguments[0] + '\"] td')].map((c) => c.textContent)", car)
    assert cells[:3] == ["步行街巡区", "白班", "XF-3"], cells
    assert cells[3].endswith("/30") and cells[4] == "1/1" and cells[7] == "进行中", cells
    shot(d, "patrol-6-compliance.png")
    toggle_language(d)
    wait(d, lambda: "Patrol compliance" in text(d, "#db-patrol"))
    no_missing_keys(d)
    toggle_language(d)

    click(d, '.view-tab[data-view="dispatch"]')
    d.find_element(By.CSS_SELECTOR, '.tab[data-tab="units"]').click()
    click(d, f'.unit-row[data-id="{car}"]')
    wait(d, lambda: "步行街巡区白班" in d.find_element(By.ID, "track-bar").text, 15, "the unit's bar does not give its shift")
    assert "/30 分" in d.find_element(By.ID, "track-bar").text
    no_script_errors(d)


def test_key_places_are_imported_and_a_lasting_gap_raises_an_alert(driver, world):
    """The administrator registers the map's key places on the station's ground from its form
    (Jiangsu Road metro station, the extract's one); the station's policy then holds key places
    to 30 seconds' reach with a one-minute grace and alerts on: the dispatcher's alert panel
    shows the coverage gap, in both languages."""
    d, admin, station = driver, world["admin"], world["station"]
    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    admin_form(d, "stations", station)
    wait(d, lambda: d.find_element(By.ID, "kp-import").is_displayed(), 10, "no key places under the station's form")
    click(d, "#kp-import")
    imported = lambda n: d.find_element(By.ID, "kp-result").get_attribute("data-created") == n
    wait(d, lambda: imported("1") or "error" in d.find_element(By.ID, "kp-result").get_attribute("innerHTML"), 15, "the import did not answer")
    assert imported("1"), text(d, "#kp-result")
    places = [p for p in admin.call("GET", "/v1/posts") if p["kind"] == "keyPlace" and p["stationID"] == station]
    assert [p["name"] for p in places] == ["江苏路"] and places[0]["category"] == "railway_station", places
    assert "1" in text(d, "#kp-count")
    click(d, "#kp-import")   # again: nothing new
    wait(d, lambda: imported("0"), 15, "the second import did not answer")
    assert len([p for p in admin.call("GET", "/v1/posts") if p["kind"] == "keyPlace"]) == 1

    version = admin.call("GET", f"/v1/jurisdictions/{station}/policy")["version"]
    admin.call("PUT", f"/v1/jurisdictions/{station}/policy", {"version": version, "patrolTargets": {
        "reachSeconds": 30, "minZoneShare": 0.8, "holdMinutes": 1, "alerts": True, "autoAcceptMoves": False}})
    gaps = lambda: [a for a in world["dispatcher"].call("GET", "/v1/alerts")["items"] if a["kind"] == "coverageGap"]
    wait(d, gaps, 150, "no coverage alert within two and a half minutes")   # sweeps every 30 s, one minute's grace
    place = next((a for a in gaps() if "江苏路" in a["title"]), None)
    assert place and place["jurisdictionID"] == station, gaps()

    console_login(d, world["base"], "pdisp", PASSWORD)
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#alert-list .alert-row[data-id="{place["id"]}"]'), 20, "the coverage alert is not in the panel")
    row = d.find_element(By.CSS_SELECTOR, f'#alert-list .alert-row[data-id="{place["id"]}"]')
    assert "巡防覆盖不足" in row.text and "江苏路" in row.text, row.text
    shot(d, "patrol-7-coverage-alert.png")
    toggle_language(d)
    wait(d, lambda: "Patrol coverage gap" in d.find_element(By.CSS_SELECTOR, f'#alert-list .alert-row[data-id="{place["id"]}"]').text)
    no_missing_keys(d)
    no_script_errors(d)
    toggle_language(d)
