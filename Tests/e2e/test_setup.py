"""Browser end-to-end tests of setting up an empty deployment from the console alone.

On a deployment with nothing in it but the administrator (and the road map), the administrator
signs in and follows the guided setup, with no REST call from the test: names the city, adds a
district, draws a station's area by clicking the map, places the station and a post, adds a unit
and a dispatcher (whose one-time password the guide shows once, with a copy button), creates the
first incident by clicking inside the area and dispatches the unit from its card. An incident
outside every area is then refused with the translated `outside_jurisdiction` message. In the
administration's import section a units file with bad rows shows them by line and stores nothing;
a users file is checked (dry run), imported (its one-time password shown once) and re-checked
(unchanged); the imported user's first sign-in asks for a new password before anything else, and
the user menu changes it again. Both languages, no untranslated keys, no script errors. Shares the
throwaway server fixture (an empty data directory) and helpers with the other files.
"""
import json
import time

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from e2e_support import ADMIN_PASSWORD, OUT, click, console_login, downloaded, script_errors, shot, untranslated, wait

# the station's area, as offsets (CSS px) from the map canvas's centre: right of the guide panel
AREA = [(40, -80), (260, -80), (260, 160), (40, 160)]
INSIDE_STATION = (150, 20)
INSIDE_POST = (90, 120)
INSIDE_INCIDENT = (200, 60)
NEW_PASSWORD = "my-own-password-1"
OUTSIDE_ZH = "该位置不在任何派出所辖区内"


def js(d, script, *args):
    return d.execute_script(script, *args)


def current_step(d):
    return d.find_element(By.CSS_SELECTOR, '#setup-guide .sg-step[aria-current="step"]').get_attribute("data-step") \
        if d.find_elements(By.CSS_SELECTOR, '#setup-guide .sg-step[aria-current="step"]') else None


def wait_step(d, step, timeout=15):
    try:
        wait(d, lambda: current_step(d) == step, timeout)
    except TimeoutException:
        notes = js(d, "return [...document.querySelectorAll('#setup-guide [data-note]')].map(e => e.textContent).filter(Boolean)")
        raise AssertionError(f"the guide did not move to {step} (at {current_step(d)}; notes: {notes})") from None


def fill(d, css, text):
    el = d.find_element(By.CSS_SELECTOR, css)
    el.send_keys(Keys.CONTROL, "a")
    el.send_keys(Keys.DELETE)
    el.send_keys(text)


def map_click(d, dx, dy):
    ActionChains(d).move_to_element_with_offset(d.find_element(By.ID, "map"), dx, dy).click().perform()


def settled(d):
    wait(d, lambda: js(d, "const m = window.__pingan.map; return !m.anim && !m.vel"), msg="the map did not settle")


def jurisdiction(d, code):
    return js(d, "return [...window.__pingan.state.jurisdictions.values()].find(j => j.code === arguments[0]) || null", code)


def note(d, step):
    """The guide's note under a step (read in the page: the guide redraws as data arrives)."""
    return js(d, "return document.querySelector(`#setup-guide [data-note=\"${arguments[0]}\"]`)?.textContent || ''", step)


def logout(d):
    click(d, "#btn-logout")
    wait(d, lambda: d.find_element(By.ID, "login").is_displayed(), msg="did not sign out")


def sign_in(d, base, username, password):
    """Signs in through the form (a clean storage), without waiting for the console."""
    d.get(base + "/")
    d.execute_script("sessionStorage.clear(); localStorage.clear();")
    d.get(base + "/")
    wait(d, lambda: d.find_element(By.ID, "login").is_displayed())
    d.find_element(By.ID, "login-user").send_keys(username)
    d.find_element(By.ID, "login-pass").send_keys(password)
    d.find_element(By.ID, "login-submit").click()


def console_open(d):
    wait(d, lambda: d.find_element(By.ID, "app").is_displayed(), 15, msg="console did not open")
    wait(d, lambda: js(d, "return window.__pingan.marks.data != null"), 15, msg="snapshot did not load")


@pytest.fixture(scope="module")
def base(server):
    return server


@pytest.fixture(scope="module")
def found(base):
    """What the tests learn as they go (the test file's steps build on each other)."""
    return {}


# ---- tests (in file order: they share one browser and one empty server) ----------------------

def test_guided_setup_to_a_dispatched_incident(driver, base, found):
    d = driver
    console_login(d, base, "admin", ADMIN_PASSWORD)
    wait(d, lambda: d.find_element(By.ID, "setup-guide").is_displayed(), msg="the guide did not open on an empty deployment")
    wait_step(d, "city")
    assert d.find_element(By.ID, "sg-title").text == "平安系统设置向导"
    assert d.find_element(By.ID, "sg-progress").text == "已完成 0/7"
    shot(d, "setup-01-empty.png")

    # 1. the city (an empty name is refused in the guide, before any request)
    click(d, "#sg-city-create")
    assert "名称" in note(d, "city") and "invalid" in d.find_element(By.ID, "sg-city-name").get_attribute("class")
    fill(d, "#sg-city-name", "测试市公安局")
    fill(d, "#sg-city-nameEn", "Test City PSB")
    fill(d, "#sg-city-code", "TC")
    click(d, "#sg-city-create")
    wait_step(d, "districts")
    assert jurisdiction(d, "TC")["level"] == "city"

    # 2. a district, without an area
    fill(d, "#sg-district-name", "测试分局")
    fill(d, "#sg-district-code", "TC1")
    click(d, "#sg-district-plain")
    wait_step(d, "stations")

    # 3. a station's area drawn on the map: clicks add vertices, "finish" creates the station with it
    fill(d, "#sg-station-name", "测试派出所")
    fill(d, "#sg-station-nameEn", "Test Station")
    fill(d, "#sg-station-code", "TC01")
    settled(d)
    click(d, "#sg-station-draw")
    wait(d, lambda: d.find_element(By.ID, "draw-hint").is_displayed(), msg="no drawing hint on the map")
    for dx, dy in AREA:
        map_click(d, dx, dy)
    wait(d, lambda: js(d, "return window.__pingan.map.drawing?.pts.length") == 4, msg="vertices not added")
    assert d.find_element(By.CSS_SELECTOR, "#setup-guide .sg-drawbar .count").text == "已添加 4 个顶点"
    expected = js(d, "return window.__pingan.map.drawing.pts")
    # the clicks landed where they were aimed (within a pixel)
    aimed = js(d, """const m = window.__pingan.map, r = m.canvas.getBoundingClientRect();
        return arguments[0].map(([dx, dy]) => m.toLatLon(r.width / 2 + dx, r.height / 2 + dy));""", AREA)
    for p, q in zip(expected, aimed):
        assert abs(p["lat"] - q["lat"]) < 5e-4 and abs(p["lon"] - q["lon"]) < 5e-4, (expected, aimed)
    shot(d, "setup-02-drawing.png")
    click(d, "#sg-finish")
    wait_step(d, "places")
    station = jurisdiction(d, "TC01")
    assert station["level"] == "station" and station["area"]["type"] == "Polygon", station
    ring = station["area"]["coordinates"][0]
    assert len(ring) in (4, 5), ring   # closed or not, as the server keeps it
    for (lon, lat), p in zip(ring, expected):
        assert abs(lat - p["lat"]) < 1e-7 and abs(lon - p["lon"]) < 1e-7, (ring, expected)
    assert not d.find_element(By.ID, "draw-hint").is_displayed()
    # the console map outlines the station's area with its name
    wait(d, lambda: js(d, "return window.__pingan.map.areaShapes().map(a => a.j.code)") == ["TC01"], msg="the area is not on the map")

    # 4. a post, then the station, each placed with one click
    fill(d, "#sg-post-name", "测试警务站")
    click(d, "#sg-post-place")
    wait(d, lambda: d.find_element(By.ID, "draw-hint").is_displayed())
    map_click(d, *INSIDE_POST)
    wait(d, lambda: js(d, "return [...window.__pingan.state.posts.values()].some(p => p.name === '测试警务站')"), msg="the post was not added")
    post = js(d, "return [...window.__pingan.state.posts.values()].find(p => p.name === '测试警务站')")
    assert post["stationID"] == station["id"] and post["kind"] == "streetPost", post
    click(d, "#sg-place-TC01")
    map_click(d, *INSIDE_STATION)
    wait_step(d, "units")
    assert jurisdiction(d, "TC01")["location"], "the station was not placed"

    # 5. a unit
    fill(d, "#sg-unit-callsign", "TC-1")
    assert Select(d.find_element(By.ID, "sg-unit-station")).first_selected_option.text == "测试派出所"
    click(d, "#sg-unit-add")
    wait_step(d, "users")
    unit = js(d, "return [...window.__pingan.state.units.values()].find(u => u.callsign === 'TC-1')")
    assert unit["stationID"] == station["id"] and unit["status"] == "available", unit

    # 6. a dispatcher of the city: its one-time password is shown once, with a copy button
    fill(d, "#sg-user-username", "tcdisp")
    fill(d, "#sg-user-displayName", "调度员测")
    assert Select(d.find_element(By.ID, "sg-user-role")).first_selected_option.get_attribute("value") == "dispatcher"
    click(d, "#sg-user-add")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#setup-guide #imp-passwords tr[data-username="tcdisp"]'), 15,
         msg=f"no one-time password shown ({note(d, 'users')})")
    found["tcdisp"] = d.find_element(By.CSS_SELECTOR, '#setup-guide #imp-passwords tr[data-username="tcdisp"] code.pw').text
    assert len(found["tcdisp"]) >= 10
    copy = d.find_element(By.CSS_SELECTOR, '#setup-guide #imp-passwords tr[data-username="tcdisp"] button.copy')
    copy.click()
    wait(d, lambda: copy.text in ("已复制", "复制失败，请手动选中复制"))
    shot(d, "setup-03-password.png")
    wait_step(d, "incident")

    # 7. the first incident, by clicking inside the station's area, then dispatching the unit
    click(d, "#sg-incident")
    wait(d, lambda: d.find_element(By.ID, "n-form").is_displayed(), msg="the new-incident form did not open")
    settled(d)
    map_click(d, *INSIDE_INCIDENT)
    Select(d.find_element(By.ID, "n-category")).select_by_value("publicOrder")
    fill(d, "#n-address", "测试路1号")
    click(d, "#n-submit")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#card .card[data-id]"), 15,
         msg="the incident was not created")
    incident = js(d, "return window.__pingan.state.incidents.get(document.querySelector('#card .card').dataset.id)")
    assert incident["jurisdictionID"] == station["id"], incident
    found["incidents"] = 1
    click(d, '#card [data-act="assign"]')
    Select(d.find_element(By.ID, "as-unit")).select_by_value(unit["id"])
    click(d, "#as-send")
    wait(d, lambda: d.find_element(By.ID, "card-status").get_attribute("data-status") == "dispatched", 15, msg="not dispatched")
    wait(d, lambda: d.find_elements(By.ID, "sg-complete"), 15, msg="the guide did not finish")
    assert d.find_element(By.ID, "sg-progress").text == "已完成 7/7"
    shot(d, "setup-04-complete.png")
    assert not script_errors(d)


def test_an_incident_outside_every_area_is_refused(driver, base, found):
    d = driver
    click(d, "#btn-new")
    wait(d, lambda: d.find_element(By.ID, "n-form").is_displayed())
    # 30 km north of the station: no area there and no station within the allowed distance
    js(d, "const m = window.__pingan.map; m.anim = null; m.vel = null; [m.cx, m.cy] = m.toWorld(31.50, 121.47); m.zoom = 13; m.viewChanged();")
    map_click(d, 150, 0)
    Select(d.find_element(By.ID, "n-category")).select_by_value("publicOrder")
    fill(d, "#n-address", "远郊某处")
    click(d, "#n-submit")
    wait(d, lambda: d.find_element(By.ID, "n-error").text, 15, msg="no answer to the new incident")
    err = d.find_element(By.ID, "n-error")
    print(f"\nOUTSIDE: {err.text!r}")
    assert err.get_attribute("data-code") == "outside_jurisdiction", err.text
    assert err.text.startswith(OUTSIDE_ZH), err.text
    shot(d, "setup-05-outside.png")
    time.sleep(1)
    assert js(d, "return [...window.__pingan.state.incidents.values()].filter(i => !i._synthetic).length") == found["incidents"]
    # in English, the same refusal in English
    d.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
    wait(d, lambda: d.find_element(By.ID, "n-submit").text == "Create")
    click(d, "#n-submit")
    wait(d, lambda: d.find_element(By.ID, "n-error").text.startswith("This location is outside every station"), 15, msg="not in English")
    d.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
    click(d, '#card [data-act="close"]')
    assert not script_errors(d)


def open_import(d):
    click(d, '.view-tab[data-view="admin"]')
    click(d, '.adm-tab[data-section="import"]')
    wait(d, lambda: d.find_element(By.ID, "adm-import").is_displayed(), msg="no import section")


def choose(d, section, name, text):
    path = OUT / name
    path.write_text(text, encoding="utf-8")
    d.find_element(By.ID, f"imp-file-{section}").send_keys(str(path))
    wait(d, lambda: name in d.find_element(By.CSS_SELECTOR, f'#imp tr[data-sec="{section}"] .fname').text, msg="file not taken")


def result(d):
    """The kind of answer the import section shows (dry, applied, invalid, error), once it shows one."""
    wait(d, lambda: d.find_element(By.ID, "imp-result").get_attribute("data-kind"), 15, msg="the import did not answer")
    return d.find_element(By.ID, "imp-result").get_attribute("data-kind")


def test_import_with_bad_rows_shows_the_lines_and_stores_nothing(driver, base, found):
    d = driver
    open_import(d)
    assert [b.get_attribute("data-section") for b in d.find_elements(By.CSS_SELECTOR, ".adm-tab")][-1] == "import"
    units_before = js(d, "return window.__pingan.state.units.size")
    choose(d, "units", "setup-units-bad.csv",
           "callsign,kind,station,crew\nTC-2,patrolCar,TC01,2\nTC-3,spaceship,TC01,2\nTC-4,footPatrol,NOPE,1\n")
    assert d.find_element(By.ID, "imp-apply").get_attribute("disabled"), "import before a dry run"
    click(d, "#imp-check")
    assert result(d) == "invalid", d.find_element(By.ID, "imp-result").text
    rows = js(d, """return [...document.querySelectorAll('#imp-result .imp-errors tbody tr')].map(tr =>
        [tr.dataset.section, tr.dataset.line, tr.querySelector('.line').textContent, tr.cells[3].textContent])""")
    print(f"\nBAD ROWS: {rows}")
    assert {r[1] for r in rows} == {"3", "4"} and all(r[0] == "units" for r in rows), rows
    assert [r[2] for r in rows] == ["3", "4"], rows
    assert "未保存任何内容" in d.find_element(By.CSS_SELECTOR, "#imp-result .error").text
    assert d.find_element(By.ID, "imp-apply").get_attribute("disabled")
    shot(d, "setup-06-import-bad.png")
    time.sleep(1)
    assert js(d, "return window.__pingan.state.units.size") == units_before
    assert not js(d, "return [...window.__pingan.state.units.values()].some(u => u.callsign === 'TC-2')"), "a unit of a refused import was stored"
    click(d, '#imp button[data-act="forget"][data-sec="units"]')
    assert not script_errors(d)


def exported(d, section):
    """Clicks the section's download button and returns (file name, text) of what it would save."""
    return downloaded(d, f"#imp-export-{section}")


def test_export_then_import_the_same_changes_nothing(driver, base, found):
    d = driver
    open_import(d)
    name, text = exported(d, "units")
    assert name == "pingan-units.csv", name
    assert text.splitlines()[0] == "callsign,kind,station,crew" and "TC-1,patrolCar,TC01,2" in text, text
    name, text = exported(d, "jurisdictions")
    assert name == "pingan-jurisdictions.geojson", name
    features = {f["properties"]["code"]: f for f in json.loads(text)["features"]}
    assert features["TC01"]["geometry"]["type"] == "Polygon" and features["TC01"]["properties"]["parent"] == "TC1", features["TC01"]
    choose(d, "jurisdictions", "setup-jurisdictions.geojson", text)
    click(d, "#imp-check")
    assert result(d) == "dry", d.find_element(By.ID, "imp-result").text
    counts = js(d, "const r = document.querySelector('#imp-result tr[data-section=\"jurisdictions\"]'); return [r.querySelector('.c').textContent, r.querySelector('.u').textContent, r.querySelector('.n').textContent]")
    assert counts == ["0", "0", str(len(features))], counts
    click(d, '#imp button[data-act="forget"][data-sec="jurisdictions"]')
    assert not script_errors(d)


def test_import_users_then_their_first_sign_in_changes_the_password(driver, base, found):
    d = driver
    open_import(d)
    users = "username,displayName,role,jurisdiction,unit\ntcfield,外勤测,fieldOfficer,TC01,TC-1\n"
    choose(d, "users", "setup-users.csv", users)
    click(d, "#imp-check")
    assert result(d) == "dry", d.find_element(By.ID, "imp-result").text
    counts = js(d, "const r = document.querySelector('#imp-result tr[data-section=\"users\"]'); return r && [r.querySelector('.c').textContent, r.querySelector('.u').textContent, r.querySelector('.n').textContent]")
    assert counts == ["1", "0", "0"], counts
    assert not js(d, "return [...window.__pingan.state.users.values()].some(u => u.username === 'tcfield')"), "a dry run stored the user"
    click(d, "#imp-apply")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, '#adm-import #imp-passwords tr[data-username="tcfield"]'), 15, msg="no one-time password")
    assert d.find_element(By.ID, "imp-result").get_attribute("data-kind") == "applied"
    password = d.find_element(By.CSS_SELECTOR, '#adm-import #imp-passwords tr[data-username="tcfield"] code.pw').text
    shot(d, "setup-07-import-passwords.png")
    # once: leaving the section forgets them
    click(d, '.adm-tab[data-section="users"]')
    open_import(d)
    assert not d.find_elements(By.CSS_SELECTOR, "#adm-import #imp-passwords")
    # the same file again changes nothing
    choose(d, "users", "setup-users.csv", users)
    click(d, "#imp-check")
    assert result(d) == "dry"
    counts = js(d, "const r = document.querySelector('#imp-result tr[data-section=\"users\"]'); return [r.querySelector('.c').textContent, r.querySelector('.u').textContent, r.querySelector('.n').textContent]")
    assert counts == ["0", "0", "1"], counts
    assert not script_errors(d)

    # the imported user's first sign-in: a new password before anything else
    logout(d)
    sign_in(d, base, "tcfield", password)
    wait(d, lambda: d.find_elements(By.ID, "pw-change") and d.find_element(By.ID, "pw-change").is_displayed(), 15, msg="no password form")
    assert not d.find_element(By.ID, "app").is_displayed()
    assert d.find_element(By.CSS_SELECTOR, "#pw-change h1").text == "设置您的密码"
    assert not d.find_elements(By.ID, "pw-current"), "the one-time password is asked again"
    d.find_element(By.ID, "pw-new").send_keys("short")
    d.find_element(By.ID, "pw-again").send_keys("short")
    click(d, "#pw-submit")
    wait(d, lambda: "至少需要 10 个字符" in d.find_element(By.ID, "pw-error").text)
    fill(d, "#pw-new", NEW_PASSWORD)
    fill(d, "#pw-again", NEW_PASSWORD + "x")
    click(d, "#pw-submit")
    wait(d, lambda: "不一致" in d.find_element(By.ID, "pw-error").text)
    fill(d, "#pw-again", NEW_PASSWORD)
    shot(d, "setup-08-first-sign-in.png")
    click(d, "#pw-submit")
    console_open(d)
    assert not d.find_elements(By.ID, "pw-change")
    assert "外勤测" in d.find_element(By.ID, "me").text
    assert not d.find_element(By.ID, "setup-guide").is_displayed(), "a field officer has no setup guide"

    # the user menu: change it again (the current password is asked for and checked)
    click(d, "#me")
    assert [b.get_attribute("data-item") for b in d.find_elements(By.CSS_SELECTOR, "#user-menu [data-item]")] == ["password"]
    click(d, "#menu-password")
    wait(d, lambda: d.find_element(By.ID, "pw-current").is_displayed())
    d.find_element(By.ID, "pw-current").send_keys("not-my-password")
    d.find_element(By.ID, "pw-new").send_keys(NEW_PASSWORD + "2")
    d.find_element(By.ID, "pw-again").send_keys(NEW_PASSWORD + "2")
    click(d, "#pw-submit")
    wait(d, lambda: d.find_element(By.ID, "pw-error").text, 15)
    assert d.find_element(By.ID, "pw-error").text == "当前密码不正确", d.find_element(By.ID, "pw-error").text
    assert d.find_element(By.ID, "app").is_displayed(), "a wrong current password ended the session"
    fill(d, "#pw-current", NEW_PASSWORD)
    click(d, "#pw-submit")
    wait(d, lambda: not d.find_elements(By.ID, "pw-change"), 15, msg="the password was not changed")
    logout(d)
    sign_in(d, base, "tcfield", NEW_PASSWORD + "2")
    console_open(d)
    assert not d.find_elements(By.ID, "pw-change"), "asked again after the change"
    assert not script_errors(d)


def test_guide_and_import_in_both_languages(driver, base, found):
    d = driver
    # the dispatcher added by the guide signs in for the first time too: the same form
    sign_in(d, base, "tcdisp", found["tcdisp"])
    wait(d, lambda: d.find_elements(By.ID, "pw-change"), 15, msg="no password form for the guide's dispatcher")
    d.find_element(By.ID, "pw-new").send_keys(NEW_PASSWORD)
    d.find_element(By.ID, "pw-again").send_keys(NEW_PASSWORD)
    click(d, "#pw-submit")
    console_open(d)
    logout(d)

    console_login(d, base, "admin", ADMIN_PASSWORD)
    # set up: the guide stays closed; the user menu opens it, every step done
    assert not d.find_element(By.ID, "setup-guide").is_displayed()
    click(d, "#me")
    assert [b.get_attribute("data-item") for b in d.find_elements(By.CSS_SELECTOR, "#user-menu [data-item]")] == ["password", "setup"]
    click(d, "#menu-setup")
    wait(d, lambda: d.find_element(By.ID, "setup-guide").is_displayed())
    states = js(d, "return [...document.querySelectorAll('#setup-guide .sg-step')].map(li => li.dataset.state)")
    assert states == ["done"] * 7, states
    for lang, title in [("en", "Set up Pingan"), ("zh-CN", "平安系统设置向导")]:
        if js(d, "return document.documentElement.lang") != lang:
            d.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
        wait(d, lambda: d.find_element(By.ID, "sg-title").text == title)
        click(d, '#setup-guide .sg-head[data-step="stations"]')
        shot(d, f"setup-09-guide-{lang}.png")
        open_import(d)
        shot(d, f"setup-10-import-{lang}.png")
        problems = untranslated(d, ".topbar, #admin, #setup-guide")
        assert not problems["missing"] and not problems["onPage"], problems
        click(d, '.view-tab[data-view="dispatch"]')
    # a station's area in the administration: redraw is offered, clearing too
    click(d, '.view-tab[data-view="admin"]')
    click(d, '.adm-tab[data-section="stations"]')
    station = jurisdiction(d, "TC01")
    click(d, f'#adm-list [data-id="{station["id"]}"]')
    wait(d, lambda: d.find_element(By.ID, "adm-area-state").text == "4 个顶点")
    assert d.find_element(By.ID, "adm-redraw").text == "重绘辖区"
    assert js(d, "return window.__pingan.map.outline.length") == 4
    click(d, "#adm-area-clear")
    wait(d, lambda: d.find_element(By.ID, "adm-area-state").text == "未划定", 15, msg="the area was not cleared")
    assert jurisdiction(d, "TC01").get("area") is None
    assert js(d, "return window.__pingan.map.areaShapes().length") == 0
    assert not script_errors(d)
