"""Browser tests of disputes (矛盾纠纷): a station officer opens a dispute on the console's page,
records a session that raises its risk (it goes on the supervision board) and then settles it;
the figures follow, in both languages; a dispatcher sees the parties masked and cannot record."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e_support import (ADMIN_PASSWORD, PASSWORD, Client, click, console_login, no_missing_keys, no_script_errors, shot, text,
                         toggle_language, wait)


@pytest.fixture(scope="module")
def disputes(server):
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "DSH", "name": "纠纷测试市局", "nameEn": "Dispute Test PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "DHP", "name": "七里河分局", "nameEn": "Qilihe"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "DHP01", "name": "敦煌路派出所",
                                                       "nameEn": "Dunhuang Road Station", "location": {"lat": 36.0500, "lon": 103.7500}})["id"]
    admin.call("POST", "/v1/users", {"username": "dpdesk", "displayName": "调解民警周", "password": PASSWORD, "role": "stationOfficer",
                                     "jurisdictionID": station})
    admin.call("POST", "/v1/users", {"username": "dpdisp", "displayName": "接警员吴", "password": PASSWORD, "role": "dispatcher",
                                     "jurisdictionID": city})
    return {"base": server, "admin": admin, "station": station}


def books(admin, station):
    return [d for d in admin.call("GET", "/v1/disputes?limit=1000")["items"] if d["stationID"] == station]


def test_a_station_opens_a_dispute_and_mediates_it_to_settled(driver, disputes):
    console_login(driver, disputes["base"], "dpdesk", PASSWORD)
    click(driver, '.view-tab[data-view="registry"]')
    click(driver, '.sub-view[data-view="disputes"]')
    click(driver, "#dp-new")
    wait(driver, lambda: driver.find_elements(By.ID, "dp-open"))
    Select(driver.find_element(By.CSS_SELECTOR, "#dp-open [name=kind]")).select_by_value("landlordTenant")
    driver.find_element(By.CSS_SELECTOR, "#dp-open [name=summary]").send_keys("押金退还争执，双方在出租屋门口推搡")
    driver.find_element(By.CSS_SELECTOR, "#dp-open [name=address]").send_keys("敦煌路88号2单元301")
    driver.find_element(By.CSS_SELECTOR, "#dp-open [name=party1]").send_keys("房东马某")
    driver.find_element(By.CSS_SELECTOR, "#dp-open [name=phone1]").send_keys("139 3100 0001")
    driver.find_element(By.CSS_SELECTOR, "#dp-open [name=party2]").send_keys("租客何某")
    # A bad phone is refused with its field named, and nothing is stored.
    driver.find_element(By.CSS_SELECTOR, "#dp-open [name=phone2]").send_keys("12345")
    click(driver, "#dp-open button[type=submit]")
    wait(driver, lambda: "phone" in (text(driver, "#dp-open-error") or "") or "电话" in (text(driver, "#dp-open-error") or ""), msg="no refusal shown")
    assert books(disputes["admin"], disputes["station"]) == []
    driver.find_element(By.CSS_SELECTOR, "#dp-open [name=phone2]").clear()
    click(driver, "#dp-open button[type=submit]")
    wait(driver, lambda: text(driver, "#dp-state") == "待调处", msg="the dispute was not opened")
    [d] = books(disputes["admin"], disputes["station"])
    assert d["kind"] == "landlordTenant" and d["risk"] == "medium" and [p["name"] for p in d["parties"]] == ["房东马某", "租客何某"]
    assert d["parties"][0]["phone"] == "13931000001" and d["followUpDue"]

    # A session that finds it worse: high risk, a lawyer joins; then settled.
    driver.find_element(By.CSS_SELECTOR, "#dp-session [name=note]").send_keys("双方情绪激动，约请律师释法")
    Select(driver.find_element(By.CSS_SELECTOR, "#dp-session [name=risk]")).select_by_value("high")
    driver.find_element(By.CSS_SELECTOR, "#dp-session [name=mediatorName]").send_keys("律师钱某")
    Select(driver.find_element(By.CSS_SELECTOR, "#dp-session [name=mediatorKind]")).select_by_value("lawyer")
    click(driver, '#dp-session button[data-outcome="continuing"]')
    wait(driver, lambda: text(driver, "#dp-state") == "调处中", msg="the session was not recorded")
    assert "高风险" in text(driver, "#dp-detail") and "律师钱某" in text(driver, "#dp-detail")
    driver.find_element(By.CSS_SELECTOR, "#dp-session [name=note]").send_keys("退还押金八成，双方签订调解协议")
    click(driver, '#dp-session button[data-outcome="resolved"]')
    wait(driver, lambda: text(driver, "#dp-state") == "已化解", msg="the settlement was not recorded")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#dp-sessions li")) == 2
    assert not driver.find_elements(By.ID, "dp-session")
    [d] = books(disputes["admin"], disputes["station"])
    assert d["status"] == "resolved" and d["risk"] == "high" and [s["outcome"] for s in d["sessions"]] == ["continuing", "resolved"]
    wait(driver, lambda: "100.0%" in (text(driver, f'#dp-rates tr[data-station="{disputes["station"]}"]') or ""), msg="the rate did not follow")
    toggle_language(driver)
    wait(driver, lambda: text(driver, "#disputes h2") == "Disputes: mediated until settled, followed up on time")
    assert text(driver, "#dp-state") == "Settled"
    no_missing_keys(driver)
    toggle_language(driver)
    shot(driver, "d01-dispute-settled.png")
    no_script_errors(driver)

    console_login(driver, disputes["base"], "dpdisp", PASSWORD)
    click(driver, '.view-tab[data-view="registry"]')
    click(driver, '.sub-view[data-view="disputes"]')
    Select(driver.find_element(By.ID, "dp-status")).select_by_value("")
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#dp-table tr[data-dispute]"), msg="the dispatcher's list is empty")
    click(driver, "#dp-table tr[data-dispute]")
    wait(driver, lambda: "房***" in (text(driver, "#dp-parties") or ""), msg="the parties are not masked")
    assert "13931000001" not in text(driver, "#dp-parties") and not driver.find_elements(By.ID, "dp-new")
    no_script_errors(driver)
