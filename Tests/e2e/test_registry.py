"""Browser tests of the grass-roots registries (一标三实): an officer collects a resident at an
address from the field page (also with no signal: the registration waits on the phone and goes
when the network is back); the console's registries page shows the people at an address in
full to the station and masked to a dispatcher, each look audited with its reason, in both
languages; a population list with bad rows is refused with every bad row by line."""
import os
import tempfile
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e_support import (ADMIN_PASSWORD, PASSWORD, Client, click, console_login, field_login, no_script_errors, shot, text,
                         toggle_language, wait)


@pytest.fixture(scope="module")
def reg(server):
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "RSH", "name": "上海市公安局", "nameEn": "Shanghai PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "RHP", "name": "黄浦分局", "nameEn": "Huangpu"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "RHP01", "name": "外滩派出所",
                                                       "nameEn": "Bund Station", "location": {"lat": 31.2355, "lon": 121.4830}})["id"]
    unit = admin.call("POST", "/v1/units", {"callsign": "RHP01-1", "kind": "footPatrol", "stationID": station, "crew": 1})["id"]
    admin.call("POST", "/v1/users", {"username": "community1", "displayName": "社区民警王", "password": PASSWORD, "role": "fieldOfficer",
                                     "jurisdictionID": station, "unitID": unit})
    admin.call("POST", "/v1/users", {"username": "regdesk", "displayName": "内勤赵", "password": PASSWORD, "role": "stationOfficer",
                                     "jurisdictionID": station})
    admin.call("POST", "/v1/users", {"username": "regdisp", "displayName": "接警员钱", "password": PASSWORD, "role": "dispatcher",
                                     "jurisdictionID": city})
    return {"base": server, "admin": admin, "station": station}


def people_at(admin, address):
    return admin.call("GET", f"/v1/addresses/{address}/inhabitants?reason=" + urllib.parse.quote("测试核对"))["items"]


def addresses(admin, q):
    return admin.call("GET", "/v1/addresses?q=" + urllib.parse.quote(q))["items"]


def fill(d, form, values):
    for name, value in values.items():
        el = d.find_element(By.CSS_SELECTOR, f"#{form} [name='{name}']")
        if el.tag_name == "select":
            Select(el).select_by_value(value)
        else:
            el.clear()
            el.send_keys(value)


def test_an_officer_collects_a_resident_at_an_address_from_the_field_page(phone, reg):
    field_login(phone, reg["base"], "community1")
    click(phone, '.tabbar .tab[data-view="registry"]')
    wait(phone, lambda: phone.find_element(By.ID, "reg-q").is_displayed())
    assert phone.find_element(By.CSS_SELECTOR, '.tabbar .tab[data-view="registry"]').text.endswith("采集")
    phone.find_element(By.ID, "reg-q").send_keys("九江路")
    wait(phone, lambda: text(phone, "#reg-results") == "没有找到这个地址", msg="the search did not answer")
    click(phone, "#reg-new")
    fill(phone, "reg-address-form", {"district": "黄浦区", "street": "九江路", "number": "１２号", "building": "3号楼", "room": "0302"})
    click(phone, "#reg-address-form button[type=submit]")
    wait(phone, lambda: "九江路12号3栋302室" in (text(phone, ".reg-address") or ""), msg="the new address was not picked")
    found = addresses(reg["admin"], "九江路12")
    assert len(found) == 1 and found[0]["parts"]["room"] == "302", found
    address = found[0]["id"]

    # A refusal names the field: a mistyped ID number.
    fill(phone, "reg-person-form", {"name": "张三", "idNumber": "110105194912310021", "kind": "registered"})
    click(phone, "#reg-person-form button[type=submit]")
    wait(phone, lambda: phone.find_element(By.CSS_SELECTOR, '#reg-person-form .error[data-field="idNumber"]').is_displayed())
    assert people_at(reg["admin"], address) == []

    fill(phone, "reg-person-form", {"name": "张三", "idNumber": "11010519491231002x", "kind": "temporary", "permit": "applied", "phone": "13812345678"})
    click(phone, "#reg-person-form button[type=submit]")
    wait(phone, lambda: len(phone.find_elements(By.CSS_SELECTOR, "#reg-done li")) == 1, msg="the person was not registered")
    people = people_at(reg["admin"], address)
    assert [(p["name"], p["idNumber"], p["kind"], p["permit"], p["phone"]) for p in people] == \
        [("张三", "11010519491231002X", "temporary", "applied", "13812345678")]
    assert people[0]["collectedBy"] == "community1"
    shot(phone, "r01-field-collect.png")

    # No signal: the registration waits on the phone and goes when the network is back.
    phone.execute_cdp_cmd("Network.enable", {})
    phone.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        fill(phone, "reg-person-form", {"name": "李四", "idNumber": "310101198502022340", "kind": "registered", "phone": ""})
        click(phone, "#reg-person-form button[type=submit]")
        wait(phone, lambda: text(phone, "#reg-queue") == "1 条待上传", msg="the registration was not kept")
        assert phone.execute_script("return JSON.parse(localStorage.getItem('pingan.field.registry.queue')).length") == 1
    finally:
        phone.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    phone.execute_script("window.dispatchEvent(new Event('online'))")
    wait(phone, lambda: text(phone, "#reg-queue") == "", 20, msg="the kept registration was not sent")
    assert sorted(p["name"] for p in people_at(reg["admin"], address)) == ["张三", "李四"]
    no_script_errors(phone)


def test_an_officer_records_the_house_and_an_organisation_at_the_address(phone, reg):
    """The other two actuals, on the same door: the house (rented, three tenants) and a hotel in
    it; a mistyped credit code is refused with its field named and nothing stored."""
    [found] = addresses(reg["admin"], "九江路12")
    # Picking the address again reads what is there (audited, reason 实地采集).
    click(phone, "#reg-back")
    phone.find_element(By.ID, "reg-q").clear()
    phone.find_element(By.ID, "reg-q").send_keys("九江路12")
    click(phone, f'#reg-results [data-address="{found["id"]}"]')
    wait(phone, lambda: "已登记 2 人" in (text(phone, "#reg-known") or ""), msg="what is registered here is not shown")
    click(phone, "#reg-house summary")
    fill(phone, "reg-house-form", {"use": "rented", "ownerName": "陈建国", "ownerPhone": "13900001234", "tenants": "3"})
    click(phone, "#reg-house-form button[type=submit]")
    wait(phone, lambda: "出租" in (text(phone, "#reg-known") or "") and "3" in text(phone, "#reg-known"), msg="the house was not saved")
    click(phone, "#reg-org summary")
    fill(phone, "reg-org-form", {"name": "九江路快捷宾馆", "kind": "hotel", "creditCode": "91350100M000100Y44", "principal": "周立", "employees": "12"})
    click(phone, "#reg-org-form button[type=submit]")
    wait(phone, lambda: phone.find_elements(By.CSS_SELECTOR, '#reg-org-form .error[data-field="creditCode"]'), msg="the mistyped code was not refused")
    fill(phone, "reg-org-form", {"creditCode": "91350100M000100Y43"})
    click(phone, "#reg-org-form button[type=submit]")
    wait(phone, lambda: phone.find_elements(By.CSS_SELECTOR, "#reg-orgs li[data-org]"), msg="the organisation was not registered")
    actuals = reg["admin"].call("GET", f"/v1/addresses/{found['id']}/inhabitants?reason=" + urllib.parse.quote("测试核对"))
    assert (actuals["house"]["use"], actuals["house"]["tenants"], actuals["house"]["ownerName"]) == ("rented", 3, "陈建国")
    assert [(o["name"], o["creditCode"], o["keyUnit"]) for o in actuals["organisations"]] == [("九江路快捷宾馆", "91350100M000100Y43", True)]
    shot(phone, "r03-field-house-organisation.png")
    no_script_errors(phone)


def test_the_registries_page_shows_people_by_role_and_audits_each_look(driver, reg):
    console_login(driver, reg["base"], "regdesk", PASSWORD)
    click(driver, '.view-tab[data-view="registry"]')
    driver.find_element(By.ID, "reg-q").send_keys("九江路12")
    click(driver, "#reg-results tr[data-address]")
    wait(driver, lambda: "九江路12号3栋302室" in (text(driver, "#reg-selected") or ""))
    # A reason is required before the people show.
    click(driver, "#reg-people-form button[type=submit]")
    assert not driver.find_elements(By.CSS_SELECTOR, "#reg-people")
    driver.find_element(By.ID, "reg-reason").send_keys("入户走访")
    click(driver, "#reg-people-form button[type=submit]")
    wait(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, "#reg-people tr[data-person]")) == 2)
    assert "11010519491231002X" in text(driver, "#reg-people")
    assert "陈建国" in text(driver, "#reg-house") and "91350100M000100Y43" in text(driver, "#reg-orgs")
    # Checked on the ground and found right: the station's accuracy counts it.
    click(driver, "#reg-check")
    wait(driver, lambda: "已实地核实" in (text(driver, "#reg-detail") or ""))
    wait(driver, lambda: "100.0%" in (text(driver, "#reg-quality-table") or ""), msg="the quality figures did not follow")
    row = text(driver, f'#reg-quality-table tr[data-station="{reg["station"]}"]').split("\t")
    assert row[1:6] == ["1", "100.0%", "1", "100.0%", "2"], row
    toggle_language(driver)
    wait(driver, lambda: text(driver, "#registry h2") == "Registries: standard addresses and inhabitants")
    assert "checked on the ground" in text(driver, "#reg-detail")
    toggle_language(driver)
    shot(driver, "r02-registry-page.png")
    no_script_errors(driver)

    console_login(driver, reg["base"], "regdisp", PASSWORD)
    click(driver, '.view-tab[data-view="registry"]')
    driver.find_element(By.ID, "reg-q").send_keys("九江路12")
    click(driver, "#reg-results tr[data-address]")
    driver.find_element(By.ID, "reg-reason").send_keys("核对报警人地址")
    click(driver, "#reg-people-form button[type=submit]")
    wait(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, "#reg-people tr[data-person]")) == 2)
    shown = text(driver, "#reg-people")
    assert "1101**********002X" in shown and "11010519491231002X" not in shown and "13812345678" not in shown, shown
    assert not driver.find_elements(By.ID, "reg-address-form")   # a dispatcher finds addresses, does not register them
    address = addresses(reg["admin"], "九江路12")[0]["id"]
    reads = [e for e in reg["admin"].call("GET", f"/v1/audit?subject={address}&limit=50")["items"] if e["type"] == "personalData.read"]
    reasons = {e["data"]["reason"] for e in reads}
    assert {"入户走访", "核对报警人地址"} <= reasons, reads


def test_a_population_list_with_bad_rows_is_refused_by_line(driver, reg):
    console_login(driver, reg["base"], "regdesk", PASSWORD)
    click(driver, '.view-tab[data-view="registry"]')
    rows = ["district,street,number,room,name,idNumber,kind,permit,permitExpiry,phone",
            "黄浦区,福州路,8,101,王五,31010119800101123X,户籍,,,",
            "黄浦区,福州路,8,102,赵六,310105199003033450,户籍,,,",       # line 3: check character
            "黄浦区,福州路,,103,孙七,31010519950404456X,暂住,有效,2099-01-01,",  # line 4: no number
            "黄浦区,福州路,8,104,周八,310101200005055678,暂住,已申请,,12345"]     # line 5: phone
    path = os.path.join(tempfile.mkdtemp(), "population.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    driver.find_element(By.CSS_SELECTOR, "#reg-import-form input[type=file]").send_keys(path)
    click(driver, "#reg-import-send")
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#reg-import-errors li"), msg="no errors shown")
    lines = [li.get_attribute("data-line") for li in driver.find_elements(By.CSS_SELECTOR, "#reg-import-errors li")]
    assert lines == ["3", "4", "5"], lines
    assert "第 3 行" in text(driver, "#reg-import-errors")
    assert addresses(reg["admin"], "福州路") == []
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows[:2]) + "\n")
    driver.find_element(By.CSS_SELECTOR, "#reg-import-form input[type=file]").send_keys(path)
    click(driver, "#reg-import-send")
    wait(driver, lambda: driver.find_elements(By.ID, "reg-import-done"))
    assert "已登记 1 人" in text(driver, "#reg-import-done")
    assert len(addresses(reg["admin"], "福州路8号")) == 1
    no_script_errors(driver)


def test_a_call_taken_at_a_standard_address_is_linked_to_the_door(driver, reg):
    door = reg["admin"].call("POST", "/v1/addresses", {"district": "黄浦区", "street": "福州路", "number": "88", "room": "1101", "stationID": reg["station"],
                                                       "location": {"lat": 31.2345, "lon": 121.4790}})
    console_login(driver, reg["base"], "regdisp", PASSWORD)
    click(driver, "#btn-new")
    wait(driver, lambda: driver.find_element(By.ID, "n-address").is_displayed())
    driver.find_element(By.ID, "n-address").send_keys("福州路88号1101")
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#n-places .std-address"), msg="no standard address offered")
    click(driver, "#n-places .std-address")
    wait(driver, lambda: driver.find_element(By.ID, "n-door").is_displayed(), msg="the door is not linked")
    assert driver.find_element(By.ID, "n-address").get_attribute("value") == "黄浦区福州路88号1101室"
    wait(driver, lambda: driver.find_element(By.ID, "n-loc").text != "—", msg="the door's location was not taken")
    Select(driver.find_element(By.ID, "n-category")).select_by_value("dispute")
    driver.find_element(By.ID, "n-desc").send_keys("家中争吵")
    click(driver, "#n-submit")
    wait(driver, lambda: driver.find_elements(By.ID, "card-door"), msg="the card does not show the standard address")
    created = driver.execute_script("const s = window.__pingan.state; return s.incidents.get(s.selectedID)")
    assert created["addressID"] == door["id"], created
    no_script_errors(driver)
