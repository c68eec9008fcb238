"""Browser tests of assessment and analysis in the console (issue 19: 考核评估、三情研判、预测预警).

A city with two stations brings its past incidents (POST /v1/import/incidents: this month so far,
the month before and the same month a year ago, one station slow to arrive). The dashboard page
shows the tiles for this month with 环比 and 同比 changes and both comparison periods stated, the
same figures REST gives (GET /v1/stats/kpi), trend lines and categories drawn as SVG, and the
station league with the slow station last and its cells marked against the targets. A daily
report is written from the page for yesterday, listed, and opened inside the page; REST lists it
and its HTML is the one shown. Today's hotspot forecast layer is turned on on the dispatch map,
and its legend names the day and the cells REST returns. Both languages, no untranslated keys,
no script errors. Shares conftest.py and e2e_support.py; screenshots go to out/.
"""
import datetime as dt
import random

import pytest
from selenium.webdriver.common.by import By

from e2e_support import (ADMIN_PASSWORD, PASSWORD, Client, click, console_login, flat, no_missing_keys, no_script_errors, shot, text,
                         toggle_language, wait)

CST = dt.timezone(dt.timedelta(hours=8))
FAST = {"lat": 31.2340, "lon": 121.4805}   # inside the first station's area
SLOW = {"lat": 31.2400, "lon": 121.4950}   # inside the second's


def square(lat, lon, r=0.004):
    return {"type": "Polygon", "coordinates": [[[lon - r, lat - r], [lon + r, lat - r], [lon + r, lat + r], [lon - r, lat + r], [lon - r, lat - r]]]}


def history_rows(today):
    """Priority-2 incidents on days of this month before today, the month before and the same
    month a year ago: the fast station arrives in 4 min, the slow one in 20 (beyond every tier
    and the p90 target of 15 min), enough of them for the targets to judge."""
    rng = random.Random(19)
    first = today.replace(day=1)
    prev_first = (first - dt.timedelta(days=1)).replace(day=1)
    year_first = first.replace(year=first.year - 1)
    rows, n = [], 0
    for start, count in ((first, 6), (prev_first, 2), (year_first, 1)):
        days = 28 if start != first else max(1, today.day - 1)
        for d in range(days):
            day = start + dt.timedelta(days=d)
            if day >= today:
                continue
            for k in range(count):  # 08:00, 10:00, …
                for station, place, arrive in (("AHP01", FAST, 4), ("AHP02", SLOW, 20)):
                    n += 1
                    received = dt.datetime.combine(day, dt.time(8 + k * 2, rng.randint(0, 59)), CST)
                    times = [received + dt.timedelta(minutes=m) for m in (1, 1 + arrive, 30 + arrive, 60 + arrive)]
                    rows.append([received.isoformat(), *(t.isoformat() for t in times), rng.choice(["criminal", "dispute", "traffic"]), "2",
                                 f"{place['lat'] + rng.uniform(-0.0005, 0.0005):.6f}", f"{place['lon'] + rng.uniform(-0.0005, 0.0005):.6f}",
                                 station, f"OLD-{n}"])
    header = "received_at,dispatched_at,arrived_at,resolved_at,closed_at,category,priority,lat,lon,station,source_id"
    return header + "\n" + "\n".join(",".join(r) for r in rows) + "\n", len(rows)


@pytest.fixture(scope="module")
def world(server):
    """A city, a district and two stations with areas; a dispatcher and a supervisor of the city;
    a history of imported incidents."""
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "ASH", "name": "考核市公安局", "nameEn": "Assess City PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "AHP", "name": "考核分局", "nameEn": "Assess District"})["id"]
    fast = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "AHP01", "name": "快速派出所", "nameEn": "Swift Station",
                                                    "location": FAST, "area": square(**FAST)})["id"]
    slow = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "AHP02", "name": "迟缓派出所", "nameEn": "Tardy Station",
                                                    "location": SLOW, "area": square(**SLOW)})["id"]
    admin.call("POST", "/v1/users", {"username": "adisp", "displayName": "调度员周", "role": "dispatcher", "jurisdictionID": city, "password": PASSWORD})
    today = dt.datetime.now(CST).date()
    csv, rows = history_rows(today)
    reply = admin.call("POST", "/v1/import/incidents", {"incidents": csv})
    return {"base": server, "admin": admin, "city": city, "district": district, "fast": fast, "slow": slow, "today": today, "rows": rows,
            "imported": reply, "dispatcher": Client(server).login("adisp", PASSWORD)}


def test_dashboard_shows_the_figures_rest_gives(driver, world):
    """Tiles, periods, trends and the league against REST, in both languages."""
    d, disp = driver, world["dispatcher"]
    today = world["today"]
    kpi = disp.call("GET", f"/v1/stats/kpi?jurisdiction={world['city']}&from={today.replace(day=1)}&to={today}")
    assert kpi["current"]["incidents"] > 0, kpi["current"]
    console_login(d, world["base"], "adisp", PASSWORD, "#dashboard")
    wait(d, lambda: d.execute_script("return document.getElementById('app').dataset.view") == "dashboard", 10, "the dashboard did not open")
    # the city is the first choice; this month is the default period
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#db-tiles .db-tile[data-metric="incidents"]'), 20, "no tiles")
    tile = lambda m: flat(d, f'#db-tiles .db-tile[data-metric="{m}"]')
    assert str(kpi["current"]["incidents"]) in tile("incidents"), tile("incidents")
    assert f"{kpi['current']['metRate'] * 100:.1f}%" in tile("metRate"), tile("metRate")
    assert "环比" in tile("incidents") and "同比" in tile("incidents")
    periods = text(d, "#db-periods")
    for p in (kpi["period"], kpi["previousPeriod"], kpi["lastYearPeriod"]):
        assert p["from"] in periods and p["to"] in periods, (p, periods)
    assert "统计期" in periods and "环比期" in periods and "同比期" in periods
    # the trend lines and the categories are SVG our code drew
    if len(kpi["series"]) >= 2:
        assert d.find_elements(By.CSS_SELECTOR, "#db-trend-incidents svg path.line"), "no incident trend line"
    assert d.find_elements(By.CSS_SELECTOR, "#db-by-category svg rect.bar")
    # the league: the slow station last, its late arrivals marked against the target
    rows = d.find_elements(By.CSS_SELECTOR, "#db-league-table tbody tr")
    assert [r.get_attribute("data-key") for r in rows] == [row["key"] for row in kpi["league"]]
    assert rows[-1].get_attribute("data-key") == world["slow"], [r.get_attribute("data-key") for r in rows]
    slow = next(r for r in kpi["league"] if r["key"] == world["slow"])
    if world["today"].day >= 5:   # four days of this month: 24 arrivals, enough for the targets to judge
        assert any(w["metric"] == "callToArrivalP90" for w in slow["warnings"]), slow
    if slow["warnings"]:
        assert "warn" in rows[-1].get_attribute("class") and rows[-1].find_elements(By.CSS_SELECTOR, "td.bad")
        assert d.find_elements(By.CSS_SELECTOR, '#db-tiles .db-tile.warn'), "the city's own warning is not on its tile"
    assert "迟缓派出所" in rows[-1].text
    assert "考核目标" in text(d, "#db-targets")
    shot(d, "assessment-1-dashboard.png")
    no_missing_keys(d)
    # English
    toggle_language(d)
    wait(d, lambda: text(d, "#db-heading") == "Assessment dashboard")
    assert "vs prev." in tile("incidents") and "vs last yr" in tile("incidents")
    assert "Tardy Station" in d.find_elements(By.CSS_SELECTOR, "#db-league-table tbody tr")[-1].text
    assert "previous period" in text(d, "#db-periods")
    shot(d, "assessment-2-dashboard-en.png")
    no_missing_keys(d)
    toggle_language(d)
    # a station chosen: its own figures
    d.find_element(By.CSS_SELECTOR, f'#db-jurisdiction option[value="{world["slow"]}"]').click()
    mine = disp.call("GET", f"/v1/stats/kpi?jurisdiction={world['slow']}&from={today.replace(day=1)}&to={today}")
    wait(d, lambda: str(mine["current"]["incidents"]) in tile("incidents") and f"{(mine['current']['metRate'] or 0) * 100:.1f}%" in tile("metRate"),
         10, "the station's figures did not load")
    no_script_errors(d)


def test_a_daily_report_is_written_listed_and_opened(driver, world):
    """From the dashboard's report box: write yesterday's daily report, see it listed and opened
    in the page; REST has it and serves the same HTML."""
    d, disp = driver, world["dispatcher"]
    console_login(d, world["base"], "adisp", PASSWORD, "#dashboard")
    wait(d, lambda: d.find_elements(By.ID, "rp-write"), 20, "no report form for the dispatcher")
    yesterday = (world["today"] - dt.timedelta(days=1)).isoformat()
    d.find_element(By.CSS_SELECTOR, '#rp-write select[name="kind"] option[value="daily"]').click()
    click(d, "#rp-write-send")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#rp-viewer iframe"), 60, "the written report did not open")
    listed = disp.call("GET", f"/v1/reports?jurisdiction={world['city']}")["items"]
    mine = [r for r in listed if r["kind"] == "daily" and r["date"] == yesterday]
    assert mine, listed
    report = mine[0]
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#rp-list tr[data-id="{report["id"]}"]'), 10, "the report is not listed")
    html = Client(world["base"]).login("adisp", PASSWORD).raw("GET", f"/v1/reports/{report['id']}/html")
    frame = d.find_element(By.CSS_SELECTOR, "#rp-viewer iframe")
    d.switch_to.frame(frame)
    try:
        body = d.find_element(By.TAG_NAME, "body").text
        assert "考核市公安局" in body and yesterday in body, body[:400]
        assert d.find_elements(By.CSS_SELECTOR, "svg"), "the report has no chart or map"
    finally:
        d.switch_to.default_content()
    assert "考核市公安局" in html and yesterday in html
    shot(d, "assessment-3-report.png")
    # opened again from the list
    click(d, "#rp-close")
    click(d, f'#rp-list button[data-open="{report["id"]}"]')
    wait(d, lambda: d.find_element(By.ID, "rp-viewer").get_attribute("data-id") == report["id"], 20, "the listed report did not open")
    no_missing_keys(d)
    no_script_errors(d)


def test_todays_forecast_layer(driver, world):
    """The hotspot forecast layer on the dispatch map: its legend names the day and as many
    cells as REST returns."""
    d, disp = driver, world["dispatcher"]
    forecast = disp.call("GET", "/v1/forecast/hotspots")
    console_login(d, world["base"], "adisp", PASSWORD)
    box = wait(d, lambda: d.find_element(By.CSS_SELECTOR, '#map-layers input[data-layer="forecast"]'), 10, "no forecast layer switch")
    box.click()
    wait(d, lambda: d.find_element(By.ID, "forecast-legend").is_displayed(), 30, "no forecast legend")
    legend = text(d, "#forecast-legend")
    if forecast["features"]:
        assert forecast["day"] in legend and str(len(forecast["features"])) in legend, (legend, forecast["day"])
        drawn = d.execute_script("return window.__pingan.map.forecast?.cells.length || 0")
        assert drawn == len(forecast["features"])
    else:
        assert "暂无预测" in legend, legend
    shot(d, "assessment-4-forecast.png")
    no_missing_keys(d)
    no_script_errors(d)
