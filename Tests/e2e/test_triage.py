"""Browser tests of triage in the console (issue 18: 警情分流、重复警情、高危警情、督办).

A dispatcher refers a noise complaint (楼上装修噪音) to the 12345 hotline from the incident
card's triage part (agency, note, Refer); the card lists the referral and REST says the incident
is `referred`. The hotline's own user (role `externalAgency`, made over REST) signs in to the
console and lands on the referrals page, with no dispatch page (no queue, the tab hidden); the
referral is listed, accepted, refused feedback without a summary, then given it; REST says the
referral is done and the incident `closed` with that feedback, and the dispatcher's card (another
browser, live) says closed. A second call about the same fight (广场上有人打架 / 广场那边打架了,
filed over REST seconds apart a few metres from each other) is proposed on its card as a likely
duplicate, with its score and the reasons in words, and merged with one click: REST says
`mergedInto`, the card shows the merged banner and the primary lists the call; undo gives it
back (`received`). A call naming a knife shows its high-risk flag with the words it fired on.
The card's triage part in English. The supervision board (督办): with a P4 deadline policy of
seconds on the station, a P4 call falls overdue, the server's sweep (every 30 s) opens a case that
the board shows live (step, due, how late, the stage sent); the dispatcher acknowledges it (REST
shows who and when), a supervisor sees it without a button, and the overdue-feedback rate lists
the station's row. Both languages, no untranslated keys, no script errors. Shares conftest.py and
e2e_support.py; screenshots go to out/.
"""
import re
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e_support import (ADMIN_PASSWORD, PASSWORD, Client, click, console_login, flat, lang_of, make_driver, no_missing_keys, read,
                          no_script_errors, script_errors, shot, text, toggle_language, wait)

STATION = {"lat": 31.2355, "lon": 121.4830}
NOISE = {"lat": 31.2340, "lon": 121.4805}
SQUARE = {"lat": 31.2362, "lon": 121.4790}
SQUARE_TOO = {"lat": 31.23635, "lon": 121.47915}   # about 20 m away
KNIFE = {"lat": 31.2330, "lon": 121.4850}
FEEDBACK = "已联系物业，装修时间调整为工作日白天"


@pytest.fixture(scope="module")
def world(server):
    """A city, a district and a station with a unit; a dispatcher, a supervisor and a station
    officer of the city; the 12345 hotline and a governance centre registered at the city, and
    the hotline's own user."""
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "TSH", "name": "上海市公安局", "nameEn": "Shanghai PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "THP", "name": "黄浦分局", "nameEn": "Huangpu"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "THP01", "name": "南京东路派出所",
                                                       "nameEn": "East Nanjing Rd Station", "location": STATION})["id"]
    admin.call("POST", "/v1/units", {"callsign": "TR-1", "kind": "patrolCar", "stationID": station, "crew": 2})
    admin.call("POST", "/v1/users", {"username": "tdisp", "displayName": "调度员陈", "role": "dispatcher", "jurisdictionID": city, "password": PASSWORD})
    admin.call("POST", "/v1/users", {"username": "tsuper", "displayName": "督察林", "role": "supervisor", "jurisdictionID": city, "password": PASSWORD})
    hotline = admin.call("POST", "/v1/agencies", {"code": "12345-SH", "name": "12345市民服务热线", "nameEn": "12345 Citizens' Hotline",
                                                  "kind": "hotline12345", "jurisdictionID": city}, expect=201)
    admin.call("POST", "/v1/agencies", {"code": "ZZ-HP", "name": "黄浦区综治中心", "nameEn": "Huangpu Governance Centre",
                                        "kind": "governanceCentre", "jurisdictionID": city}, expect=201)
    admin.call("POST", "/v1/users", {"username": "t12345", "displayName": "热线坐席王", "role": "externalAgency", "jurisdictionID": city,
                                     "agencyID": hotline["id"], "password": PASSWORD})
    return {"base": server, "admin": admin, "city": city, "station": station, "hotline": hotline,
            "dispatcher": Client(server).login("tdisp", PASSWORD)}


@pytest.fixture(scope="module")
def agency_desk():
    """A second desktop browser: the agency's, beside the dispatcher's."""
    d = make_driver()
    yield d
    d.quit()


def no_key_like_text(d, roots):
    """No dictionary key left as text under `roots` (a lookup that fell through to its key)."""
    found = d.execute_script("""
        const keyLike = /^(view|rf|tri|sv|status|role|error|card|step|due)\\.[\\w.]+$/, found = [];
        for (const root of document.querySelectorAll(arguments[0])) {
          const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) { const s = n.textContent.trim(); if (keyLike.test(s)) found.push(s); }
        }
        return found;""", roots)
    assert not found, found


def open_card(d, incident_id):
    """Opens the incident's card from its queue row."""
    row = f'#queue .row[data-id="{incident_id}"]'
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, row), 10, f"{incident_id} is not in the queue")
    click(d, row)
    wait(d, lambda: d.find_element(By.ID, "card").is_displayed() and d.find_elements(By.CSS_SELECTOR, f'#card .card[data-id="{incident_id}"]'),
         10, "the card did not open")


def file_call(client, category, priority, location, address, description, phone, name=None):
    body = {"category": category, "priority": priority, "location": location, "address": address, "description": description, "callerPhone": phone}
    if name:
        body["callerName"] = name
    return client.call("POST", "/v1/incidents", body, expect=201)


# ---- tests (in file order: they share the browsers and one server) --------------------------

def test_dispatcher_refers_a_noise_complaint_and_the_agency_closes_it(driver, agency_desk, world):
    d, a, admin = driver, agency_desk, world["admin"]
    incident = file_call(world["dispatcher"], "complaint", 4, NOISE, "福州路 318 号 5 楼", "楼上装修噪音", "13800000001", "李女士")
    assert incident["status"] == "received"
    console_login(d, world["base"], "tdisp", PASSWORD)
    open_card(d, incident["id"])

    # the triage part offers the refer form: agency, note, Refer
    wait(d, lambda: d.find_elements(By.ID, "tri-refer"), 10, "no refer button on the card")
    assert "研判分流" in text(d, "#card-triage")
    click(d, "#tri-refer")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#tri-agency option"), 10, "the refer form lists no agency")
    click(d, "#tri-refer-cancel")   # changed one's mind: the form closes
    wait(d, lambda: not d.find_elements(By.ID, "tri-refer-form") and d.find_elements(By.ID, "tri-refer"))
    click(d, "#tri-refer")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#tri-agency option"))
    names = [o.text for o in d.find_elements(By.CSS_SELECTOR, "#tri-agency option")]
    assert "12345市民服务热线" in names and "黄浦区综治中心" in names, names
    Select(d.find_element(By.ID, "tri-agency")).select_by_value(world["hotline"]["id"])
    d.find_element(By.ID, "tri-note").send_keys("非警务，请协调物业")
    shot(d, "triage-01-refer-form.png")
    click(d, "#tri-refer-send")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#card-referrals .referral[data-status="sent"]'), 10, "the card does not show the referral")
    assert "已分流至 12345市民服务热线" in flat(d, "#card-referrals") and "已分流" in flat(d, "#card-referrals")
    wait(d, lambda: text(d, "#card-status") == "已分流", 10, f"card status {text(d, '#card-status')!r}")
    assert d.find_elements(By.CSS_SELECTOR, "#card-referrals [data-withdraw]"), "no withdraw for an open referral"
    assert not d.find_elements(By.ID, "tri-refer"), "a second referral offered while one is open"
    i = admin.call("GET", f"/v1/incidents/{incident['id']}")
    assert i["status"] == "referred" and len(i["referrals"]) == 1 and i["referrals"][0]["agencyID"] == world["hotline"]["id"], i
    referral_id = i["referrals"][0]["id"]
    r = admin.call("GET", f"/v1/referrals/{referral_id}")
    assert r["status"] == "sent" and r["note"] == "非警务，请协调物业" and r["summary"]["description"] == "楼上装修噪音", r
    shot(d, "triage-02-referred.png")
    no_missing_keys(d)
    no_script_errors(d)

    # the hotline's user: the referrals page, no dispatch page
    console_login(a, world["base"], "t12345", PASSWORD)
    wait(a, lambda: a.find_element(By.ID, "app").get_attribute("data-view") == "referrals", 10, "the agency did not land on its referrals")
    assert not a.find_element(By.CSS_SELECTOR, '.view-tab[data-view="dispatch"]').is_displayed(), "an agency has the dispatch tab"
    assert a.find_element(By.CSS_SELECTOR, '.view-tab[data-view="referrals"]').is_displayed()
    assert not a.find_element(By.ID, "queue").is_displayed() and not a.find_element(By.ID, "map").is_displayed(), "an agency sees the queue or the map"
    assert not a.find_element(By.ID, "btn-new").is_displayed() and not a.find_element(By.ID, "btn-msg").is_displayed()
    assert a.execute_script("return window.__pingan.state.incidents.size") == 0, "an agency loaded the police's incidents"
    assert text(a, "#rf-heading") == "分流给本单位的警情"
    row = f'#rf-list tr[data-id="{referral_id}"]'
    wait(a, lambda: a.find_elements(By.CSS_SELECTOR, row), 10, "the referral is not listed for the agency")
    assert incident["number"] in text(a, row) and "已分流" in text(a, row) and "福州路 318 号" in text(a, row), text(a, row)
    click(a, row)
    wait(a, lambda: text(a, "#rf-detail-status") == "已分流")
    detail = text(a, "#rf-detail")
    for word in ["楼上装修噪音", "非警务，请协调物业", "签收时限", "反馈时限"]:
        assert word in detail, (word, detail)
    assert "13800000001" not in detail, "the caller's number is not masked for the agency"
    shot(a, "triage-03-agency-list.png")
    click(a, "#rf-accept")
    wait(a, lambda: text(a, "#rf-detail-status") == "已签收", 10, "the referral is not shown accepted")
    assert admin.call("GET", f"/v1/referrals/{referral_id}")["status"] == "accepted"
    # the dispatcher's card follows live
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#card-referrals .referral[data-status="accepted"]'), 10, "the card does not follow the acceptance")

    # feedback: a summary is needed, then it is sent
    wait(a, lambda: a.find_elements(By.ID, "rf-feedback"))
    assert a.find_element(By.CSS_SELECTOR, '#rf-feedback [name="outcome"]').get_attribute("value") == "已办结"
    click(a, "#rf-feedback-send")
    wait(a, lambda: text(a, "#rf-error") == "请填写：办理情况", 10, f"no refusal: {text(a, '#rf-error')!r}")
    assert "invalid" in a.find_element(By.CSS_SELECTOR, '#rf-feedback [name="summary"]').get_attribute("class")
    assert admin.call("GET", f"/v1/referrals/{referral_id}")["status"] == "accepted"
    a.find_element(By.CSS_SELECTOR, '#rf-feedback [name="summary"]').send_keys(FEEDBACK)
    click(a, "#rf-feedback-send")
    wait(a, lambda: text(a, "#rf-detail-status") == "已办结", 10, "the referral is not shown done")
    assert FEEDBACK in text(a, "#rf-feedback-text")
    r = admin.call("GET", f"/v1/referrals/{referral_id}")
    assert r["status"] == "done" and r["feedback"]["summary"] == FEEDBACK and r["feedback"]["by"] == "t12345", r
    i = admin.call("GET", f"/v1/incidents/{incident['id']}")
    assert i["status"] == "closed" and FEEDBACK in i["feedback"]["summary"], i
    # done referrals leave the open list; "all" shows them
    wait(a, lambda: not a.find_elements(By.CSS_SELECTOR, row), 10, "a done referral is still listed as open")
    Select(a.find_element(By.ID, "rf-filter")).select_by_value("all")
    wait(a, lambda: a.find_elements(By.CSS_SELECTOR, row))
    assert "已办结" in text(a, row)
    shot(a, "triage-04-agency-done.png")
    no_missing_keys(a)
    no_key_like_text(a, ".topbar, #referrals")
    no_script_errors(a)

    # the dispatcher's card says closed, with the agency's feedback in the referral's state
    wait(d, lambda: text(d, "#card-status") == "已反馈", 10, f"card status {text(d, '#card-status')!r}")
    assert d.find_elements(By.CSS_SELECTOR, '#card-referrals .referral[data-status="done"]')
    assert "已办结" in flat(d, "#card-referrals")
    assert not d.find_elements(By.CSS_SELECTOR, "#card-referrals [data-withdraw]") and not d.find_elements(By.ID, "tri-refer")
    shot(d, "triage-05-closed.png")
    # the police side's referrals page lists it too
    click(d, '.view-tab[data-view="referrals"]')
    wait(d, lambda: text(d, "#rf-heading") == "分流至其他部门的警情")
    Select(d.find_element(By.ID, "rf-filter")).select_by_value("all")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, row), 10, "the police side does not list the referral")
    assert "12345市民服务热线" in text(d, row)
    click(d, '.view-tab[data-view="dispatch"]')
    no_missing_keys(d)
    no_script_errors(d)


def test_second_call_about_a_fight_is_merged_and_undone(driver, world):
    d, admin, disp = driver, world["admin"], world["dispatcher"]
    first = file_call(disp, "publicOrder", 3, SQUARE, "人民广场东侧", "广场上有人打架", "13900000011")
    time.sleep(2)
    second = file_call(disp, "publicOrder", 3, SQUARE_TOO, "人民广场", "广场那边打架了", "13900000022")
    proposed = disp.call("GET", f"/v1/incidents/{second['id']}/triage")["duplicates"]
    assert proposed and proposed[0]["incidentID"] == first["id"], proposed
    open_card(d, second["id"])
    dup = f'#card-dups .dup[data-id="{first["id"]}"]'
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, dup), 10, "the first call is not proposed as a duplicate")
    shown = flat(d, dup)
    assert "疑似重复警情" in flat(d, "#card-dups")
    assert first["number"] in shown and "人民广场东侧" in shown, shown
    assert re.search(r"\b\d{1,3}%", shown) and f"{round(proposed[0]['score'] * 100)}%" in shown, shown
    for word in ["相距", "米", "相隔", "分钟", "类别相同"]:
        assert word in shown, (word, shown)
    assert not re.search(r"near:|within:|sameCategory", shown), f"reason codes shown raw: {shown}"
    # the place called before (the first call), the caller not
    repeats = flat(d, "#card-repeats")
    assert "重复地点：30天 1 起" in repeats and "重复报警人" not in repeats, repeats
    shot(d, "triage-06-duplicate.png")

    # one click merges it
    click(d, f'{dup} [data-merge="{first["id"]}"]')
    wait(d, lambda: d.find_elements(By.ID, "card-merged"), 10, "no merged banner")
    assert f"已作为重复警情并入 {first['number']}" in flat(d, "#card-merged")
    wait(d, lambda: text(d, "#card-status") == "已撤销")
    i = admin.call("GET", f"/v1/incidents/{second['id']}")
    assert i["mergedInto"]["into"] == first["id"] and i["mergedInto"]["by"] == "tdisp" and i["status"] == "cancelled", i
    assert i["mergedInto"]["score"] > 0 and i["mergedInto"]["reasons"], i["mergedInto"]
    assert admin.call("GET", f"/v1/incidents/{first['id']}")["mergedIncidentIDs"] == [second["id"]]
    assert not d.find_elements(By.ID, "card-dups"), "a merged call still offers duplicates"
    assert not d.find_elements(By.CSS_SELECTOR, '#card [data-to="reopened"]'), "a merged call offers reopen (undo is the way back)"
    shot(d, "triage-07-merged.png")
    # the primary lists the call merged under it
    open_card(d, first["id"])
    wait(d, lambda: d.find_elements(By.ID, "card-merged-calls"), 10, "the primary does not list the merged call")
    assert second["number"] in flat(d, "#card-merged-calls")

    # undo, from the merged call's card (the queue's "all" filter lists cancelled calls)
    d.execute_script("const s = document.getElementById('f-status'); s.value = ''; s.dispatchEvent(new Event('change', {bubbles: true}));")
    open_card(d, second["id"])
    wait(d, lambda: d.find_elements(By.ID, "tri-unmerge"))
    click(d, "#tri-unmerge")
    wait(d, lambda: not d.find_elements(By.ID, "card-merged"), 10, "the merged banner stays after undo")
    wait(d, lambda: text(d, "#card-status") == "待派警")
    i = admin.call("GET", f"/v1/incidents/{second['id']}")
    assert i["status"] == "received" and not i.get("mergedInto"), i
    assert not admin.call("GET", f"/v1/incidents/{first['id']}").get("mergedIncidentIDs")
    # proposed again, so it could be merged once more
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'{dup} [data-merge]'), 10, "not proposed again after undo")
    d.execute_script("const s = document.getElementById('f-status'); s.value = 'open'; s.dispatchEvent(new Event('change', {bubbles: true}));")
    no_missing_keys(d)
    no_script_errors(d)


def test_high_risk_flag_and_triage_in_english(driver, world):
    d, disp = driver, world["dispatcher"]
    knife = file_call(disp, "dispute", 3, KNIFE, "九江路 100 号", "邻居拿着菜刀在楼道里吵架", "13900000033")
    assert knife["priority"] == 1 and knife["riskFlags"][0]["rule"] == "weapon", knife
    open_card(d, knife["id"])
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#card-risk .risk-flag[data-rule="weapon"]'), 10, "no high-risk flag on the card")
    flag = flat(d, '#card-risk .risk-flag[data-rule="weapon"]')
    assert "持械/刀枪" in flag and "命中词" in flag, flag
    marked = read(d, lambda: [m.text for m in d.find_elements(By.CSS_SELECTOR, "#card-risk mark")])
    assert any("菜刀" in w for w in marked), marked
    shot(d, "triage-08-high-risk.png")

    toggle_language(d)
    assert lang_of(d) == "en"
    wait(d, lambda: "Weapon" in (flat(d, "#card-risk") or ""))
    assert "Triage" in text(d, "#card-triage") and "on the words" in flat(d, "#card-risk")
    assert "Refer to another agency" in text(d, "#card-triage")
    # the duplicates of the fight in English
    fights = [i for i in world["admin"].call("GET", "/v1/incidents?limit=100")["items"] if i["description"] == "广场那边打架了"]
    open_card(d, fights[0]["id"])
    wait(d, lambda: d.find_elements(By.ID, "card-dups"))
    dups = flat(d, "#card-dups")
    for word in ["Likely duplicates of this call", "m apart", "min apart", "same category", "Merge this call into it"]:
        assert word in dups, (word, dups)
    # the referrals page in English
    click(d, '.view-tab[data-view="referrals"]')
    wait(d, lambda: text(d, "#rf-heading") == "Referrals to other agencies")
    assert text(d, '.view-tab[data-view="referrals"]') == "Referrals" and text(d, '.view-tab[data-view="supervision"]') == "Supervision"
    Select(d.find_element(By.ID, "rf-filter")).select_by_value("all")
    click(d, "#rf-list tr[data-id]")
    wait(d, lambda: text(d, "#rf-detail-status") == "Done")
    assert "Feedback by" in text(d, "#rf-detail") and "Open the incident" in text(d, "#rf-detail")
    shot(d, "triage-09-english.png")
    no_missing_keys(d)
    no_key_like_text(d, ".topbar, #referrals, #card")
    toggle_language(d)
    click(d, '.view-tab[data-view="dispatch"]')
    no_script_errors(d)


def test_supervision_board(driver, agency_desk, world):
    d, a, admin, disp = driver, agency_desk, world["admin"], world["dispatcher"]
    # P4 deadlines of seconds on the station, so a call falls overdue at once
    version = admin.call("GET", f"/v1/jurisdictions/{world['station']}/policy")["version"]
    admin.call("PUT", f"/v1/jurisdictions/{world['station']}/policy",
               {"version": version, "deadlines": {"4": {"dispatchSeconds": 1, "arriveSeconds": 2, "feedbackSeconds": 3}}})
    late = file_call(disp, "other", 4, NOISE, "福州路 320 号", "路边井盖缺失", "13900000044")
    assert late["deadlineRule"]["dispatchSeconds"] == 1, late
    filed = time.time()

    tab = d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="supervision"]')
    assert tab.is_displayed() and tab.text == "督办"
    tab.click()
    wait(d, lambda: text(d, "#sv-heading") == "督办看板")
    row = f'#sv-cases tr[data-kind="incident"][data-subject="{late["id"]}"]'
    # the server sweeps every 30 s: the case arrives over the live feed (or the 30 s reload)
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'{row}'), 75, "the overdue call did not reach the board")
    print(f"\n  supervision case on the board {time.time() - filed:.1f} s after the call was filed")
    cases = admin.call("GET", "/v1/supervision")["items"]
    case = next(c for c in cases if c["subjectID"] == late["id"] and c["step"] == "dispatch")
    shown = flat(d, f'{row}[data-id="{case["id"]}"]')
    for word in [late["number"] + " 其他", "警情", "派警", "超时", "第1级", "处警单位", "未确认"]:
        assert word in shown, (word, shown)
    shot(d, "triage-10-supervision.png")

    # the dispatcher acknowledges the stage sent (the highest: the unit's rung, no unit holding it)
    click(d, f'#sv-cases tr[data-id="{case["id"]}"] button[data-ack]')
    wait(d, lambda: "tdisp 已确认" in (flat(d, f'#sv-cases tr[data-id="{case["id"]}"]') or ""), 10, "the acknowledgement is not shown")
    assert not d.find_elements(By.CSS_SELECTOR, f'#sv-cases tr[data-id="{case["id"]}"] button[data-ack]')
    c = next(c for c in admin.call("GET", "/v1/supervision")["items"] if c["id"] == case["id"])
    assert c["stages"][0]["acknowledgedBy"] == "tdisp" and c["stages"][0]["acknowledgedAt"], c

    # the overdue-feedback rate: the station's row for today, its feedback (3 s) missed
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#sv-rate tr[data-owner="{world["station"]}"]'), 40, "no rate row for the station")
    report = admin.call("GET", "/v1/reports/overdue-feedback")
    mine = [r for r in report["rows"] if r["owner"] == world["station"]]
    assert mine and mine[0]["overdue"] >= 1, report
    rate_row = flat(d, f'#sv-rate tr[data-owner="{world["station"]}"]')
    assert "南京东路派出所" in rate_row and f"{mine[0]['rate'] * 100:.1f}%" in rate_row, rate_row
    assert "警情超时反馈率" in text(d, "#sv-rate") and "合计" in text(d, "#sv-rate")
    # in English
    toggle_language(d)
    wait(d, lambda: text(d, "#sv-heading") == "Supervision board")
    shown = flat(d, f'#sv-cases tr[data-id="{case["id"]}"]')
    for word in ["Incident", "Dispatch", "overdue", "Stage 1", "Unit", "acknowledged by tdisp"]:
        assert word in shown, (word, shown)
    assert "Overdue-feedback rate" in text(d, "#sv-rate") and "East Nanjing Rd Station" in text(d, "#sv-rate")
    shot(d, "triage-11-supervision-en.png")
    no_missing_keys(d)
    no_key_like_text(d, ".topbar, #supervision")
    toggle_language(d)
    no_script_errors(d)

    # a supervisor sees the case, with no button (no supervisor's reminder was sent yet)
    console_login(d, world["base"], "tsuper", PASSWORD)
    click(d, '.view-tab[data-view="supervision"]')
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#sv-cases tr[data-id="{case["id"]}"]'), 10, "the supervisor does not see the case")
    assert not d.find_elements(By.CSS_SELECTOR, f'#sv-cases tr[data-id="{case["id"]}"] button[data-ack]')
    no_script_errors(d)
    # the agency has the page but sees no case of the police's own work, and no rate
    click(a, '.view-tab[data-view="supervision"]')
    wait(a, lambda: text(a, "#sv-heading") == "督办看板")
    wait(a, lambda: a.find_elements(By.ID, "sv-empty"), 10, "the agency sees the police's cases")
    assert not a.find_element(By.ID, "sv-rate").is_displayed()
    no_missing_keys(a)
    no_script_errors(a)


def test_administrator_registers_an_agency_and_its_login(driver, agency_desk, world):
    """An administrator registers a community grid on the referrals page (an empty name refused
    first), gives it a login, takes it out of service and back; REST agrees at each step, and the
    new login signs in to the referrals page."""
    d = driver
    console_login(d, world["base"], "admin", ADMIN_PASSWORD, "#referrals")
    wait(d, lambda: d.find_element(By.ID, "rf-agencies").is_displayed(), 10, "no agencies box for the administrator")
    wait(d, lambda: "12345市民服务热线" in (flat(d, "#ag-list") or ""), 10, "the registered agencies are not listed")
    form = d.find_element(By.ID, "ag-create")
    form.find_element(By.NAME, "code").send_keys("GRID-T1")
    click(d, "#ag-create-send")
    wait(d, lambda: (text(d, "#ag-error") or "") != "", 5, "an agency without a name was not refused")
    form = d.find_element(By.ID, "ag-create")
    form.find_element(By.NAME, "name").send_keys("南京东路网格")
    form.find_element(By.NAME, "nameEn").send_keys("East Nanjing Rd grid")
    Select(form.find_element(By.NAME, "kind")).select_by_value("grid")
    click(d, "#ag-create-send")
    wait(d, lambda: "南京东路网格" in (flat(d, "#ag-list") or ""), 10, "the new agency is not listed")
    grid = next(a for a in world["admin"].call("GET", "/v1/agencies")["items"] if a["code"] == "GRID-T1")
    assert grid["kind"] == "grid" and grid["nameEn"] == "East Nanjing Rd grid" and grid["active"] is True
    click(d, f'[data-toggle="{grid["id"]}"]')
    wait(d, lambda: world["admin"].call("GET", f'/v1/agencies/{grid["id"]}')["active"] is False, 10, "not taken out of service")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'tr.off[data-agency="{grid["id"]}"]'), 10)
    click(d, f'[data-toggle="{grid["id"]}"]')
    wait(d, lambda: world["admin"].call("GET", f'/v1/agencies/{grid["id"]}')["active"] is True, 10, "not back in service")
    click(d, f'[data-login="{grid["id"]}"]')
    wait(d, lambda: d.find_elements(By.ID, "ag-user"))
    user = d.find_element(By.ID, "ag-user")
    user.find_element(By.NAME, "username").send_keys("tgrid")
    user.find_element(By.NAME, "displayName").send_keys("网格员赵")
    user.find_element(By.NAME, "password").send_keys(PASSWORD)
    click(d, "#ag-user-send")
    wait(d, lambda: not d.find_elements(By.ID, "ag-user"), 10, "the login form stayed open")
    made = next(u for u in world["admin"].call("GET", "/v1/users") if u["username"] == "tgrid")
    assert made["role"] == "externalAgency" and made["agencyID"] == grid["id"]
    shot(d, "triage-12-agencies.png")
    no_missing_keys(d)
    no_script_errors(d)
    a = agency_desk
    console_login(a, world["base"], "tgrid", PASSWORD)
    wait(a, lambda: a.execute_script("return document.getElementById('app').dataset.view") == "referrals", 10, "the grid's login did not land on referrals")
    assert not a.find_element(By.ID, "rf-agencies").is_displayed()
    no_script_errors(a)
