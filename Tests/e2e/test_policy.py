"""Browser end-to-end tests of policies as data: a jurisdiction's deadlines and local categories.

An administrator opens the city in the organisation tree and, in its "时限与类别" panel, sets
the P2 limits (dispatch 2 minutes) and a P4 dispatch limit alone (the rest of the row inherits),
and adds a local category; each checked over REST. A local category whose code is a standard
one ("dispute") is refused with the server's reserved_code shown next to the code input; a limit
out of range shows the server's detail next to the limit it is about; a save against a version
someone else changed meanwhile reloads with a message; a local category is renamed and another
retired. A dispatcher of the city then finds the local category (by its name, in either language)
in the new-incident form, creates a P2 incident with it in a station below by clicking the map,
and its card says which deadline rule its timers follow ("派警 2 分 … 设于 上海市公安局");
incidents under the standard rule, or carrying no rule, say "标准". Both languages render with no
untranslated keys and no script errors. Shares the server fixture and helpers with the other
files (conftest.py, e2e_support.py); screenshots go to Tests/e2e/out/.
"""
import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from e2e_support import admin_form, ADMIN_PASSWORD, PASSWORD, Client, click, console_login, script_errors, shot, untranslated, wait

CITY = "上海市公安局"
CITY_EN = "Shanghai PSB"
STATION = {"lat": 31.2355, "lon": 121.4830}
RULE_P2 = "时限规则：派警 2 分 · 到场 10 分 · 反馈 2 小时（设于 上海市公安局）"


@pytest.fixture(scope="module")
def world(server):
    """A city → district → station tree and a dispatcher of the city."""
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    post = lambda path, body: admin.call("POST", path, body)["id"]
    city = post("/v1/jurisdictions", {"level": "city", "code": "PSH", "name": CITY, "nameEn": CITY_EN})
    district = post("/v1/jurisdictions", {"parentID": city, "level": "district", "code": "PHP", "name": "黄浦分局", "nameEn": "Huangpu"})
    station = post("/v1/jurisdictions", {"parentID": district, "level": "station", "code": "PHP01", "name": "南京东路派出所",
                                         "nameEn": "East Nanjing Rd Station", "location": STATION})
    post("/v1/units", {"callsign": "PL-1", "kind": "patrolCar", "stationID": station, "crew": 2})
    post("/v1/users", {"username": "pdisp", "displayName": "调度员冯", "role": "dispatcher", "jurisdictionID": city, "password": PASSWORD})
    return {"base": server, "admin": admin, "city": city, "district": district, "station": station}


def policy(world, jid=None):
    return world["admin"].call("GET", f"/v1/jurisdictions/{jid or world['city']}/policy")


def open_policy(d, jid):
    """The organisation section with `jid`'s form and its policy panel loaded."""
    admin_form(d, "org", jid)
    try:
        wait(d, lambda: d.find_elements(By.ID, "pol-deadlines"), 15)
    except TimeoutException:
        # Seen once in five CI runs after a language switch, not reproduced since: the panel
        # stayed empty. Say what it showed, then pick the jurisdiction again.
        print("POLICY PANEL EMPTY:", d.execute_script("return document.querySelector('#adm-policy')?.outerHTML?.slice(0, 300)"))
        click(d, f'#adm-list [data-id="{jid}"]')
        wait(d, lambda: d.find_elements(By.ID, "pol-deadlines"), 15, "the policy panel did not load")


def limit_input(d, priority, step):
    return d.find_element(By.CSS_SELECTOR, f'#pol-deadlines input[data-p="{priority}"][data-step="{step}"]')


def retype(el, text):
    el.send_keys(Keys.CONTROL, "a")
    el.send_keys(Keys.DELETE)
    if text:
        el.send_keys(text)


def deadline_row(d, priority):
    """What the panel shows for a priority: the limits in force, who set them, the inputs."""
    return d.execute_script("""const tr = document.querySelector(`#pol-deadlines tr[data-priority="${arguments[0]}"]`);
        return {setBy: tr.dataset.setBy, src: tr.querySelector('.src').textContent,
                eff: [...tr.querySelectorAll('.eff')].map(e => e.textContent),
                own: [...tr.querySelectorAll('input')].map(i => i.value)};""", priority)


def pol_note(d):
    return d.find_element(By.ID, "pol-note").text


def saved(d):
    wait(d, lambda: pol_note(d) == "已保存" or d.find_elements(By.CSS_SELECTOR, "#adm-policy .field-error") or d.find_element(By.ID, "pol-error").text,
         15, "the policy save did not answer")
    errors = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#adm-policy .field-error")] + [d.find_element(By.ID, "pol-error").text]
    assert pol_note(d) == "已保存", errors


def field_error(d, css):
    """The error shown next to the input `css` (None: none), and whether the input is marked."""
    return d.execute_script("""const el = document.querySelector(arguments[0]); if (!el) return null;
        const box = el.closest('label.pol-in') || el; const next = box.nextElementSibling;
        return {text: next && next.classList.contains('field-error') ? next.textContent : null, invalid: el.classList.contains('invalid')};""", css)


def add_category(d, code, zh, en, non_police=False):
    for css, text in [("#pol-new-code", code), ("#pol-new-zh", zh), ("#pol-new-en", en)]:
        retype(d.find_element(By.CSS_SELECTOR, css), text)
    box = d.find_element(By.ID, "pol-new-np")
    if box.is_selected() != non_police:
        box.click()
    click(d, "#pol-add-btn")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#pol-categories tr.added input[data-f="code"]'), msg="the category was not added")


# ---- tests (in file order: they share one browser and one server) ---------------------------

def test_admin_sets_deadlines_and_adds_a_category(driver, world):
    d = driver
    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    open_policy(d, world["city"])
    before = policy(world)
    assert before["own"] == {"deadlines": [], "categories": []}, before["own"]
    # the standard limits, each marked as such, the inputs empty with what they would inherit
    p2 = deadline_row(d, 2)
    assert p2 == {"setBy": "standard", "src": "标准", "eff": ["3 分", "15 分", "24 小时"], "own": ["", "", ""]}, p2
    assert limit_input(d, 2, "dispatch").get_attribute("placeholder") == "继承 3"
    assert limit_input(d, 4, "feedback").get_attribute("placeholder") == "继承 72"
    cats = d.execute_script("return [...document.querySelectorAll('#pol-categories tbody tr')].map(tr => [tr.dataset.code, tr.dataset.setBy])")
    assert ["dispute", "standard"] in cats and all(s == "standard" for _, s in cats), cats
    assert not d.find_elements(By.CSS_SELECTOR, "#pol-categories input[data-f]"), "standard categories are read-only"

    # P2: dispatch 2 min, arrive 10 min, feedback 2 h; P4: dispatch 20 min only (the rest inherited)
    for step, value in [("dispatch", "2"), ("arrive", "10"), ("feedback", "2")]:
        retype(limit_input(d, 2, step), value)
    retype(limit_input(d, 4, "dispatch"), "20")
    add_category(d, "noise", "噪音扰民", "Noise nuisance", non_police=True)
    assert d.find_element(By.CSS_SELECTOR, "#pol-categories tr.added .src").text == "未保存"
    shot(d, "policy-01-editing.png")
    click(d, "#pol-save")
    saved(d)
    after = policy(world)
    assert after["version"] == before["version"] + 1
    assert after["own"]["deadlines"] == [
        {"priority": 2, "dispatchSeconds": 120, "arriveSeconds": 600, "feedbackSeconds": 7200},
        {"priority": 4, "dispatchSeconds": 1200, "arriveSeconds": 7200, "feedbackSeconds": 259200}], after["own"]
    assert after["own"]["categories"] == [{"code": "noise", "nameZh": "噪音扰民", "nameEn": "Noise nuisance", "nonPolice": True}], after["own"]
    # the panel shows the limits in force as the server has them now, set by the city
    assert deadline_row(d, 2) == {"setBy": world["city"], "src": CITY, "eff": ["2 分", "10 分", "2 小时"], "own": ["2", "10", "2"]}
    assert deadline_row(d, 4)["eff"] == ["20 分", "2 小时", "3 天"] and deadline_row(d, 4)["src"] == CITY
    assert deadline_row(d, 1)["src"] == "标准"
    row = d.find_element(By.CSS_SELECTOR, '#pol-categories tr.own[data-code="noise"]')
    assert row.get_attribute("data-set-by") == world["city"] and row.find_element(By.CSS_SELECTOR, ".src").text == CITY
    assert d.find_element(By.ID, "adm-policy").get_attribute("data-version") == str(after["version"])
    # the jurisdiction's own form took the new version: renaming it now is no stale save
    assert d.find_element(By.CSS_SELECTOR, ".adm-editor").get_attribute("data-version") == str(after["version"])
    # a station below inherits both
    below = policy(world, world["station"])["effective"]
    assert below["deadlines"][1]["setBy"] == world["city"] and any(c["category"]["code"] == "noise" and c["setBy"] == world["city"] for c in below["categories"])
    shot(d, "policy-02-saved.png")
    assert not script_errors(d)


def test_refusals_show_next_to_the_field(driver, world):
    d = driver
    version = policy(world)["version"]
    # a standard category's code: the server's reserved_code, next to the code input
    add_category(d, "dispute", "邻里纠纷", "Neighbour dispute")
    click(d, "#pol-save")
    code = '#pol-categories tr.added input[data-f="code"]'
    wait(d, lambda: (field_error(d, code) or {}).get("text"), 15, "no error next to the code input")
    err = field_error(d, code)
    print(f"\nRESERVED: {err['text']!r}")
    assert err["invalid"] and "dispute" in err["text"] and "标准类别" in err["text"], err
    assert policy(world)["version"] == version, "nothing was saved"
    shot(d, "policy-03-reserved-code.png")
    click(d, '#pol-categories tr.added button[data-act="remove"]')
    wait(d, lambda: not d.find_elements(By.CSS_SELECTOR, "#pol-categories tr.added"))

    # a limit that is not a number: refused before sending, next to it
    retype(limit_input(d, 1, "arrive"), "abc")
    click(d, "#pol-save")
    wait(d, lambda: (field_error(d, '#pol-deadlines input[data-p="1"][data-step="arrive"]') or {}).get("text"))
    assert field_error(d, '#pol-deadlines input[data-p="1"][data-step="arrive"]')["text"] == "请填写大于 0 的数字"
    # out of range (P1 dispatch 2000 min > 24 h): the server's detail next to P1's dispatch input,
    # found from the field it names (deadlines.0.dispatchSeconds: the first priority sent)
    retype(limit_input(d, 1, "arrive"), "5")
    retype(limit_input(d, 1, "dispatch"), "2000")
    click(d, "#pol-save")
    p1 = '#pol-deadlines input[data-p="1"][data-step="dispatch"]'
    wait(d, lambda: (field_error(d, p1) or {}).get("text"), 15, "no error next to P1's dispatch limit")
    print(f"RANGE: {field_error(d, p1)['text']!r}")
    assert field_error(d, p1)["invalid"] and not field_error(d, '#pol-deadlines input[data-p="2"][data-step="dispatch"]')["invalid"]
    assert policy(world)["version"] == version
    shot(d, "policy-04-out-of-range.png")
    # discarding brings back what the server has
    click(d, "#pol-revert")
    wait(d, lambda: deadline_row(d, 1)["own"] == ["", "", ""] and not d.find_elements(By.CSS_SELECTOR, "#adm-policy .field-error"))
    assert deadline_row(d, 2)["own"] == ["2", "10", "2"]
    click(d, "#pol-save")
    wait(d, lambda: pol_note(d) == "没有改动")
    assert not script_errors(d)


def test_a_stale_save_reloads_and_categories_are_renamed_and_retired(driver, world):
    d, admin = driver, world["admin"]
    shown = int(d.find_element(By.ID, "adm-policy").get_attribute("data-version"))
    # someone else adds a category meanwhile
    mine = policy(world)
    theirs = admin.call("PUT", f"/v1/jurisdictions/{world['city']}/policy", {"version": shown,
        "deadlines": {str(x["priority"]): {k: x[k] for k in ("dispatchSeconds", "arriveSeconds", "feedbackSeconds")} for x in mine["own"]["deadlines"]},
        "categories": {**{c["code"]: {"nameZh": c["nameZh"], "nameEn": c["nameEn"], "nonPolice": c.get("nonPolice", False)} for c in mine["own"]["categories"]},
                       "lost": {"nameZh": "失物招领", "nameEn": "Lost property"}}})
    assert theirs["version"] == shown + 1
    retype(limit_input(d, 3, "dispatch"), "5")
    click(d, "#pol-save")
    wait(d, lambda: "已被他人修改" in pol_note(d), 15, "no stale-version message")
    assert "warn" in d.find_element(By.ID, "pol-note").get_attribute("class")
    # reloaded: the server's policy and version, not what was typed
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#pol-categories tr.own[data-code="lost"]'))
    assert deadline_row(d, 3)["own"] == ["", "", ""]
    assert d.find_element(By.ID, "adm-policy").get_attribute("data-version") == str(theirs["version"])
    shot(d, "policy-05-stale.png")

    # rename the city's category and retire the other; save from the reloaded version
    retype(d.find_element(By.CSS_SELECTOR, '#pol-categories tr.own[data-code="noise"] input[data-f="nameZh"]'), "噪声扰民")
    click(d, '#pol-categories tr.own[data-code="lost"] button[data-act="retire"]')
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, '#pol-categories tr.own[data-code="lost"] button[data-act="retire"]').text == "重新启用")
    assert d.find_element(By.CSS_SELECTOR, '#pol-categories tr.own[data-code="noise"] input[data-f="nameZh"]').get_attribute("value") == "噪声扰民"
    click(d, "#pol-save")
    saved(d)
    cats = {c["code"]: c for c in policy(world)["own"]["categories"]}
    assert cats["noise"]["nameZh"] == "噪声扰民" and cats["noise"].get("nonPolice") is True and not cats["noise"].get("retired"), cats
    assert cats["lost"].get("retired") is True, cats
    eff = {c["category"]["code"]: c for c in policy(world)["effective"]["categories"]}
    assert eff["lost"]["retired"] is True
    lost = d.find_element(By.CSS_SELECTOR, '#pol-categories tr.own[data-code="lost"]')
    assert "off" in lost.get_attribute("class") and lost.find_element(By.CSS_SELECTOR, ".badge").text == "已停用"
    # unretire and retire again round-trips through the draft only
    click(d, '#pol-categories tr.own[data-code="lost"] button[data-act="retire"]')
    click(d, '#pol-categories tr.own[data-code="lost"] button[data-act="retire"]')
    click(d, "#pol-save")
    wait(d, lambda: pol_note(d) == "没有改动")
    shot(d, "policy-06-renamed-retired.png")
    assert not script_errors(d)


def card_rule(d):
    return d.find_element(By.ID, "card-rule").text


def test_dispatcher_creates_an_incident_under_the_citys_rule(driver, world):
    d, admin = driver, world["admin"]
    console_login(d, world["base"], "pdisp", PASSWORD)
    d.find_element(By.ID, "btn-new").click()
    wait(d, lambda: d.find_element(By.ID, "n-address").is_displayed())
    # the picker offers the city's category by its name, not the retired one
    options = lambda: d.execute_script("return [...document.querySelectorAll('#n-category option')].map(o => [o.value, o.textContent])")
    wait(d, lambda: ["noise", "噪声扰民"] in options(), msg="the local category is not offered")
    assert "lost" not in [v for v, _ in options()] and ["dispute", "纠纷"] in options(), options()
    ActionChains(d).move_to_element_with_offset(d.find_element(By.ID, "map"), 8, 8).click().perform()
    wait(d, lambda: d.find_element(By.ID, "n-loc").text != "—", msg="map click did not set the location")
    Select(d.find_element(By.ID, "n-category")).select_by_value("noise")
    Select(d.find_element(By.ID, "n-priority")).select_by_value("2")
    d.find_element(By.ID, "n-address").send_keys("南京东路步行街")
    d.find_element(By.ID, "n-desc").send_keys("楼上装修噪音")
    shot(d, "policy-07-new-incident.png")
    d.find_element(By.ID, "n-submit").click()
    wait(d, lambda: d.find_elements(By.ID, "card-rule"), msg="card did not open after creation")
    created = d.execute_script("const s = window.__pingan.state; return s.incidents.get(s.selectedID)")
    assert created["category"] == "noise" and created["priority"] == 2 and created["jurisdictionID"] == world["station"], created
    assert created["deadlineRule"] == {"dispatchSeconds": 120, "arriveSeconds": 600, "feedbackSeconds": 7200, "setBy": world["city"]}, created
    assert card_rule(d) == RULE_P2, card_rule(d)
    assert "噪声扰民" in d.find_element(By.CSS_SELECTOR, "#card h2").text
    # the countdown follows that rule: dispatch due 2 minutes after the call
    due = [x["due"] for x in admin.call("GET", f"/v1/incidents/{created['id']}")["deadlines"] if x["step"] == "dispatch"][0]
    assert due and d.execute_script("const i = window.__pingan.state.incidents.get(arguments[0]); return i._deadlines[0].due - i._received", created["id"]) == 120000
    wait(d, lambda: "噪声扰民" in d.find_element(By.ID, "queue").text, msg="the queue does not name the local category")
    shot(d, "policy-08-card-rule.png")
    world["noise_incident"] = created["id"]

    # P1 is not set by the city: the standard rule
    p1 = admin.call("POST", "/v1/incidents", {"category": "criminal", "priority": 1, "location": STATION, "address": "南京东路100号",
                                             "description": "抢夺", "jurisdictionID": world["station"]})
    assert p1["deadlineRule"]["setBy"] == "standard"
    wait(d, lambda: d.execute_script("return window.__pingan.state.incidents.has(arguments[0])", p1["id"]))
    click(d, f'#queue .row[data-id="{p1["id"]}"]')
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#card .card[data-id="{p1["id"]}"]'))
    assert card_rule(d) == "时限规则：派警 1 分 · 到场 5 分 · 反馈 24 小时（标准）", card_rule(d)
    # an incident from before policies (no deadlineRule) shows the standard rule for its priority
    d.execute_script("""const i = window.__pingan.state.incidents.get(arguments[0]); delete i.deadlineRule; i.priority = 3;""", p1["id"])
    d.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()   # a redraw, in English
    wait(d, lambda: card_rule(d).startswith("Deadline rule"))
    assert card_rule(d) == "Deadline rule: dispatch 10 min · arrive 30 min · feedback 2 d (standard)", card_rule(d)
    d.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
    wait(d, lambda: card_rule(d) == "时限规则：派警 10 分 · 到场 30 分 · 反馈 2 天（标准）")
    assert not script_errors(d)


def test_both_languages(driver, world):
    d = driver
    toggle = lambda: d.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
    # the dispatcher's card and new-incident form in English
    click(d, f'#queue .row[data-id="{world["noise_incident"]}"]')
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#card .card[data-id="{world["noise_incident"]}"]'))
    toggle()
    wait(d, lambda: card_rule(d) == f"Deadline rule: dispatch 2 min · arrive 10 min · feedback 2 h (set by {CITY_EN})", 10, "no English rule")
    assert "Noise nuisance" in d.find_element(By.CSS_SELECTOR, "#card h2").text
    d.find_element(By.ID, "btn-theme").click()
    shot(d, "policy-09-card-english-night.png")
    d.find_element(By.ID, "btn-theme").click()
    assert untranslated(d, ".topbar, #card, #queue") == {"missing": [], "onPage": []}
    d.find_element(By.ID, "btn-new").click()
    wait(d, lambda: ["noise", "Noise nuisance"] in d.execute_script("return [...document.querySelectorAll('#n-category option')].map(o => [o.value, o.textContent])"))
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    toggle()
    assert not script_errors(d)

    # the administrator's panel, Chinese then English (an error next to a field in each)
    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    for lang, title, standard in [("zh-CN", "时限与类别", "标准"), ("en", "Deadlines & categories", "standard")]:
        if lang == "en":
            toggle()
        open_policy(d, world["station"])
        assert d.find_element(By.CSS_SELECTOR, "#adm-policy h4").text == title
        row = deadline_row(d, 2)
        assert row["setBy"] == world["city"] and row["src"] == (CITY if lang == "zh-CN" else CITY_EN), row
        assert deadline_row(d, 3)["src"] == standard
        retype(limit_input(d, 3, "feedback"), "-1")
        click(d, "#pol-save")
        wait(d, lambda: (field_error(d, '#pol-deadlines input[data-p="3"][data-step="feedback"]') or {}).get("text"))
        d.execute_script("document.querySelector('#adm-policy').scrollIntoView()")
        shot(d, f"policy-10-admin-{lang}.png")
        assert untranslated(d) == {"missing": [], "onPage": []}, lang
        click(d, "#pol-revert")
    assert d.find_element(By.ID, "pol-save").text == "Save deadlines & categories"
    toggle()
    wait(d, lambda: d.find_element(By.ID, "pol-save").text == "保存时限与类别")
    assert not script_errors(d)


def test_patrol_targets_are_set_and_the_rest_survives_a_save(driver, world):
    """The district sets its dynamic patrol targets in the panel (starting from those in force);
    what the district set over the API that the panel does not edit (a high-risk rule, alert
    limits, response targets) is still there after the save; the station inherits the targets."""
    d, admin, district = driver, world["admin"], world["district"]
    rule = {"id": "knife", "nameZh": "持刀", "nameEn": "Knife", "patterns": ["持刀"], "raiseTo": 1, "notify": True}
    targets = {"minMetRate": 0.85, "maxP90ArrivalSeconds": 1200, "maxOverdueFeedbackRate": 0.1, "minIncidents": 10}
    admin.call("PUT", f"/v1/jurisdictions/{district}/policy", {"version": policy(world, district)["version"], "highRiskRules": [rule],
                                                                "alertDeadlines": {"severe": {"acknowledgeSeconds": 120, "handleSeconds": 1800}},
                                                                "responseTargets": targets})
    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    open_policy(d, district)
    assert "3 分钟内可达" in d.find_element(By.ID, "pol-patrol-effective").text
    assert not d.find_element(By.CSS_SELECTOR, '#pol-patrol input[data-patrol="reach"]').is_enabled(), "inherited: nothing to type"
    click(d, "#pol-patrol-set")
    reach = d.find_element(By.CSS_SELECTOR, '#pol-patrol input[data-patrol="reach"]')
    assert reach.is_enabled() and reach.get_attribute("value") == "3", "set here starts from the targets in force"
    retype(reach, "0.1")
    click(d, "#pol-save")
    wait(d, lambda: (field_error(d, '#pol-patrol input[data-patrol="reach"]') or {}).get("text"), 10, "no error next to the reach")
    assert policy(world, district)["own"].get("patrolTargets") is None, "a refused save stores nothing"
    reach = d.find_element(By.CSS_SELECTOR, '#pol-patrol input[data-patrol="reach"]')
    retype(reach, "5")
    click(d, '#pol-patrol input[data-patrol="alerts"]')
    click(d, "#pol-save")
    saved(d)
    own = policy(world, district)["own"]
    assert own["patrolTargets"] == {"reachSeconds": 300, "minZoneShare": 0.8, "holdMinutes": 10, "alerts": True, "autoAcceptMoves": False}, own
    assert own["highRiskRules"][0]["id"] == "knife" and own["responseTargets"] == targets, own
    assert own["alertDeadlines"] == [{"severity": "severe", "acknowledgeSeconds": 120, "handleSeconds": 1800}], own
    station = policy(world, world["station"])["effective"]
    assert station["patrolTargets"]["reachSeconds"] == 300 and station["patrolTargetsSetBy"] == district, station
    shot(d, "policy-patrol-targets.png")
