"""Browser tests of anti-fraud warnings (反诈预警劝阻): the command centre's desk imports a day's
list from the console (a list with bad rows is refused with every bad row by line, nothing
stored); a station opens its warning, sees the person in full (the look audited), records the
follow-ups to "dissuaded", and the day's figures show it, in both languages."""
import datetime
import os
import tempfile

import pytest
from selenium.webdriver.common.by import By

from e2e_support import (ADMIN_PASSWORD, PASSWORD, Client, click, console_login, field_login, no_missing_keys, no_script_errors, shot,
                         text, toggle_language, wait)


def tomorrow_cst():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8) + datetime.timedelta(days=1)).date().isoformat()


@pytest.fixture(scope="module")
def fraud(server):
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "FSH", "name": "反诈测试市局", "nameEn": "Fraud Test PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "FHP", "name": "城关分局", "nameEn": "Chengguan"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "FHP01", "name": "庆阳路派出所",
                                                       "nameEn": "Qingyang Road Station", "location": {"lat": 36.0600, "lon": 103.8300}})["id"]
    admin.call("POST", "/v1/users", {"username": "fwdesk", "displayName": "反诈民警孙", "password": PASSWORD, "role": "stationOfficer",
                                     "jurisdictionID": station})
    unit = admin.call("POST", "/v1/units", {"callsign": "FHP01-1", "kind": "footPatrol", "stationID": station, "crew": 1})["id"]
    admin.call("POST", "/v1/users", {"username": "fwcommunity", "displayName": "社区民警郑", "password": PASSWORD, "role": "fieldOfficer",
                                     "jurisdictionID": station, "unitID": unit})
    admin.call("POST", "/v1/users", {"username": "fwcentre", "displayName": "反诈中心李", "password": PASSWORD, "role": "dispatcher",
                                     "jurisdictionID": city})
    return {"base": server, "admin": admin, "station": station}


def warnings(admin, station):
    return [w for w in admin.call("GET", "/v1/fraud-warnings?limit=1000")["items"] if w["stationID"] == station]


def test_the_centre_imports_a_days_list_and_bad_rows_are_refused_by_line(driver, fraud):
    console_login(driver, fraud["base"], "fwcentre", PASSWORD)
    click(driver, '.view-tab[data-view="registry"]')
    click(driver, '.sub-view[data-view="fraud"]')
    wait(driver, lambda: driver.find_elements(By.ID, "fw-import-form"), msg="the import form is not shown")
    day = tomorrow_cst()
    header = "reference,victimName,phone,address,reason,amountAtRisk,deadline"
    rows = [header,
            f"FZ-1,王小明,13900001111,庆阳路120号,刷单返利,20000,{day}",
            f"FZ-2,李大伟,1234,庆阳路122号,冒充公检法,50000,{day}",         # line 3: phone
            f"FZ-3,赵六,13900003333,庆阳路124号,虚假投资理财,8000,2020-01-01"]  # line 4: deadline passed
    path = os.path.join(tempfile.mkdtemp(), "warnings.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    driver.find_element(By.CSS_SELECTOR, "#fw-import-form input[type=file]").send_keys(path)
    driver.find_element(By.CSS_SELECTOR, f"#fw-import-form select[name=stationID] option[value='{fraud['station']}']").click()
    click(driver, "#fw-import-send")
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#fw-import-errors li"), msg="no errors shown")
    lines = [li.get_attribute("data-line") for li in driver.find_elements(By.CSS_SELECTOR, "#fw-import-errors li")]
    assert lines == ["3", "4"], lines
    assert warnings(fraud["admin"], fraud["station"]) == []
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join([header, rows[1]]) + "\n")
    driver.find_element(By.CSS_SELECTOR, "#fw-import-form input[type=file]").send_keys(path)
    click(driver, "#fw-import-send")
    wait(driver, lambda: driver.find_elements(By.ID, "fw-import-done"), msg="the list was not taken")
    assert "接收预警 1 条" in text(driver, "#fw-import-done")
    stored = warnings(fraud["admin"], fraud["station"])
    assert [(w["reference"], w["routing"], w["amountAtRisk"]) for w in stored] == [("FZ-1", "named", 20000)]
    # The centre sees its warnings masked and records no follow-up.
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#fw-table tr[data-warning]"), msg="the list did not show the warning")
    assert "*******1111" in text(driver, "#fw-table") and "13900001111" not in text(driver, "#fw-table")
    click(driver, "#fw-table tr[data-warning]")
    wait(driver, lambda: "王" in (text(driver, "#fw-selected") or ""))
    assert not driver.find_elements(By.ID, "fw-follow")
    no_script_errors(driver)


def test_a_station_works_a_warning_to_dissuaded(driver, fraud):
    console_login(driver, fraud["base"], "fwdesk", PASSWORD)
    click(driver, '.view-tab[data-view="registry"]')
    click(driver, '.sub-view[data-view="fraud"]')
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#fw-table tr[data-warning]"), msg="the station's list is empty")
    assert not driver.find_elements(By.ID, "fw-import-form")   # stations follow up; the centre receives
    click(driver, "#fw-table tr[data-warning]")
    # Opened to call: the phone in full, as a link to dial.
    wait(driver, lambda: text(driver, "#fw-phone") == "13900001111", msg="the phone is not shown in full")
    assert driver.find_element(By.ID, "fw-phone").get_attribute("href") == "tel:13900001111"
    driver.find_element(By.CSS_SELECTOR, "#fw-follow textarea[name=note]").send_keys("电话已接通，告知刷单均为诈骗")
    click(driver, '#fw-follow button[data-to="contacted"]')
    wait(driver, lambda: text(driver, "#fw-state") == "已联系", msg="contacted was not recorded")
    click(driver, '#fw-follow button[data-to="dissuaded"]')
    wait(driver, lambda: text(driver, "#fw-state") == "劝阻成功", msg="dissuaded was not recorded")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#fw-history li")) == 2
    assert "电话已接通" in text(driver, "#fw-history")
    w = warnings(fraud["admin"], fraud["station"])[0]
    assert w["status"] == "dissuaded" and [f["status"] for f in w["followUps"]] == ["contacted", "dissuaded"]
    assert all(f["by"] == "fwdesk" for f in w["followUps"])
    # The day's figures: one received, followed up on time, kept from the loss.
    wait(driver, lambda: "100.0%" in (text(driver, "#fw-rates") or ""), msg="the rates did not follow")
    row = text(driver, f'#fw-rates tr[data-station="{fraud["station"]}"]')
    assert row.split("\t")[1:6] == ["1", "100.0%", "100.0%", "100.0%", "0"], row
    # The look at the person is in the audit log.
    reads = [e for e in fraud["admin"].call("GET", f"/v1/audit?subject={w['id']}&limit=50")["items"] if e["type"] == "personalData.read"]
    assert reads and reads[0]["data"]["reason"] == "反诈劝阻跟进", reads
    toggle_language(driver)
    wait(driver, lambda: text(driver, "#fraud h2") == "Anti-fraud warnings: reach the person before the deadline")
    assert text(driver, "#fw-state") == "Dissuaded"
    no_missing_keys(driver)
    toggle_language(driver)
    shot(driver, "f01-fraud-dissuaded.png")
    no_script_errors(driver)


def test_a_community_officer_follows_a_warning_up_from_the_phone(phone, fraud):
    fraud["admin"].call("POST", "/v1/fraud-warnings", {"reference": "FZ-9", "victimName": "钱老伯", "phone": "13900009999", "address": "庆阳路130号",
                                                       "reason": "冒充公检法", "amountAtRisk": 80000, "deadline": tomorrow_cst(), "stationID": fraud["station"]})
    field_login(phone, fraud["base"], "fwcommunity")
    click(phone, '.tabbar .tab[data-view="fraud"]')
    wait(phone, lambda: phone.find_elements(By.CSS_SELECTOR, "#fw-field-list li[data-warning]"), msg="no warnings on the phone")
    assert "钱**" in text(phone, "#fw-field-list") and "FZ-1" not in text(phone, "#fw-field-list")   # the settled one is gone
    click(phone, "#fw-field-list li[data-warning]")
    wait(phone, lambda: text(phone, "#fw-person") == "钱老伯", msg="the person is not shown in full")
    assert phone.find_element(By.ID, "fw-call").get_attribute("href") == "tel:13900009999"
    click(phone, '#fw-field-follow button[data-to="unreachable"]')
    wait(phone, lambda: text(phone, "#fw-state") == "无法联系", msg="unreachable was not recorded")
    # Reached at the door later: the transfer stopped, with the yuan kept.
    phone.find_element(By.CSS_SELECTOR, "#fw-field-follow [name=note]").send_keys("上门见到本人，已拦截转账")
    phone.find_element(By.CSS_SELECTOR, "#fw-field-follow [name=amountPrevented]").send_keys("80000")
    click(phone, '#fw-field-follow button[data-to="lossPrevented"]')
    wait(phone, lambda: text(phone, "#fw-state") == "已止损", msg="loss prevented was not recorded")
    [w] = [x for x in warnings(fraud["admin"], fraud["station"]) if x["reference"] == "FZ-9"]
    assert [f["status"] for f in w["followUps"]] == ["unreachable", "lossPrevented"] and w["followUps"][1]["amountPrevented"] == 80000
    assert all(f["by"] == "fwcommunity" for f in w["followUps"])
    shot(phone, "f02-field-loss-prevented.png")
    no_script_errors(phone)
