"""Browser tests of what the console and the field page say, and how plainly (issue 16, part 6).

Countdowns read as time left or overdue with a unit ("到场 还剩 14分", "超时 3分"), never like a
clock time; ETAs with a unit ("3 分钟"); dates in one form per language ("12月4日 22:15",
"4 Dec 22:15") in the queue, the card, its timeline, the units panel, the messages panel, the
audit log and the field page; the top bar on one line at 1280 × 800 in Chinese and English; a
new incident needs a category chosen (the form says what is missing) and takes no more than the
server's limits (compared with /openapi.json); a field officer on an open incident calls the
caller with a tap (a tel: link); pending feedback comes from the server, so a phone whose storage
was cleared still offers the form. Shares conftest.py and e2e_support.py; screenshots go to out/.
"""
import json
import re
import time
import urllib.request

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e_support import ADMIN_PASSWORD, PASSWORD, Client, click, console_login, field_login, make_driver, script_errors, shot, takes_map, wait

STATION = {"lat": 31.2355, "lon": 121.4830}
SCENE = {"lat": 31.2350, "lon": 121.4808}        # East Nanjing Road, a few hundred metres from the station

# how times read, per language
DATE = {"zh-CN": r"(\d{4}年)?\d{1,2}月\d{1,2}日 \d\d:\d\d", "en": r"\d{1,2} [A-Z][a-z]{2,3}( \d{4})? \d\d:\d\d"}
SPAN = {"zh-CN": r"\d+(秒|分|小时|天)(\d+(分|小时))?", "en": r"\d+ (s|min|h|d)( \d+ (min|h))?"}
COUNTDOWN = {"zh-CN": rf"(还剩|超时) {SPAN['zh-CN']}", "en": rf"{SPAN['en']} (left|overdue)"}
ETA = {"zh-CN": r"\d+ (秒|分钟)|\d+ 小时( \d+ 分钟)?", "en": r"\d+ (s|min)|\d+ h( \d+ min)?"}
STEP = {"zh-CN": "(派警|到场|反馈)", "en": "(Dispatch|Arrive|Feedback)"}
CLOCK_LIKE = re.compile(r"\d:\d\d")             # "13:59", "00:03": what a countdown must not look like


@pytest.fixture(scope="module")
def world(server):
    """A station with two units, a dispatcher of the city, a field officer crewing the first unit,
    and a P1 incident whose one-minute dispatch limit runs out while the tests run."""
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "CSH", "name": "上海市公安局", "nameEn": "Shanghai PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "CHP", "name": "黄浦分局", "nameEn": "Huangpu"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "CHP01", "name": "南京东路派出所",
                                                       "nameEn": "East Nanjing Rd Station", "location": STATION})["id"]
    unit = admin.call("POST", "/v1/units", {"callsign": "CL-1", "kind": "patrolCar", "stationID": station, "crew": 2})["id"]
    spare = admin.call("POST", "/v1/units", {"callsign": "CL-2", "kind": "patrolCar", "stationID": station, "crew": 2})["id"]
    admin.call("POST", "/v1/users", {"username": "cdisp", "displayName": "调度员钱", "role": "dispatcher", "jurisdictionID": city, "password": PASSWORD})
    officer = admin.call("POST", "/v1/users", {"username": "cofficer", "displayName": "民警孙", "role": "fieldOfficer", "jurisdictionID": station,
                                               "unitID": unit, "password": PASSWORD})["id"]
    overdue = admin.call("POST", "/v1/incidents", {"category": "criminal", "priority": 1, "location": SCENE, "address": "南京东路超时测试",
                                                   "description": "派警时限 1 分钟", "jurisdictionID": station})
    return {"base": server, "admin": admin, "station": station, "unit": unit, "spare": spare, "officer": officer,
            "overdue": overdue, "overdue_at": time.time()}


@pytest.fixture(scope="module")
def desk():
    """A 1280 × 800 laptop screen: the narrowest the console is made for."""
    d = make_driver(1280, 800)
    yield d
    d.quit()


def helper(d, call):
    """`call` on the page's time-text.js module (the one the page uses, in its current language)."""
    return d.execute_async_script("""const done = arguments[arguments.length - 1];
        import('/js/time-text.js').then((m) => done(%s)).catch((e) => done('ERROR ' + e));""" % call)


def lang_of(d):
    return d.execute_script("return document.documentElement.lang")


def toggle_language(d, selector=".topbar .lang-toggle"):
    before = lang_of(d)
    click(d, selector)
    wait(d, lambda: lang_of(d) != before)


def text_of(d, css):
    """The shown text of every element matching `css`, read in one go (the pages redraw live)."""
    return d.execute_script("return [...document.querySelectorAll(arguments[0])].map((e) => e.innerText.trim())", css)


def no_script_errors(d):
    errors = script_errors(d)
    assert not errors, errors


# ---- the top bar -----------------------------------------------------------------------------

TOP_BAR = """
    const bar = document.querySelector('.topbar'), b = bar.getBoundingClientRect();
    const items = [...bar.children].filter((e) => e.offsetParent && e.getBoundingClientRect().width > 0).map((e) => {
      const r = e.getBoundingClientRect();
      return {name: e.id || e.className, top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
              overflows: e.scrollWidth > e.clientWidth + 1, text: e.textContent.trim(), title: e.title};
    });
    return {width: innerWidth, top: b.top, bottom: b.bottom, height: b.height, scroll: bar.scrollWidth, client: bar.clientWidth, items};"""


def check_top_bar(d, label):
    bar = d.execute_script(TOP_BAR)
    print(f"\nTOP BAR {label}: {bar['height']:.0f} px high; " + ", ".join(f"{i['name']} {i['left']:.0f}–{i['right']:.0f}" for i in bar["items"]))
    assert bar["width"] == 1280, bar["width"]
    assert bar["scroll"] <= bar["client"], f"{label}: the top bar scrolls sideways ({bar['scroll']} > {bar['client']})"
    assert bar["height"] <= 48, f"{label}: the top bar is {bar['height']} px high (wrapped?)"
    centres = [(i["top"] + i["bottom"]) / 2 for i in bar["items"]]
    assert max(centres) - min(centres) <= 4, f"{label}: not on one line: {[(i['name'], i['top'], i['bottom']) for i in bar['items']]}"
    for i in bar["items"]:
        assert bar["top"] <= i["top"] and i["bottom"] <= bar["bottom"] and i["right"] <= 1280, (label, i)
        assert i["height"] <= 34, f"{label}: {i['name']} wraps ({i['height']} px high)"
        # nothing spills out of its box; the user's name may be cut short, and then says itself in full on hover
        if i["name"] == "me":
            assert not i["overflows"] or i["title"], i
        else:
            assert not i["overflows"], f"{label}: {i['name']} ({i['text']!r}) spills out of its box"
    return bar


@pytest.mark.parametrize("user,password", [("admin", ADMIN_PASSWORD), ("cdisp", PASSWORD)])
def test_top_bar_is_one_line_at_1280(desk, world, user, password):
    d = desk
    console_login(d, world["base"], user, password)
    heights = {}
    for lang in ["zh-CN", "en"]:
        if lang_of(d) != lang:
            toggle_language(d)
        heights[lang] = check_top_bar(d, f"{user} {lang}")["height"]
        shot(d, f"clarity-01-topbar-{user}-{lang}.png")
    assert abs(heights["zh-CN"] - heights["en"]) <= 1, heights
    # the counts per status are still there, above the queue they filter
    assert "Received" in d.find_element(By.ID, "status-counts").text
    toggle_language(d)
    assert lang_of(d) == "zh-CN"
    no_script_errors(d)


# ---- the new-incident form -------------------------------------------------------------------

def schema_at(spec, schema):
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def max_length(spec, schema):
    schema = schema_at(spec, schema)
    if "maxLength" in schema:
        return schema["maxLength"]
    return next(max_length(spec, s) for s in schema.get("anyOf", []) + schema.get("oneOf", []) if "maxLength" in schema_at(spec, s))


def test_new_incident_needs_a_category_and_keeps_to_the_server_limits(desk, world):
    d, base, admin = desk, world["base"], world["admin"]
    console_login(d, base, "cdisp", PASSWORD)
    click(d, "#btn-new")
    wait(d, lambda: d.find_element(By.ID, "n-address").is_displayed())
    # the form's limits are the server's (POST /v1/incidents in /openapi.json)
    with urllib.request.urlopen(base + "/openapi.json") as r:
        spec = json.loads(r.read())
    body = schema_at(spec, spec["paths"]["/v1/incidents"]["post"]["requestBody"]["content"]["application/json"]["schema"])
    fields = {"n-address": "address", "n-caller": "callerName", "n-phone": "callerPhone", "n-desc": "description"}
    server = {el: max_length(spec, body["properties"][f]) for el, f in fields.items()}
    form = {el: int(d.find_element(By.ID, el).get_attribute("maxlength")) for el in fields}
    print(f"\nLIMITS: server {server}, form {form}")
    assert form == server
    assert "category" in body["required"] and "address" in body["required"]
    d.find_element(By.ID, "n-caller").send_keys("张" * (server["n-caller"] + 20))
    assert len(d.find_element(By.ID, "n-caller").get_attribute("value")) == server["n-caller"]
    d.find_element(By.ID, "n-caller").clear()
    d.find_element(By.ID, "n-caller").send_keys("赵六")

    # no category is chosen for the dispatcher
    category = Select(d.find_element(By.ID, "n-category"))
    assert category.first_selected_option.get_attribute("value") == "" and category.first_selected_option.text == "请选择类别…"
    before = admin.call("GET", "/v1/incidents?limit=1")["total"]
    click(d, "#n-submit")
    error = lambda: d.find_element(By.ID, "n-error").text
    wait(d, lambda: error().startswith("请补充："), msg="the submit did not say what is missing")
    assert "类别" in error() and "地址" in error() and "位置" in error(), error()
    assert d.find_element(By.ID, "n-category").get_attribute("aria-invalid") == "true"
    assert d.find_element(By.ID, "n-address").get_attribute("aria-invalid") == "true"
    shot(d, "clarity-02-form-missing.png")
    # an address and a location: only the category is missing now
    d.find_element(By.ID, "n-address").send_keys("南京东路步行街表单测试")
    ActionChains(d).move_to_element_with_offset(d.find_element(By.ID, "map"), 10, 10).click().perform()
    wait(d, lambda: d.find_element(By.ID, "n-loc").text != "—", msg="map click did not set the location")
    click(d, "#n-submit")
    wait(d, lambda: error() == "请补充：类别。", msg=f"the category was not named as missing: {error()!r}")
    assert d.execute_script("return document.activeElement.id") == "n-category"
    # a phone the server would refuse is named before sending
    Select(d.find_element(By.ID, "n-category")).select_by_value("publicOrder")
    d.find_element(By.ID, "n-phone").send_keys("138 0000 x")
    click(d, "#n-submit")
    wait(d, lambda: error() == "报警电话只能包含数字、空格、+ 和 -")
    assert admin.call("GET", "/v1/incidents?limit=1")["total"] == before, "an incident was created from an incomplete form"
    d.find_element(By.ID, "n-phone").clear()
    d.find_element(By.ID, "n-phone").send_keys("138 0000 1111")
    click(d, "#n-submit")
    wait(d, lambda: d.find_elements(By.ID, "card-status"), msg="the incident was not created")
    created = d.execute_script("const s = window.__pingan.state; return s.incidents.get(s.selectedID)")
    assert created["category"] == "publicOrder" and created["address"] == "南京东路步行街表单测试", created
    world["created"] = created["id"]
    # in English the form says the same
    click(d, "#btn-new")
    toggle_language(d)
    assert Select(d.find_element(By.ID, "n-category")).first_selected_option.text == "Choose a category…"
    click(d, "#n-submit")
    wait(d, lambda: error().startswith("Still missing: Category, Address"), msg=error())
    toggle_language(d)
    no_script_errors(d)


# ---- ETAs ------------------------------------------------------------------------------------

def test_etas_have_a_unit(desk, world):
    d, admin = desk, world["admin"]
    for lang in ["zh-CN", "en"]:   # the helper every ETA goes through, in the page
        if lang_of(d) != lang:
            toggle_language(d)
        said = helper(d, "[m.eta(45), m.eta(180), m.eta(3900)]")
        assert said == (["45 秒", "3 分钟", "1 小时 5 分钟"] if lang == "zh-CN" else ["45 s", "3 min", "1 h 5 min"]), said
    toggle_language(d)
    if not takes_map():
        pytest.skip("this build of pingan takes no road network")
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    admin.call("POST", "/v1/positions", {"fixes": [{"unitID": world["spare"], "time": now, "lat": 31.2338, "lon": 121.4760, "heading": 90, "speed": 5}]})
    incident = admin.call("POST", "/v1/incidents", {"category": "publicOrder", "priority": 2, "location": SCENE, "address": "南京东路预计到达测试",
                                                    "description": "有人滋事", "jurisdictionID": world["station"]})["id"]
    console_login(d, world["base"], "cdisp", PASSWORD)
    wait(d, lambda: "南京东路预计到达测试" in d.find_element(By.ID, "queue").text)
    d.find_element(By.XPATH, "//div[contains(@class,'row')][.//span[contains(.,'南京东路预计到达测试')]]").click()
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#card-recs .rec-row .eta"), 15, "no recommendations")
    etas = text_of(d, "#card-recs .rec-row .eta")
    print(f"\nRECOMMENDED ETAS: {etas}")
    assert etas and all(re.fullmatch(ETA["zh-CN"], e) for e in etas), etas
    admin.call("POST", f"/v1/incidents/{incident}/dispatch", {"unitIDs": [world["spare"]]})
    shown = lambda: d.find_element(By.CSS_SELECTOR, f'#card-units [data-eta="{world["spare"]}"]').text
    wait(d, lambda: re.fullmatch(rf"预计 ({ETA['zh-CN']})后到达", shown()), 15, "no ETA with a unit on the dispatched unit")
    print(f"CARD ETA: {shown()}")
    shot(d, "clarity-03-eta.png")
    no_script_errors(d)


# ---- the field page: calling the caller, pending feedback from the server ----------------------

def work_to_resolved(officer, incident):
    """The officer's own REST calls: en route, on scene, resolved."""
    for status in ["enRoute", "onScene", "resolved"]:
        officer.call("POST", f"/v1/incidents/{incident}/transition", {"status": status})


def test_field_officer_calls_the_caller(phone, world):
    d, admin = phone, world["admin"]
    incident = admin.call("POST", "/v1/incidents", {"category": "dispute", "priority": 2, "location": SCENE, "address": "南京东路回拨测试",
                                                    "description": "报警人称有人争吵", "jurisdictionID": world["station"],
                                                    "callerName": "王五", "callerPhone": "139 1111 2222"})["id"]
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    admin.call("POST", "/v1/positions", {"fixes": [{"unitID": world["unit"], "time": now, "lat": 31.2338, "lon": 121.4760, "heading": 90, "speed": 5}]})
    admin.call("POST", f"/v1/incidents/{incident}/dispatch", {"unitIDs": [world["unit"]]})
    world["called"] = incident
    field_login(d, world["base"], "cofficer")
    wait(d, lambda: d.find_element(By.ID, "task-address").text == "南京东路回拨测试", 15, "no assignment")
    # the crew of a unit on the open incident reads the caller in full and calls with a tap
    call = lambda: d.find_element(By.ID, "task-call")
    wait(d, lambda: call().get_attribute("href") == "tel:13911112222", 10, "no tel: link for the caller")
    # (the card is redrawn by live updates: each look is made afresh until it holds)
    wait(d, lambda: "139 1111 2222" in call().text and "王五" in d.find_element(By.ID, "task-card").text, 10, "the caller is not on the card")
    wait(d, lambda: call().size["height"] >= 44, 10, "the call link is smaller than a thumb's target")
    officer = Client(world["base"]).login("cofficer", PASSWORD)
    assert officer.call("GET", f"/v1/incidents/{incident}")["caller"]["phone"] == "139 1111 2222"
    # and the read is in the audit log, by the officer
    reads = [e for e in admin.call("GET", f"/v1/audit?subject={incident}&limit=50")["items"] if e["type"] == "personalData.read"]
    assert any((e.get("actor") or {}).get("id") == world["officer"] for e in reads), reads
    # times on the card: the deadline's countdown with a unit, the call's date in the one format
    # (the card is redrawn by live updates, so each text is read afresh until it holds)
    due = lambda: fresh_text(d, By.ID, "due")
    wait(d, lambda: re.fullmatch(COUNTDOWN["zh-CN"], due()) and not CLOCK_LIKE.search(due()), 10, f"countdown: {due()}")
    received = lambda: fresh_text(d, By.XPATH, "//dl[@class='kv']/dt[.='接警']/following-sibling::dd[1]")
    wait(d, lambda: re.fullmatch(DATE["zh-CN"], received()), 10, f"received: {received()}")
    if takes_map():
        wait(d, lambda: d.find_element(By.ID, "route-info").is_displayed(), 15, "no route")
        wait(d, lambda: re.fullmatch(ETA["zh-CN"], fresh_text(d, By.ID, "route-eta")), 10, f"eta: {fresh_text(d, By.ID, 'route-eta')}")
    shot(d, "clarity-04-field-call.png")
    # a masked number (a resolved incident, an older server) is shown without a link
    work_to_resolved(officer, incident)
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#feedback form[data-id="{incident}"]'), 15, "no feedback form after resolving")
    assert not d.find_elements(By.ID, "task-call")
    no_script_errors(d)


def steady(read, tries=5):
    """`read()` again when a redraw replaced an element it held (countdowns redraw every second)."""
    for attempt in range(tries):
        try:
            return read()
        except StaleElementReferenceException:
            if attempt == tries - 1:
                raise
            time.sleep(0.2)


def fresh_text(d, by, what):
    """An element's text, or '' while a redraw has replaced it."""
    try:
        return d.find_element(by, what).text
    except (StaleElementReferenceException, NoSuchElementException):
        return ""


def test_pending_feedback_survives_cleared_storage(phone, world):
    d, admin, unit = phone, world["admin"], world["unit"]
    officer = Client(world["base"]).login("cofficer", PASSWORD)
    first = world["called"]          # resolved above, still waiting for feedback
    second = admin.call("POST", "/v1/incidents", {"category": "traffic", "priority": 3, "location": SCENE, "address": "南京东路待反馈测试",
                                                  "description": "两车剐蹭", "jurisdictionID": world["station"]})["id"]
    admin.call("POST", f"/v1/incidents/{second}/dispatch", {"unitIDs": [unit]})
    work_to_resolved(officer, second)
    listed = [i["id"] for i in officer.call("GET", "/v1/me/pending-feedback")]
    assert listed == [first, second], listed
    # storage cleared (field_login clears it), signed in again: the server still says what waits
    field_login(d, world["base"], "cofficer")
    forms = lambda: [f.get_attribute("data-id") for f in d.find_elements(By.CSS_SELECTOR, "#feedback form[data-id]")]
    wait(d, lambda: forms() == [first, second], 15, f"the pending feedback was not offered after storage was cleared: {forms()}")
    assert not d.execute_script("return Object.keys(localStorage).filter((k) => k.startsWith('pingan.field.pending'))")
    hint = d.find_element(By.CSS_SELECTOR, f'#feedback form[data-id="{second}"] .hint').text
    assert "南京东路待反馈测试" in hint and re.search(DATE["zh-CN"], hint), hint
    shot(d, "clarity-05-pending-feedback.png")
    # close the first: the second stays, also after another reload with the storage cleared
    form = f'#feedback form[data-id="{first}"]'
    Select(d.find_element(By.CSS_SELECTOR, f"{form} .fb-outcome")).select_by_value("mediated")
    d.find_element(By.CSS_SELECTOR, f"{form} .fb-summary").send_keys("已电话回访报警人，双方和解")
    click(d, f"{form} .fb-send")
    wait(d, lambda: admin.call("GET", f"/v1/incidents/{first}")["status"] == "closed", 10, "the feedback did not close the incident")
    wait(d, lambda: forms() == [second], 10)
    d.execute_script("localStorage.clear()")
    d.refresh()
    wait(d, lambda: d.find_element(By.ID, "app").is_displayed() and forms() == [second], 15, "the remaining pending feedback was not offered")
    no_script_errors(d)


# ---- countdowns and dates on the console (last: the P1's dispatch limit has run out by now) ---

def test_countdowns_and_dates_read_plainly(desk, world):
    d, admin = desk, world["admin"]
    # the P1 of the fixture was due for dispatch one minute after it was taken
    time.sleep(max(0, world["overdue_at"] + 62 - time.time()))
    # a message sent, for the messages panel's dates
    Client(world["base"]).login("cdisp", PASSWORD).call("POST", "/v1/messages", {"unitID": world["spare"], "text": "请到南京东路口待命"})
    console_login(d, world["base"], "cdisp", PASSWORD)
    overdue_number = world["overdue"]["number"]
    for lang in ["zh-CN", "en"]:
        if lang_of(d) != lang:
            toggle_language(d)
        helpers = helper(d, "[m.countdown(839e3), m.countdown(45e3), m.countdown(-200e3), m.dateTime(new Date(new Date().getFullYear(), 11, 4, 22, 15))]")
        assert helpers == (["还剩 14分", "还剩 45秒", "超时 3分", "12月4日 22:15"] if lang == "zh-CN"
                           else ["14 min left", "45 s left", "3 min overdue", "4 Dec 22:15"]), helpers
        # the queue: each countdown says its step, then time left or overdue with a unit
        wait(d, lambda: overdue_number in d.find_element(By.ID, "queue").text)
        dues = text_of(d, "#queue .row:not([hidden]) .due")
        print(f"\nQUEUE COUNTDOWNS ({lang}): {dues}")
        assert dues and all(re.fullmatch(rf"{STEP[lang]} ({COUNTDOWN[lang]})", x) and not CLOCK_LIKE.search(x) for x in dues), dues
        # (the queue and the card are redrawn as their countdowns tick: a read that meets a
        # replaced element is simply made again)
        def overdue_row():
            row = d.find_element(By.XPATH, f"//div[contains(@class,'row')][.//span[.='{overdue_number}']]")
            over = row.find_element(By.CSS_SELECTOR, ".due")
            assert "overdue" in over.get_attribute("class") and ("超时" in over.text if lang == "zh-CN" else "overdue" in over.text), over.text
            return row
        steady(overdue_row)
        dates = text_of(d, "#queue .row:not([hidden]) .at")
        assert dates and all(re.fullmatch(DATE[lang], x) for x in dates), dates
        # the card: countdowns, the call's date, the timeline
        steady(lambda: overdue_row().click())
        wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#card .deadlines .due"))
        card_dues = text_of(d, "#card .deadlines .due")
        assert card_dues and all(re.fullmatch(COUNTDOWN[lang], x) for x in card_dues), card_dues
        received = steady(lambda: d.find_element(By.XPATH, "//div[@id='card']//dl/dd[5]").text)
        assert re.fullmatch(DATE[lang], received), received
        times = text_of(d, "#card .timeline time")
        assert times and all(re.fullmatch(DATE[lang], x) for x in times), times
        shot(d, f"clarity-06-countdowns-{lang}.png")
        # the units panel: time in status with a unit
        click(d, '.tab[data-tab="units"]')
        wait(d, lambda: text_of(d, "#units .since"))
        since = text_of(d, "#units .since")
        assert all(re.fullmatch(SPAN[lang], x) for x in since), since
        # the messages panel: when it was sent
        click(d, '.tab[data-tab="messages"]')
        wait(d, lambda: text_of(d, "#messages .bc-head time"), 10, "no message in the panel")
        sent = text_of(d, "#messages .bc-head time")
        assert all(re.fullmatch(DATE[lang], x) for x in sent), sent
        click(d, '.tab[data-tab="card"]')
    toggle_language(d)
    no_script_errors(d)
    # the audit log, as the administrator
    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    click(d, '.view-tab[data-view="audit"]')
    wait(d, lambda: text_of(d, "#audit-rows tr td.loc:first-child"), 15, "the audit log did not load")
    at = text_of(d, "#audit-rows tr td.loc:first-child")
    assert all(re.fullmatch(DATE["zh-CN"], x) for x in at), at[:5]
    click(d, "#audit-rows tr")
    detail = d.find_element(By.ID, "audit").text
    assert re.search(r"\d{1,2}月\d{1,2}日 \d\d:\d\d:\d\d", detail), detail[:300]
    shot(d, "clarity-07-audit.png")
    no_script_errors(d)
