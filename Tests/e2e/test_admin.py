"""Browser end-to-end tests of the console's administration and audit log pages.

An administrator renames a police station, redraws a patrol zone on the map and disables an
account through the console, each checked over REST afterwards (a save against a version someone
else changed meanwhile reloads with a message; a boundary that crosses itself is refused with the
server's reason next to the form). An auditor, created over REST, signs in, opens the audit log
and finds those changes with the administrator as actor, follows one subject's whole history,
filters by type prefix and actor and pages to older entries. Both pages render in Chinese and in
English with no untranslated keys and no script errors. Shares the throwaway server fixture and
the helpers with the other files (conftest.py, e2e_support.py); screenshots go to Tests/e2e/out/.
"""
import json
import re
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from e2e_support import ADMIN_PASSWORD, PASSWORD, Client, click, console_login, pick, script_errors, shot, untranslated, wait

STATION = {"lat": 31.2355, "lon": 121.4830}
ZONE = [{"lat": 31.229, "lon": 121.474}, {"lat": 31.242, "lon": 121.474}, {"lat": 31.242, "lon": 121.492}, {"lat": 31.229, "lon": 121.492}]
RENAMED = "南京东路派出所（更名）"
RENAMED_EN = "East Nanjing Road Station"


@pytest.fixture(scope="module")
def world(server):
    """A city → district → two stations → community tree, units, a patrol zone, a dispatcher
    (to be disabled) and a field officer of a unit (whose password gets reset)."""
    admin = Client(server).login("admin", ADMIN_PASSWORD)
    post = lambda path, body: admin.call("POST", path, body)["id"]
    city = post("/v1/jurisdictions", {"level": "city", "code": "ASH", "name": "上海市公安局", "nameEn": "Shanghai PSB"})
    district = post("/v1/jurisdictions", {"parentID": city, "level": "district", "code": "AHP", "name": "黄浦分局", "nameEn": "Huangpu"})
    station = post("/v1/jurisdictions", {"parentID": district, "level": "station", "code": "AHP01", "name": "南京东路派出所",
                                         "nameEn": "East Nanjing Rd Station", "location": STATION})
    other = post("/v1/jurisdictions", {"parentID": district, "level": "station", "code": "AHP02", "name": "外滩派出所",
                                       "nameEn": "Bund Station", "location": {"lat": 31.2400, "lon": 121.4900}})
    community = post("/v1/jurisdictions", {"parentID": station, "level": "community", "code": "AHP01-01", "name": "南京东路社区", "nameEn": "East Nanjing Rd Community"})
    units = {c: post("/v1/units", {"callsign": c, "kind": k, "stationID": s, "crew": 2})
             for c, k, s in [("AD-1", "patrolCar", station), ("AD-2", "footPatrol", station), ("AD-3", "motorbike", other)]}
    zone = post("/v1/zones", {"stationID": station, "name": "南京东路巡区", "unitIDs": [units["AD-1"]], "boundary": ZONE})
    disp = post("/v1/users", {"username": "adisp", "displayName": "调度员郑", "role": "dispatcher", "jurisdictionID": city, "password": PASSWORD})
    officer = post("/v1/users", {"username": "aofficer", "displayName": "民警钱", "role": "fieldOfficer", "jurisdictionID": station,
                                 "unitID": units["AD-2"], "password": PASSWORD})
    return {"base": server, "admin": admin, "city": city, "district": district, "station": station, "other": other, "community": community,
            "units": units, "zone": zone, "disp": disp, "officer": officer}


def login_status(base, username, password):
    """The HTTP status of a sign-in attempt."""
    try:
        Client(base).login(username, password)
        return 200
    except AssertionError as e:
        return int(re.search(r"-> (\d+)", str(e)).group(1))


def open_section(d, section):
    click(d, '.view-tab[data-view="admin"]')
    click(d, f'.adm-tab[data-section="{section}"]')
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, f'.adm-tab[data-section="{section}"]').get_attribute("aria-selected") == "true")


def field(d, name):
    return d.find_element(By.CSS_SELECTOR, f'#adm-form [name="{name}"]')


def retype(d, name, text):
    el = field(d, name)
    el.send_keys(Keys.CONTROL, "a")
    el.send_keys(Keys.DELETE)
    el.send_keys(text)


def note(d):
    return d.find_element(By.ID, "adm-note").text


def error(d):
    return d.find_element(By.ID, "adm-error").text


def saved(d):
    wait(d, lambda: note(d) == "已保存" or error(d), msg="save did not answer")
    assert not error(d), error(d)


def audit_rows(d):
    return d.execute_script("""return [...document.querySelectorAll('#audit-rows tr')].map(tr => ({
        seq: +tr.dataset.seq, type: tr.dataset.type, subject: tr.dataset.subjectId, verified: tr.dataset.verified === 'true',
        actor: tr.querySelector('.actor').textContent, label: tr.querySelector('.subj').textContent}));""")


def audit_loaded(d):
    """Waits for the audit page's answer to the last query."""
    wait(d, lambda: d.find_element(By.ID, "audit-msg").text not in ("正在加载…", "Loading…"), 15, "audit log did not load")
    assert not d.find_element(By.ID, "audit-msg").get_attribute("class") == "error", d.find_element(By.ID, "audit-msg").text


def audit_search(d, **filters):
    for name in ["actor", "subject", "type"]:
        box = d.find_element(By.ID, f"af-{name}")
        box.clear()
        if filters.get(name):
            box.send_keys(filters[name])
    click(d, "#af-search")
    audit_loaded(d)


# ---- tests (in file order: they share one browser and one server) ---------------------------

def test_pages_follow_the_role(driver, world):
    d = driver
    console_login(d, world["base"], "aofficer", PASSWORD)
    assert not d.find_element(By.ID, "views").is_displayed(), "a field officer has no administration or audit page"
    console_login(d, world["base"], "adisp", PASSWORD)
    assert not d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="admin"]').is_displayed()
    assert d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="dashboard"]').is_displayed(), "a dispatcher assesses the work"
    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    assert d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="admin"]').text == "管理"
    assert d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="audit"]').text == "审计日志"
    click(d, '.view-tab[data-view="admin"]')
    wait(d, lambda: d.find_element(By.ID, "admin").is_displayed() and not d.find_element(By.ID, "queue").is_displayed())
    sections = [b.get_attribute("data-section") for b in d.find_elements(By.CSS_SELECTOR, ".adm-tab")]
    assert sections == ["org", "stations", "zones", "posts", "units", "users", "sensors", "import"], sections
    assert d.current_url.endswith("#admin")
    # the organisation tree: depth-first, each node with its level, code and state
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#adm-list .adm-tree li"))
    tree = d.execute_script("""return [...document.querySelectorAll('#adm-list .adm-tree li')].map(li =>
        [li.dataset.id, li.dataset.level, getComputedStyle(li).getPropertyValue('--depth').trim(), li.querySelector('code').textContent])""")
    ours = [row for row in tree if row[0] in (world["city"], world["district"], world["station"], world["other"], world["community"])]
    assert ours == [[world["city"], "city", "0", "ASH"], [world["district"], "district", "1", "AHP"], [world["station"], "station", "2", "AHP01"],
                    [world["community"], "community", "3", "AHP01-01"], [world["other"], "station", "2", "AHP02"]], tree
    # the page survives a reload (the URL names it)
    d.refresh()
    wait(d, lambda: d.find_element(By.ID, "app").is_displayed() and d.find_element(By.ID, "admin").is_displayed(), msg="admin page not restored")
    shot(d, "admin-01-tree.png")
    assert not script_errors(d)


def test_admin_renames_a_station(driver, world):
    d, admin = driver, world["admin"]
    before = admin.call("GET", f"/v1/jurisdictions/{world['station']}")
    open_section(d, "stations")
    codes = d.execute_script("return [...document.querySelectorAll('#adm-list tbody tr td:nth-child(3)')].map(td => td.textContent)")
    assert "AHP01" in codes and "AHP02" in codes and "AHP" not in codes, codes   # stations only
    pick(d, world["station"])
    assert field(d, "name").get_attribute("value") == "南京东路派出所"
    retype(d, "name", RENAMED)
    retype(d, "nameEn", RENAMED_EN)
    click(d, "#adm-save")
    saved(d)
    after = admin.call("GET", f"/v1/jurisdictions/{world['station']}")
    assert after["name"] == RENAMED and after["nameEn"] == RENAMED_EN and after["code"] == "AHP01", after
    assert after["version"] == before["version"] + 1, (before["version"], after["version"])
    wait(d, lambda: RENAMED in d.find_element(By.ID, "adm-list").text, msg="the list did not show the new name")
    assert d.find_element(By.CSS_SELECTOR, ".adm-editor").get_attribute("data-version") == str(after["version"])
    # the map's station label follows
    names = d.execute_script("return window.__pingan.map.stationPts.map(s => s.j.name)")
    assert RENAMED in names, names
    shot(d, "admin-02-station-renamed.png")


def test_a_stale_save_reloads_with_a_message(driver, world):
    d, admin = driver, world["admin"]
    pick(d, world["station"])
    shown = int(d.find_element(By.CSS_SELECTOR, ".adm-editor").get_attribute("data-version"))
    # someone else renames the station meanwhile
    theirs = admin.call("PATCH", f"/v1/jurisdictions/{world['station']}", {"version": shown, "name": RENAMED + "·他人"})
    assert theirs["version"] == shown + 1
    retype(d, "code", "AHP01X")
    click(d, "#adm-save")
    wait(d, lambda: "已被他人修改" in note(d), msg="no stale-version message")
    assert "warn" in d.find_element(By.ID, "adm-note").get_attribute("class")
    # reloaded: the form shows the server's entity and version, not what was typed
    wait(d, lambda: field(d, "name").get_attribute("value") == RENAMED + "·他人")
    assert field(d, "code").get_attribute("value") == "AHP01"
    assert d.find_element(By.CSS_SELECTOR, ".adm-editor").get_attribute("data-version") == str(theirs["version"])
    shot(d, "admin-03-stale.png")
    # saving again works from the reloaded version
    retype(d, "name", RENAMED)
    click(d, "#adm-save")
    saved(d)
    assert admin.call("GET", f"/v1/jurisdictions/{world['station']}")["name"] == RENAMED
    # nothing typed: nothing sent
    click(d, "#adm-save")
    wait(d, lambda: note(d) == "没有改动")


def pick_current(d, admin, unit):
    """Opens the unit's form once the live feed brought the console the server's version."""
    version = admin.call("GET", f"/v1/units/{unit}")["version"]
    wait(d, lambda: d.execute_script("return window.__pingan.state.units.get(arguments[0]).version", unit) == version, msg="unit not up to date")
    pick(d, unit)


def test_admin_edits_deactivates_and_reactivates_a_unit(driver, world):
    d, admin = driver, world["admin"]
    unit = world["units"]["AD-3"]
    # on an incident: it may not be taken out of service, and the server's reason shows by the form
    incident = admin.call("POST", "/v1/incidents", {"category": "traffic", "priority": 3, "location": {"lat": 31.2400, "lon": 121.4895},
                                                    "address": "中山东一路外滩", "description": "两车剐蹭", "jurisdictionID": world["other"]})["id"]
    admin.call("POST", f"/v1/incidents/{incident}/assign", {"unitIDs": [unit]})
    open_section(d, "units")
    pick_current(d, admin, unit)
    assert d.find_element(By.ID, "adm-service").text == "停用"
    click(d, "#adm-service")
    wait(d, lambda: error(d), msg="deactivating a unit on an incident was not refused")
    print(f"\nIN USE: {error(d)!r}")
    assert d.find_element(By.ID, "adm-service").text == "停用" and admin.call("GET", f"/v1/units/{unit}")["active"] is True
    # callsign, kind and crew
    retype(d, "callsign", "AD-3M")
    Select(field(d, "kind")).select_by_value("traffic")
    retype(d, "crew", "3")
    click(d, "#adm-save")
    saved(d)
    u = admin.call("GET", f"/v1/units/{unit}")
    assert (u["callsign"], u["kind"], u["crew"]) == ("AD-3M", "traffic", 3), u
    # released, it may
    admin.call("POST", f"/v1/incidents/{incident}/unassign", {"unitID": unit})
    admin.call("POST", f"/v1/incidents/{incident}/transition", {"status": "cancelled"})
    pick_current(d, admin, unit)
    click(d, "#adm-service")
    wait(d, lambda: d.find_element(By.ID, "adm-service").text == "重新启用", msg="not deactivated")
    assert admin.call("GET", f"/v1/units/{unit}")["active"] is False
    # off the dispatch map and the units panel, still in the administration's list (marked)
    wait(d, lambda: "已停用" in d.find_element(By.CSS_SELECTOR, f'#adm-list [data-id="{unit}"]').text)
    assert d.execute_script("return window.__pingan.map.units.items.every(u => u.id !== arguments[0])", unit)
    click(d, "#adm-service")
    wait(d, lambda: d.find_element(By.ID, "adm-service").text == "停用", msg="not reactivated")
    assert admin.call("GET", f"/v1/units/{unit}")["active"] is True


def test_admin_renames_and_retires_a_post(driver, world):
    d, admin = driver, world["admin"]
    camera = admin.call("POST", "/v1/posts", {"stationID": world["station"], "kind": "camera", "name": "南京东路监控",
                                              "location": {"lat": 31.2350, "lon": 121.4810}})["id"]
    open_section(d, "posts")
    pick(d, camera)
    retype(d, "name", "南京东路卡口")
    Select(field(d, "kind")).select_by_value("checkpoint")
    click(d, "#adm-save")
    saved(d)
    p = admin.call("GET", f"/v1/posts/{camera}")
    assert (p["name"], p["kind"], p["version"]) == ("南京东路卡口", "checkpoint", 2), p
    click(d, "#adm-service")
    wait(d, lambda: d.find_element(By.ID, "adm-service").text == "重新启用", msg="not deactivated")
    assert admin.call("GET", f"/v1/posts/{camera}")["active"] is False
    # off the map, still in the administration's list (marked)
    wait(d, lambda: "已停用" in d.find_element(By.CSS_SELECTOR, f'#adm-list [data-id="{camera}"]').text)
    assert d.execute_script("return window.__pingan.map.postPts.every(x => x.post.id !== arguments[0])", camera)
    assert not script_errors(d)


def test_admin_redraws_a_zone(driver, world):
    d, admin = driver, world["admin"]
    zone = world["zone"]
    before = admin.call("GET", f"/v1/zones/{zone}")
    open_section(d, "zones")
    pick(d, zone)
    assert d.execute_script("return window.__pingan.map.outline.length") == 4
    wait(d, lambda: d.execute_script("const m = window.__pingan.map; return !m.anim && !m.vel"), msg="the map did not settle on the zone")
    canvas = d.find_element(By.ID, "map")

    def draw(offsets):
        for dx, dy in offsets:
            ActionChains(d).move_to_element_with_offset(canvas, dx, dy).click().perform()
        wait(d, lambda: d.find_element(By.ID, "adm-vertex-count").text == f"已添加 {len(offsets)} 个顶点", msg="vertices not added")

    # Esc cancels a redraw: nothing saved
    click(d, "#adm-redraw")
    wait(d, lambda: d.find_element(By.ID, "draw-hint").is_displayed(), msg="no drawing hint on the map")
    draw([(-60, -60), (60, -60)])
    assert d.execute_script("return window.__pingan.map.drawing.pts.length") == 2
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    wait(d, lambda: not d.find_element(By.ID, "draw-hint").is_displayed() and not d.find_element(By.ID, "adm-draw-bar").is_displayed())
    assert d.execute_script("return window.__pingan.map.drawing") is None
    assert admin.call("GET", f"/v1/zones/{zone}")["version"] == before["version"]

    # a ring that crosses itself is refused: the server's reason next to the form, the draft kept to mend
    click(d, "#adm-redraw")
    draw([(-80, -80), (80, 80), (80, -80), (-80, 80)])
    shot(d, "admin-04-bowtie.png")
    click(d, "#adm-finish")
    wait(d, lambda: error(d), msg="a self-intersecting boundary was not refused")
    print(f"\nINVALID GEOMETRY: {error(d)!r}")
    assert d.find_element(By.ID, "adm-draw-bar").is_displayed()
    assert admin.call("GET", f"/v1/zones/{zone}")["version"] == before["version"]
    for _ in range(4):
        click(d, "#adm-undo")
    wait(d, lambda: d.find_element(By.ID, "adm-vertex-count").text == "已添加 0 个顶点")

    # a pentagon, then finish: saved with the version read
    pentagon = [(0, -110), (105, -35), (65, 90), (-65, 90), (-105, -35)]
    draw(pentagon)
    expected = d.execute_script("""const m = window.__pingan.map, r = arguments[1].getBoundingClientRect();
        return arguments[0].map(([dx, dy]) => m.toLatLon(r.width / 2 + dx, r.height / 2 + dy));""", pentagon, canvas)
    drawn = d.execute_script("return window.__pingan.map.drawing.pts")
    for got, want in zip(drawn, expected):
        assert abs(got["lat"] - want["lat"]) < 1e-4 and abs(got["lon"] - want["lon"]) < 1e-4, (drawn, expected)
    shot(d, "admin-05-zone-drawing.png")
    click(d, "#adm-finish")
    saved(d)
    after = admin.call("GET", f"/v1/zones/{zone}")
    assert after["version"] == before["version"] + 1 and after["name"] == before["name"]
    assert len(after["boundary"]) == 5, after["boundary"]
    for got, want in zip(after["boundary"], drawn):
        assert abs(got["lat"] - want["lat"]) < 1e-6 and abs(got["lon"] - want["lon"]) < 1e-6, (after["boundary"], drawn)
    world["boundary"] = after["boundary"]
    # the form and the map show the new boundary
    assert d.execute_script("return window.__pingan.map.outline.length") == 5
    assert not d.find_element(By.ID, "draw-hint").is_displayed()
    wait(d, lambda: d.execute_script("const z = window.__pingan.map.zonePaths.find(p => p.zone.id === arguments[0]); return z && z.pts.length", zone) == 5)
    shot(d, "admin-06-zone-redrawn.png")
    # the name is edited in the same form
    retype(d, "name", "南京东路步行街巡区")
    click(d, "#adm-save")
    saved(d)
    assert admin.call("GET", f"/v1/zones/{zone}")["name"] == "南京东路步行街巡区"
    assert not script_errors(d)


def test_admin_disables_a_user_and_resets_a_password(driver, world):
    d, base, admin = driver, world["base"], world["admin"]
    session = Client(base).login("adisp", PASSWORD)
    open_section(d, "users")
    pick(d, world["disp"])
    assert d.find_element(By.ID, "adm-service").text == "禁用账号"
    click(d, "#adm-service")
    wait(d, lambda: d.find_element(By.ID, "adm-service").text == "启用账号", msg="not disabled")
    assert "已禁用" in d.find_element(By.ID, "adm-title").text
    user = admin.call("GET", f"/v1/users/{world['disp']}")
    assert user["disabled"] is True, user
    assert login_status(base, "adisp", PASSWORD) in (401, 403)
    try:
        session.call("GET", "/v1/me")
        still_in = True
    except AssertionError:
        still_in = False
    assert not still_in, "a disabled account's open session still works"
    wait(d, lambda: "已禁用" in d.find_element(By.CSS_SELECTOR, f'#adm-list [data-id="{world["disp"]}"]').text)
    shot(d, "admin-07-user-disabled.png")

    # another account: name, role and jurisdiction, then a new password
    pick(d, world["officer"])
    retype(d, "displayName", "民警钱（二组）")
    Select(field(d, "jurisdictionID")).select_by_value(world["district"])
    click(d, "#adm-save")
    saved(d)
    officer = admin.call("GET", f"/v1/users/{world['officer']}")
    assert officer["displayName"] == "民警钱（二组）" and officer["jurisdictionID"] == world["district"], officer
    box = d.find_element(By.ID, "adm-password")
    box.send_keys("short")
    click(d, "#adm-password-set")
    wait(d, lambda: "至少需要 10 个字符" in error(d))
    box = d.find_element(By.ID, "adm-password")
    box.clear()
    box.send_keys("new-password-2026")
    click(d, "#adm-password-set")
    wait(d, lambda: note(d) == "已为 aofficer 设置新密码" or error(d))
    assert not error(d), error(d)
    assert login_status(base, "aofficer", "new-password-2026") == 200
    assert login_status(base, "aofficer", PASSWORD) == 401
    assert not script_errors(d)


def test_auditor_finds_the_changes(driver, world):
    d, admin = driver, world["admin"]
    admin.call("POST", "/v1/users", {"username": "aauditor", "displayName": "审计员孙", "role": "auditor", "jurisdictionID": world["city"], "password": PASSWORD})
    console_login(d, world["base"], "aauditor", PASSWORD)
    assert not d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="admin"]').is_displayed()
    click(d, '.view-tab[data-view="audit"]')
    wait(d, lambda: d.find_element(By.ID, "audit").is_displayed() and not d.find_element(By.ID, "map").is_displayed())
    audit_loaded(d)
    chain = d.find_element(By.ID, "audit-chain")
    assert chain.get_attribute("data-intact") == "true" and chain.text.startswith("✓ 审计链完整"), chain.text
    rows = audit_rows(d)
    seqs = [r["seq"] for r in rows]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == len(seqs), seqs
    assert all(r["verified"] for r in rows)
    shot(d, "audit-01.png")

    def by_admin(type_, subject):
        audit_search(d, type=type_)
        found = [r for r in audit_rows(d) if r["subject"] == subject and r["actor"] == "admin"]
        assert found, (type_, subject, audit_rows(d))
        return found

    renames = by_admin("jurisdiction.updated", world["station"])
    assert all(r["type"] == "jurisdiction.updated" for r in audit_rows(d))
    assert renames[0]["label"] == RENAMED, renames   # the subject as people know it: the entity's name
    by_admin("zone.updated", world["zone"])
    by_admin("user.updated", world["disp"])

    # a type prefix
    audit_search(d, type="zone.")
    types = {r["type"] for r in audit_rows(d)}
    assert types and all(t.startswith("zone.") for t in types) and "zone.updated" in types, types
    # an actor
    audit_search(d, actor="admin")
    assert audit_rows(d) and all(r["actor"] == "admin" for r in audit_rows(d))

    # a row's data as JSON: the zone's new boundary
    audit_search(d, type="zone.updated")
    row = next(r for r in audit_rows(d) if r["subject"] == world["zone"] and r["actor"] == "admin")
    click(d, f'#audit-rows tr[data-seq="{row["seq"]}"] td.actor')
    wait(d, lambda: d.find_elements(By.ID, "audit-json"))
    data = json.loads(d.find_element(By.ID, "audit-json").text)
    assert data["zone"]["id"] == world["zone"], data
    if len(data["zone"]["boundary"]) == 5:   # the redraw (the rename after it carries the same boundary)
        for got, want in zip(data["zone"]["boundary"], world["boundary"]):
            assert abs(got["lat"] - want["lat"]) < 1e-9 and abs(got["lon"] - want["lon"]) < 1e-9, data

    # one subject's whole history: a click on its name
    click(d, f'#audit-rows tr[data-seq="{row["seq"]}"] .subj')
    wait(d, lambda: d.find_element(By.ID, "af-subject").get_attribute("value") == world["zone"])
    audit_loaded(d)
    history = audit_rows(d)
    assert history and all(r["subject"] == world["zone"] for r in history), history
    kinds = [r["type"] for r in history]
    assert kinds[-1] == "zone.created" and kinds.count("zone.updated") >= 2, kinds   # redrawn, renamed
    assert d.find_element(By.ID, "af-type").get_attribute("value") == ""
    shot(d, "audit-02-zone-history.png")
    assert not script_errors(d)


def test_audit_pages_to_older_entries(driver, world):
    d, admin = driver, world["admin"]
    unit = world["units"]["AD-1"]
    for k in range(60):
        admin.call("POST", f"/v1/units/{unit}/status", {"status": "outOfService" if k % 2 == 0 else "available"})
    click(d, "#af-clear")
    audit_loaded(d)
    rows = audit_rows(d)
    assert len(rows) == 50, len(rows)
    seen = [r["seq"] for r in rows]
    pages = 1
    while d.find_element(By.ID, "audit-older").is_displayed():
        click(d, "#audit-older")
        wait(d, lambda: len(audit_rows(d)) > len(seen) or not d.find_element(By.ID, "audit-older").is_displayed(), 15, "no older page")
        audit_loaded(d)
        seen = [r["seq"] for r in audit_rows(d)]
        pages += 1
        assert pages < 20
    assert pages >= 2 and seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen), seen
    print(f"\nAUDIT: {len(seen)} entries in {pages} pages, seq {seen[0]} … {seen[-1]}")
    types = {r["type"] for r in audit_rows(d)}
    assert {"jurisdiction.created", "zone.created", "unit.statusChanged"} <= types, types


def test_pages_in_chinese_and_english(driver, world):
    d = driver
    toggle = lambda: d.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
    # the auditor's audit page, Chinese then English
    assert d.find_element(By.CSS_SELECTOR, "#audit h2").text == "审计日志"
    toggle()
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, "#audit h2").text == "Audit log")
    assert d.find_element(By.ID, "af-search").text == "Search"
    assert d.find_element(By.ID, "audit-chain").text.startswith("✓ Audit chain intact")
    heads = [th.text for th in d.find_elements(By.CSS_SELECTOR, "#audit-table th")]
    assert heads == ["Time", "Actor", "Command", "Type", "Subject", "Hash", "Verified"], heads
    d.execute_script("document.querySelector('.audit-list').scrollTop = 0")   # back up from the older pages
    click(d, "#audit-rows tr td.actor")
    wait(d, lambda: d.find_elements(By.ID, "audit-json"))
    d.find_element(By.ID, "btn-theme").click()
    shot(d, "audit-03-english-night.png")
    d.find_element(By.ID, "btn-theme").click()
    assert untranslated(d) == {"missing": [], "onPage": []}
    assert not script_errors(d)

    # the administrator's pages: every section and a form of each, in Chinese then English
    console_login(d, world["base"], "admin", ADMIN_PASSWORD)
    picks = {"org": world["community"], "stations": world["other"], "zones": world["zone"], "units": world["units"]["AD-1"], "users": world["officer"]}

    for lang, admin_label, save_label in [("zh-CN", "管理", "保存"), ("en", "Administration", "Save")]:
        if lang == "en":
            toggle()
        wait(d, lambda: d.find_element(By.CSS_SELECTOR, '.view-tab[data-view="admin"]').text == admin_label)
        for section, entity in picks.items():
            open_section(d, section)
            pick(d, entity)
            assert d.find_element(By.ID, "adm-save").text == save_label
            if section == "zones":
                click(d, "#adm-redraw")
                wait(d, lambda: d.find_element(By.ID, "draw-hint").is_displayed())
                d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
            shot(d, f"admin-08-{lang}-{section}.png")
        assert untranslated(d) == {"missing": [], "onPage": []}, lang
    assert d.find_element(By.CSS_SELECTOR, ".adm-tab.active").text == "Users"
    toggle()
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, ".adm-tab.active").text == "用户")
    assert not script_errors(d)
