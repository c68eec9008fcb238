"""Browser tests of volunteer teams (群防群治): a station forms a team in the console and adds a
volunteer account; the volunteer signs in on the phone (the console sends them there), starts a
shift, shares the position and reports what they saw, in both languages, and sees no officer's
page; the command centre sees them on the map and in the waiting reports, files the urgent one
as an incident and keeps the other as a tip; the volunteer's page shows what became of each."""
import pytest
from selenium.webdriver.common.by import By

from e2e_support import (ADMIN_PASSWORD, PASSWORD, Client, click, console_login, field_login, fresh_page, no_missing_keys, no_script_errors,
                         shot, text, toggle_language, wait)


@pytest.fixture(scope="module")
def vol(server):
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "VSH", "name": "义警测试市局", "nameEn": "Volunteer Test PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "VXH", "name": "西湖分局", "nameEn": "West Lake"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "VXH01", "name": "北山派出所",
                                                       "nameEn": "Beishan Station", "location": {"lat": 31.2355, "lon": 121.4830}})["id"]
    zone = admin.call("POST", "/v1/zones", {"stationID": station, "name": "湖滨巡区",
                                           "boundary": [{"lat": 31.229, "lon": 121.474}, {"lat": 31.242, "lon": 121.474},
                                                        {"lat": 31.242, "lon": 121.492}, {"lat": 31.229, "lon": 121.492}]})["id"]
    admin.call("POST", "/v1/users", {"username": "vodesk", "displayName": "社区警务队长周", "password": PASSWORD, "role": "stationOfficer",
                                     "jurisdictionID": station})
    admin.call("POST", "/v1/users", {"username": "vodisp", "displayName": "指挥中心陈", "password": PASSWORD, "role": "dispatcher",
                                     "jurisdictionID": city})
    admin.call("POST", "/v1/users", {"username": "yijing1", "displayName": "义警吴大姐", "password": PASSWORD, "role": "volunteer",
                                     "jurisdictionID": station})
    return {"base": server, "admin": admin, "station": station, "zone": zone}


def shifts(admin, which="recent"):
    return admin.call("GET", f"/v1/volunteer-shifts?which={which}")["items"]


def set_position(d, base, lat, lon):
    d.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["geolocation"]})
    d.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": lat, "longitude": lon, "accuracy": 8})


def test_a_station_forms_a_team_and_adds_a_volunteer(driver, vol):
    console_login(driver, vol["base"], "vodesk", PASSWORD)
    click(driver, '.view-tab[data-view="registry"]')
    click(driver, '.sub-view[data-view="volunteers"]')
    click(driver, "#vo-new")
    wait(driver, lambda: driver.find_elements(By.ID, "vo-create"))
    driver.find_element(By.CSS_SELECTOR, "#vo-create [name=name]").send_keys("西湖义警")
    click(driver, f'#vo-zones input[value="{vol["zone"]}"]')
    click(driver, "#vo-create button[type=submit]")
    wait(driver, lambda: text(driver, "#vo-selected") and "西湖义警" in text(driver, "#vo-selected"), msg="the team was not formed")
    # An officer's account is refused with the reason; the volunteer's joins.
    driver.find_element(By.CSS_SELECTOR, "#vo-add [name=username]").send_keys("vodesk")
    click(driver, "#vo-add button[type=submit]")
    wait(driver, lambda: "volunteer" in (text(driver, "#vo-add-error") or ""), msg="the officer's account was not refused")
    driver.find_element(By.CSS_SELECTOR, "#vo-add [name=username]").clear()
    driver.find_element(By.CSS_SELECTOR, "#vo-add [name=username]").send_keys("yijing1")
    driver.find_element(By.CSS_SELECTOR, "#vo-add [name=phone]").send_keys("138 0571 0001")
    click(driver, "#vo-add button[type=submit]")
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, '#vo-members tr[data-member="yijing1"]'), msg="the member was not added")
    assert "13805710001" in text(driver, '#vo-members tr[data-member="yijing1"]')
    [team] = vol["admin"].call("GET", "/v1/volunteer-teams")["items"]
    assert team["name"] == "西湖义警" and [m["username"] for m in team["members"]] == ["yijing1"] and team["stationID"] == vol["station"]
    assert team["zoneIDs"] == [vol["zone"]]
    toggle_language(driver)
    wait(driver, lambda: text(driver, "#volunteers h2") == "Volunteer teams: on patrol, their reports decided, their hours counted")
    no_missing_keys(driver)
    toggle_language(driver)
    no_script_errors(driver)


def test_a_volunteer_walks_a_shift_and_reports_from_the_phone(phone, vol):
    set_position(phone, vol["base"], 31.2350, 121.4800)
    # The console sends a volunteer to their own page.
    fresh_page(phone, vol["base"] + "/")
    wait(phone, lambda: phone.find_element(By.ID, "login").is_displayed())
    phone.find_element(By.ID, "login-user").send_keys("yijing1")
    phone.find_element(By.ID, "login-pass").send_keys(PASSWORD)
    phone.find_element(By.ID, "login-submit").click()
    wait(phone, lambda: phone.current_url.endswith("/field.html") and phone.find_element(By.ID, "volunteer").is_displayed(),
         msg="the volunteer was not sent to the field page")
    assert not phone.find_element(By.ID, "app").is_displayed() and text(phone, "#vol-team") == "西湖义警"
    click(phone, "#vol-start")
    wait(phone, lambda: "在巡区内" in (text(phone, "#vol-where") or ""), timeout=20, msg="the position was not shared")
    [s] = shifts(vol["admin"], "onPatrol")
    assert s["username"] == "yijing1" and s["inArea"] is True and abs(s["position"]["lat"] - 31.2350) < 1e-6

    phone.find_element(By.CSS_SELECTOR, "#vol-report [name=text]").send_keys("湖滨路车棚有人撬电动车锁")
    click(phone, "#vol-report [name=urgent]")
    click(phone, "#vol-send")
    wait(phone, lambda: len(phone.find_elements(By.CSS_SELECTOR, "#vol-reports li[data-report]")) == 1, msg="the report was not sent")
    # A report typed while the position is sent again survives the update.
    phone.find_element(By.CSS_SELECTOR, "#vol-report [name=text]").send_keys("湖边护栏松动")
    set_position(phone, vol["base"], 31.2362, 121.4812)
    wait(phone, lambda: abs(shifts(vol["admin"], "onPatrol")[0]["position"]["lat"] - 31.2362) < 1e-6, timeout=20, msg="the move was not shared")
    assert phone.find_element(By.CSS_SELECTOR, "#vol-report [name=text]").get_attribute("value") == "湖边护栏松动"
    click(phone, "#vol-send")
    wait(phone, lambda: len(phone.find_elements(By.CSS_SELECTOR, "#vol-reports li[data-report]")) == 2, msg="the second report was not sent")
    [s] = shifts(vol["admin"], "pending")
    assert [(r["text"], r["urgent"], r["status"]) for r in s["reports"]] == [("湖滨路车棚有人撬电动车锁", True, "pending"), ("湖边护栏松动", False, "pending")]
    assert text(phone, '#vol-reports li[data-report="1"] .vol-status') == "等待派出所处置"
    click(phone, "#volunteer .lang-toggle")
    wait(phone, lambda: text(phone, "#vol-send") == "Report to the station")
    assert text(phone, '#vol-reports li[data-report="1"] .vol-status') == "waiting for the station"
    click(phone, "#volunteer .lang-toggle")
    shot(phone, "v01-volunteer-on-shift.png")
    no_script_errors(phone)


def test_the_centre_files_the_urgent_report_and_keeps_the_other(driver, phone, vol):
    console_login(driver, vol["base"], "vodisp", PASSWORD)
    # On the map's volunteers layer.
    wait(driver, lambda: driver.execute_script("return window.__pingan.state.volunteers.length") == 1, msg="the volunteer is not on the map")
    assert driver.find_elements(By.CSS_SELECTOR, '#map-layers input[data-layer="volunteers"]')
    click(driver, '.view-tab[data-view="registry"]')
    click(driver, '.sub-view[data-view="volunteers"]')
    wait(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, "#vo-report-list li[data-report]")) == 2, msg="the reports are not listed")
    first = driver.find_element(By.CSS_SELECTOR, "#vo-report-list li[data-report]")
    assert first.get_attribute("data-report") == "1" and "urgent" in first.get_attribute("class")
    click(driver, '#vo-report-list li[data-report="1"] [data-act="file"]')
    wait(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, "#vo-report-list li[data-report]")) == 1, msg="the urgent report was not filed")
    click(driver, '#vo-report-list li[data-report="2"] [data-act="kept"]')
    wait(driver, lambda: driver.find_elements(By.ID, "vo-no-pending"), msg="the tip was not kept")
    [s] = shifts(vol["admin"])
    filed, kept = s["reports"]
    assert filed["status"] == "filed" and kept["status"] == "kept" and filed["reviewedBy"] == "vodisp"
    incident = vol["admin"].call("GET", f"/v1/incidents/{filed['incidentID']}")
    assert incident["category"] == "suspicious" and "湖滨路车棚有人撬电动车锁" in incident["description"] and incident["priority"] == 2
    no_script_errors(driver)

    # The volunteer sees what became of each (the page asks again every 20 s; a reload is sooner).
    phone.refresh()
    wait(phone, lambda: text(phone, '#vol-reports li[data-report="1"] .vol-status') == "已转为警情", timeout=20, msg="the volunteer does not see the outcome")
    assert text(phone, '#vol-reports li[data-report="2"] .vol-status') == "已留作线索"
    click(phone, "#vol-end")
    wait(phone, lambda: phone.find_elements(By.ID, "vol-start"), msg="the shift did not end")
    assert shifts(vol["admin"], "onPatrol") == []
    no_script_errors(phone)
