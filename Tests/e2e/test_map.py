"""Browser end-to-end tests of a map people can read (issue 16): street and place names drawn
along the roads without overlapping, in the language shown, by day and by night; finding places
by name (landmarks, crossings) in the new-incident form and the map's search box; a map click
that names the address; the roads of a new deployment without stations; the same names on the
field page's map; a unit's position named in words on the officer's phone and in the console;
and the label placement engine itself, run in the page.

Starts its own `pingan serve` with the repository's Shanghai extract (conftest.py,
e2e_support.py). The tests run in file order: the first one sees the deployment still empty.
Screenshots go to Tests/e2e/out/.
"""
import json
import re
import time
import urllib.parse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from e2e_support import ADMIN_PASSWORD, PASSWORD, Client, click, console_login as login, field_login, iso, make_driver, script_errors, shot, takes_map, wait

STATION = {"lat": 31.2355, "lon": 121.4830}
CROSSING = "河南中路福州路"            # Middle Henan Road meets Fuzhou Road (they share nodes in the extract)
LANDMARK = "人民广场"                  # People's Square: named bus stops in the extract


def operations(base):
    return {p for p in Client(base).call("GET", "/openapi.json")["paths"]}


@pytest.fixture(scope="module")
def geo(server):
    """Skips unless this build serves the road map with its names (the extract and the map endpoints)."""
    if not takes_map():
        pytest.skip("this build of pingan takes no road network")
    paths = operations(server)
    lacking = [p for p in ["/v1/map/labels", "/v1/map/background", "/v1/map/extent", "/v1/map/address", "/v1/map/places"] if p not in paths]
    if lacking:
        pytest.skip(f"this build of pingan lacks {lacking}")
    return server


@pytest.fixture(scope="module")
def world(geo):
    """A city, a district, a station near the crossing, a dispatcher and a field officer with a unit."""
    admin = Client(geo).login("admin", ADMIN_PASSWORD)
    city = admin.call("POST", "/v1/jurisdictions", {"level": "city", "code": "MSH", "name": "上海市公安局", "nameEn": "Shanghai PSB"})["id"]
    district = admin.call("POST", "/v1/jurisdictions", {"parentID": city, "level": "district", "code": "MHP", "name": "黄浦分局", "nameEn": "Huangpu"})["id"]
    station = admin.call("POST", "/v1/jurisdictions", {"parentID": district, "level": "station", "code": "MHP01", "name": "南京东路派出所",
                                                       "nameEn": "East Nanjing Rd Station", "location": STATION})["id"]
    unit = admin.call("POST", "/v1/units", {"callsign": "MP01-1", "kind": "patrolCar", "stationID": station, "crew": 2})["id"]
    admin.call("POST", "/v1/users", {"username": "mapdispatcher", "displayName": "调度员地图", "role": "dispatcher", "jurisdictionID": city, "password": PASSWORD})
    admin.call("POST", "/v1/users", {"username": "mapofficer", "displayName": "民警地图", "role": "fieldOfficer", "jurisdictionID": station,
                                     "unitID": unit, "password": PASSWORD})
    crossing = admin.call("GET", "/v1/map/places?q=" + urllib.parse.quote(CROSSING))
    assert crossing and crossing[0]["kind"] == "intersection", crossing
    return {"base": geo, "admin": admin, "station": station, "unit": unit, "crossing": crossing[0]}


# ---- what the tests read from the page ---------------------------------------------------------

LABELS_JS = "return window.__pingan.map.placedLabels()"

# For each label placed in view: how many pixels of its boxes change when the frame is drawn
# without the labels (the ink of its text and halo), and how light that ink is on average.
INK_JS = """
const m = arguments[0] === 'field' ? window.__field.map : window.__pingan.map, d = m.dpr;
const labels = m.placedLabels();
const grab = () => m.ctx.getImageData(0, 0, m.canvas.width, m.canvas.height).data;
m.draw(performance.now()); const on = grab();
const keep = m.labelPlace; m.labelPlace = null; m.draw(performance.now()); const off = grab();
m.labelPlace = keep; m.draw(performance.now());
const W = m.canvas.width, H = m.canvas.height;
return labels.map((l) => {
  let ink = 0, light = 0, px = 0;
  for (const b of l.boxes) {
    const x0 = Math.max(0, Math.floor(b[0] * d)), x1 = Math.min(W, Math.ceil(b[2] * d));
    const y0 = Math.max(0, Math.floor(b[1] * d)), y1 = Math.min(H, Math.ceil(b[3] * d));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
      const k = 4 * (y * W + x); px++;
      const diff = Math.abs(on[k] - off[k]) + Math.abs(on[k + 1] - off[k + 1]) + Math.abs(on[k + 2] - off[k + 2]);
      if (diff > 60) { ink++; light += (on[k] + on[k + 1] + on[k + 2]) / 3; }
    }
  }
  return { text: l.text, mode: l.mode, ink, px, light: ink ? light / ink : 0 };
});
"""


def overlapping(labels):
    """Pairs of labels whose boxes overlap (boxes of one label may overlap each other)."""
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            for p in a["boxes"]:
                if any(p[0] < q[2] - 0.01 and p[2] > q[0] + 0.01 and p[1] < q[3] - 0.01 and p[3] > q[1] + 0.01 for q in b["boxes"]):
                    found.append((a["text"], b["text"]))
                    break
    return found


def settle(d, lat, lon, zoom, who="console", min_labels=5, timeout=20):
    """Flies the map to (lat, lon, zoom) at once and waits until its labels are placed and drawn."""
    m = "window.__pingan.map" if who == "console" else "window.__field.map"
    d.execute_script(f"{m}.flyTo(arguments[0], arguments[1], arguments[2], 1)", lat, lon, zoom)
    def ready():
        labels = d.execute_script(f"return {m}.placedLabels()")
        return len(labels) >= min_labels and all(l["drawn"] for l in labels) and labels
    labels = wait(d, ready, timeout, f"fewer than {min_labels} labels placed and drawn at zoom {zoom}")
    time.sleep(0.3)   # the rest of the frame's sprites
    return d.execute_script(f"return {m}.placedLabels()")


def canvas_colours(d, who="console"):
    """How many pixels of the map canvas have each of the road colours (white, yellow) of the day theme."""
    m = "window.__pingan.map" if who == "console" else "window.__field.map"
    return d.execute_script(f"""const m = {m}; const px = m.ctx.getImageData(0, 0, m.canvas.width, m.canvas.height).data;
        let white = 0, yellow = 0;
        for (let k = 0; k < px.length; k += 4) {{
          if (px[k] > 250 && px[k + 1] > 250 && px[k + 2] > 250) white++;
          else if (px[k] > 240 && px[k + 1] > 170 && px[k + 1] < 225 && px[k + 2] < 160) yellow++;
        }}
        return {{white, yellow, total: px.length / 4}};""")


# ---- tests ----------------------------------------------------------------------------------------

def test_empty_deployment_shows_roads(driver, geo):
    """A new deployment: no stations, no incidents. The map still asks for the roads and opens on
    the road map's extent, and draws them."""
    admin = Client(geo).login("admin", ADMIN_PASSWORD)
    assert not [j for j in admin.call("GET", "/v1/jurisdictions") if j.get("location")], "the deployment is not empty"
    extent = admin.call("GET", "/v1/map/extent")
    login(driver, geo, "admin", ADMIN_PASSWORD, "?e2e=1")
    d = driver
    wait(d, lambda: d.execute_script("const m = window.__pingan.map; return m.roadsState === 'present' && m.roads && m.roads.length > 100"),
         20, "the map asked for no roads")
    centre = d.execute_script("const m = window.__pingan.map; return {...m.toLatLon(m.w / 2, m.h / 2), zoom: m.zoom}")
    assert extent["south"] <= centre["lat"] <= extent["north"] and extent["west"] <= centre["lon"] <= extent["east"], (centre, extent)
    assert centre["zoom"] >= 12, centre
    time.sleep(0.5)
    colours = canvas_colours(d)
    assert colours["white"] + colours["yellow"] > 0.01 * colours["total"], colours   # roads drawn, not the empty grid
    print(f"\nEMPTY DEPLOYMENT: view at {centre['lat']:.4f}, {centre['lon']:.4f} zoom {centre['zoom']:.1f} inside {extent}; "
          f"{d.execute_script('return window.__pingan.map.roads.length')} road segments, {colours}")
    shot(d, "m01-empty-deployment.png")
    assert not script_errors(d)


def test_street_names_at_street_zoom(driver, world):
    """At street zoom the streets are named along their lines: each label is drawn (its pixels
    change when the labels are left out), none overlaps another, text is upright, and major roads
    are named before minor ones."""
    d, at = driver, world["crossing"]["location"]
    login(d, world["base"], "mapdispatcher", PASSWORD, "?e2e=1")
    labels = settle(d, at["lat"], at["lon"], 16)
    texts = [l["text"] for l in labels]
    assert not overlapping(labels), overlapping(labels)
    assert any(l["mode"] in ("rotated", "stacked") and (l["mode"] == "stacked" or abs(l["angle"]) > 0.05) for l in labels), \
        "no label follows a sloping or vertical street"
    for l in labels:
        if l["mode"] == "rotated":
            assert -1.5708 - 1e-6 < l["angle"] <= 1.5708 + 1e-6, l   # upright, never upside down
    assert "河南中路" in texts or "福州路" in texts, texts
    ink = d.execute_script(INK_JS, "console")
    drawn = [x for x in ink if x["ink"] >= 15]
    assert len(drawn) >= 0.9 * len(ink), [x for x in ink if x["ink"] < 15]
    dark_ink = [x["light"] for x in drawn]
    print(f"\nLABELS (zoom 16, day): {len(labels)} placed: {texts[:12]}…; ink per label min {min(x['ink'] for x in ink)} px, "
          f"mean lightness {sum(dark_ink) / len(dark_ink):.0f}")
    shot(d, "m02-street-names.png")
    # a closer look names landmarks too
    labels = settle(d, at["lat"], at["lon"], 17.5)
    assert not overlapping(labels), overlapping(labels)
    places = [l for l in labels if l["mode"] == "point"]
    print(f"LABELS (zoom 17.5): {len(labels)} placed, {len(places)} places: {[p['text'] for p in places][:8]}")
    shot(d, "m03-landmarks.png")
    assert places, "no landmark named at zoom 17.5"
    assert not script_errors(d)


def test_labels_stay_put_while_panning(driver, world):
    """Panning moves the labels with the map (the same labels at the same map positions) and
    does not fetch labels per frame."""
    d, at = driver, world["crossing"]["location"]
    before = settle(d, at["lat"], at["lon"], 16)
    fetched = "return performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/map/labels')).length"
    n0 = d.execute_script(fetched)
    # 1.5 s of panning, a little each frame
    d.execute_async_script("""const done = arguments[arguments.length - 1], m = window.__pingan.map, t0 = performance.now();
        (function step(now) { m.panBy(2, 1); if (now - t0 < 1500) requestAnimationFrame(step); else done(); })(t0);""")
    assert d.execute_script(fetched) - n0 <= 1, "labels fetched while panning"
    # a pan of (-90, -60) px moves every label on screen by just that
    moved = d.execute_script("""const m = window.__pingan.map, before = m.placedLabels(); m.panBy(-90, -60); m.draw(performance.now());
        const after = m.placedLabels();
        const inView = (l) => l.boxes.some((b) => b[2] - 90 > 0 && b[0] - 90 < m.w && b[3] - 60 > 0 && b[1] - 60 < m.h);
        const staying = before.filter(inView);
        const lost = staying.filter((l) => !after.some((a) => a.text === l.text && Math.abs(a.x - (l.x - 90)) < 0.5 && Math.abs(a.y - (l.y - 60)) < 0.5));
        return {before: staying.length, after, lost: lost.map((l) => l.text)};""")
    assert moved["before"] > 5 and not moved["lost"], moved["lost"]
    time.sleep(1.5)   # the tiles that came into view are fetched and placed around what is there
    later = d.execute_script(LABELS_JS)
    assert not overlapping(later), overlapping(later)
    still = {(l["text"], round(l["x"]), round(l["y"])) for l in later}
    gone = [l["text"] for l in moved["after"] if (l["text"], round(l["x"]), round(l["y"])) not in still]
    assert not gone, f"labels moved or vanished when more were placed: {gone}"
    print(f"\nPANNING: {len(before)} labels, {moved['before']} of them moved with the map, {len(later)} after the new tiles came")


def test_english_names_and_night_theme(driver, world):
    """The labels follow the language (fetched again in English: "Fuzhou Road") and the theme
    (light text on a dark halo at night)."""
    d, at = driver, world["crossing"]["location"]
    settle(d, at["lat"], at["lon"], 16)
    click(d, ".topbar .lang-toggle")
    wait(d, lambda: any(l["text"] in ("Fuzhou Road", "Middle Henan Road") for l in d.execute_script(LABELS_JS)), 20,
         "no English street name")
    labels = settle(d, at["lat"], at["lon"], 16)
    texts = [l["text"] for l in labels]
    assert "福州路" not in texts and "河南中路" not in texts, texts
    assert sum(1 for t in texts if t.isascii()) >= len(texts) // 2, texts
    assert not overlapping(labels), overlapping(labels)
    shot(d, "m04-english.png")
    click(d, "#btn-theme")
    wait(d, lambda: d.execute_script("return document.documentElement.dataset.theme") == "dark")
    # the labels are redrawn in the night colours over the next frames (tiles may still arrive): wait for them
    def drawn_share():
        ink = d.execute_script(INK_JS, "console")
        return ink, [x for x in ink if x["ink"] >= 15]
    wait(d, lambda: (lambda ink, drawn: ink and len(drawn) >= 0.9 * len(ink))(*drawn_share()), 10, "the labels were not drawn at night")
    ink, drawn = drawn_share()
    assert len(drawn) >= 0.9 * len(ink), [x for x in ink if x["ink"] < 15]
    # the text itself is light at night (its halo dark): some of each label's ink is light
    light = d.execute_script("""const m = window.__pingan.map, d = m.dpr, W = m.canvas.width;
        const px = m.ctx.getImageData(0, 0, W, m.canvas.height).data;
        return m.placedLabels().map((l) => { let n = 0; for (const b of l.boxes) for (let y = Math.max(0, Math.floor(b[1] * d)); y < Math.min(m.canvas.height, b[3] * d); y++)
          for (let x = Math.max(0, Math.floor(b[0] * d)); x < Math.min(W, b[2] * d); x++) { const k = 4 * (y * W + x); if (px[k] + px[k + 1] + px[k + 2] > 480) n++; } return n; });""")
    assert sum(1 for n in light if n > 5) >= 0.8 * len(light), light
    print(f"\nENGLISH + NIGHT: {texts[:10]}…")
    shot(d, "m05-english-night.png")
    click(d, "#btn-theme")
    click(d, ".topbar .lang-toggle")
    wait(d, lambda: any(l["text"] in ("福州路", "河南中路") for l in d.execute_script(LABELS_JS)), 20, "back in Chinese")
    assert not script_errors(d)


def test_new_incident_finds_landmark_and_crossing(driver, world):
    """Typing a landmark and a crossing in the new-incident form lists them with their kind;
    picking one moves the pin there and sets the location."""
    d, admin = driver, world["admin"]
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    click(d, "#btn-new")
    wait(d, lambda: d.find_element(By.ID, "n-address").is_displayed())
    box = d.find_element(By.ID, "n-address")
    box.send_keys(LANDMARK)
    landmark = lambda: [p for p in d.find_elements(By.CSS_SELECTOR, '#n-places .place[data-kind="landmark"]') if LANDMARK in p.text]
    wait(d, landmark, 10, "no landmark listed")
    assert "地标" in landmark()[0].text
    shot(d, "m06-landmark-listed.png")
    landmark()[0].click()
    wait(d, lambda: d.find_element(By.ID, "n-loc").text != "—", msg="picking the landmark set no location")
    pin = d.execute_script("return window.__pingan.map.pick")
    # the pin is on one of the landmarks of that name (the list ranks those near the map's centre first)
    near = admin.call("GET", f"/v1/map/places?q={urllib.parse.quote(LANDMARK)}&lat={pin['lat']:.6f}&lon={pin['lon']:.6f}")
    want = next(p for p in near if p["kind"] == "landmark")
    assert abs(pin["lat"] - want["location"]["lat"]) < 1e-9 and abs(pin["lon"] - want["location"]["lon"]) < 1e-9, (pin, want)
    assert d.find_element(By.ID, "n-address").get_attribute("value") == LANDMARK   # the typed words stay
    box.clear()
    box.send_keys(CROSSING)
    crossing = lambda: d.find_elements(By.CSS_SELECTOR, '#n-places .place[data-kind="intersection"]')
    wait(d, crossing, 10, "no crossing listed")
    first = d.find_elements(By.CSS_SELECTOR, "#n-places .place")[0]
    assert first.get_attribute("data-kind") == "intersection" and "河南中路" in first.text and "福州路" in first.text, first.text
    first.click()
    wait(d, lambda: d.find_element(By.ID, "n-loc").text != f"{pin['lat']:.6f}, {pin['lon']:.6f}", msg="the crossing did not move the pin")
    pin = d.execute_script("return window.__pingan.map.pick")
    lat, lon = map(float, d.find_element(By.ID, "n-loc").text.split(","))
    assert abs(lat - pin["lat"]) < 1e-6 and abs(lon - pin["lon"]) < 1e-6, (lat, lon, pin)
    # on the crossing (a dual carriageway crosses more than once: the one nearest the pin) …
    near = admin.call("GET", f"/v1/map/places?q={urllib.parse.quote(CROSSING)}&lat={pin['lat']:.6f}&lon={pin['lon']:.6f}")[0]
    assert near["kind"] == "intersection" and abs(pin["lat"] - near["location"]["lat"]) < 1e-9 and abs(pin["lon"] - near["location"]["lon"]) < 1e-9, (pin, near)
    # … which is the one the server names first anyway, or within 100 m of it
    first_any = world["crossing"]["location"]
    assert abs(pin["lat"] - first_any["lat"]) < 0.001 and abs(pin["lon"] - first_any["lon"]) < 0.001, (pin, first_any)
    time.sleep(1)   # the fly to it
    on_screen = d.execute_script("const m = window.__pingan.map, [x, y] = m.screenOf(...m.toWorld(m.pick.lat, m.pick.lon)); return [x, y, m.w, m.h]")
    assert 0 < on_screen[0] < on_screen[2] and 0 < on_screen[1] < on_screen[3], on_screen
    assert not script_errors(d)


def address_text(a):
    """The address field's text for a found address (place-search.js: a street is "near" it)."""
    return f"{a['name']}附近" if a["kind"] == "street" else a["name"]


def test_map_click_fills_the_address(driver, world):
    """A map click while creating an incident names the address there in the (still editable)
    address field; words the dispatcher typed are kept, and the address found is offered."""
    d, admin = driver, world["admin"]
    at = world["crossing"]["location"]
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    d.execute_script("window.__pingan.map.flyTo(arguments[0], arguments[1], 17, 1)", at["lat"], at["lon"])
    time.sleep(0.5)
    click(d, "#btn-new")
    wait(d, lambda: d.find_element(By.ID, "n-address").is_displayed())
    canvas = d.find_element(By.ID, "map")
    ActionChains(d).move_to_element_with_offset(canvas, 0, 0).click().perform()   # the crossing, at the centre
    wait(d, lambda: d.find_element(By.ID, "n-loc").text != "—", msg="the map click set no location")
    lat, lon = d.find_element(By.ID, "n-loc").text.split(", ")
    want = address_text(admin.call("GET", f"/v1/map/address?lat={lat}&lon={lon}"))
    wait(d, lambda: d.find_element(By.ID, "n-address").get_attribute("value") == want, 10, "the map click did not fill the address")
    field = d.find_element(By.ID, "n-address")
    assert field.is_enabled() and not field.get_attribute("readonly")
    field.send_keys(" 东侧")
    assert d.find_element(By.ID, "n-address").get_attribute("value") == want + " 东侧"
    print(f"\nMAP CLICK at {lat}, {lon} → {want!r}")
    shot(d, "m07-address-from-map.png")
    # the dispatcher's own words stay; the address of the next click is offered under them
    field.clear()
    field.send_keys("报警人说在书店门口")
    ActionChains(d).move_to_element_with_offset(canvas, 40, -30).click().perform()
    offer = lambda: d.find_elements(By.CSS_SELECTOR, "#n-places .place.from-map")
    wait(d, offer, 10, "the address found was not offered")
    assert d.find_element(By.ID, "n-address").get_attribute("value") == "报警人说在书店门口"
    lat2, lon2 = d.find_element(By.ID, "n-loc").text.split(", ")
    second = address_text(admin.call("GET", f"/v1/map/address?lat={lat2}&lon={lon2}"))
    assert second in offer()[0].text
    offer()[0].click()
    assert d.find_element(By.ID, "n-address").get_attribute("value") == second
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    assert not script_errors(d)


def test_map_search_box(driver, world):
    """The map's search box finds a landmark and a crossing; Enter flies to the first and marks it."""
    d = driver
    search = d.find_element(By.ID, "map-search")
    search.clear()
    search.send_keys(CROSSING)
    results = lambda: d.find_elements(By.CSS_SELECTOR, "#map-search-results .place")
    wait(d, results, 10, "the map search found nothing")
    assert results()[0].get_attribute("data-kind") == "intersection", results()[0].text
    search.send_keys(Keys.ENTER)
    want = world["crossing"]["location"]
    wait(d, lambda: d.execute_script("return window.__pingan.map.found") is not None, 5, "nothing marked")
    time.sleep(1)
    centre = d.execute_script("const m = window.__pingan.map; return {...m.toLatLon(m.w / 2, m.h / 2), zoom: m.zoom}")
    assert abs(centre["lat"] - want["lat"]) < 1e-4 and abs(centre["lon"] - want["lon"]) < 1e-4 and centre["zoom"] >= 17, (centre, want)
    search.clear()
    search.send_keys(LANDMARK)
    wait(d, lambda: any(r.get_attribute("data-kind") == "landmark" for r in results()), 10, "no landmark in the map search")
    shot(d, "m08-map-search.png")
    next(r for r in results() if r.get_attribute("data-kind") == "landmark").click()
    wait(d, lambda: (d.execute_script("return window.__pingan.map.found") or {}).get("kind") == "landmark")
    assert not script_errors(d)


def test_field_map_has_roads_and_names(phone, world):
    """The officer's phone map draws the roads and names the streets too."""
    d = phone
    field_login(d, world["base"], "mapofficer")
    wait(d, lambda: d.execute_script("const m = window.__field.map; return !!(m && m.roads && m.roads.length)"), 20, "no roads on the phone")
    labels = settle(d, STATION["lat"], STATION["lon"], 16, who="field", min_labels=3)
    assert not overlapping(labels), overlapping(labels)
    ink = d.execute_script(INK_JS, "field")
    assert sum(1 for x in ink if x["ink"] >= 15) >= 0.9 * len(ink), ink
    print(f"\nFIELD MAP: {len(labels)} labels: {[l['text'] for l in labels][:8]}")
    shot(d, "m09-field-map.png")
    assert not script_errors(d)


CJK = re.compile(r"[\u3400-\u9fff]")


def test_positions_named_in_words(phone, driver, world):
    """A fix posted for the officer's unit at the 河南中路/福州路 crossing: the phone says where that
    is next to its sharing status ("当前位置：…"), and the console says it in the bar of the unit
    picked in the units panel ("最后位置：…"), both from `GET /v1/map/address`; a move of a few
    metres asks the server nothing new; in English both read the English names."""
    d, c, admin, unit = phone, driver, world["admin"], world["unit"]
    at = world["crossing"]["location"]
    names = {lang: admin.call("GET", f"/v1/map/address?lat={at['lat']:.6f}&lon={at['lon']:.6f}&lang={lang}") for lang in ("zh", "en")}
    print(f"\nADDRESS AT THE CROSSING: {names['zh']['name']!r} / {names['en']['name']!r} ({names['zh']['kind']})")
    zh_streets = ("河南中路", "福州路")
    en_streets = [p.strip() for p in names["en"]["name"].split("/")] + ["Fuzhou", "Henan"]
    field_login(d, world["base"], "mapofficer")
    wait(d, lambda: d.execute_script("return !!(window.__field.live && window.__field.live.connected)"), 15, "the phone's live feed did not connect")
    login(c, world["base"], "mapdispatcher", PASSWORD)
    reply = admin.call("POST", "/v1/positions", {"fixes": [{"unitID": unit, "time": iso(), "lat": at["lat"], "lon": at["lon"]}]})
    assert reply["accepted"] == 1, reply
    where = lambda: (d.find_elements(By.ID, "share-where") or [None])[0]
    wait(d, lambda: where() is not None and where().text.startswith("当前位置：") and any(s in where().text for s in zh_streets), 20,
         "the phone did not name its position")
    print(f"PHONE: {where().text!r}")
    shot(d, "m10-field-where.png")
    # a move of about 10 m: the answer kept is still good, the server is not asked again
    asked = d.execute_script("return window.__field.where.requests")
    time.sleep(1.1)
    admin.call("POST", "/v1/positions", {"fixes": [{"unitID": unit, "time": iso(), "lat": at["lat"] + 0.00009, "lon": at["lon"]}]})
    time.sleep(3)
    assert d.execute_script("return window.__field.where.requests") == asked
    assert any(s in where().text for s in zh_streets), where().text
    # the console: the unit picked in the units panel names its last position in its bar
    c.find_element(By.CSS_SELECTOR, '.tab[data-tab="units"]').click()
    click(c, f'.unit-row[data-id="{unit}"]')
    wait(c, lambda: c.find_element(By.ID, "track-bar").is_displayed() and "MP01-1" in c.find_element(By.ID, "track-bar").text)
    bar_where = lambda: c.find_element(By.ID, "track-where")
    wait(c, lambda: bar_where().is_displayed() and bar_where().text.startswith("最后位置：") and any(s in bar_where().text for s in zh_streets), 20,
         "the console did not name the unit's position")
    print(f"CONSOLE: {bar_where().text!r}")
    shot(c, "m11-unit-where.png")
    # English: both ask again and read the English names
    click(d, ".bar .lang-toggle")
    wait(d, lambda: where() is not None and where().text.startswith("You are at: ") and not CJK.search(where().text)
         and any(s in where().text for s in en_streets), 15, f"the phone did not name its position in English: {where() and where().text!r}")
    c.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
    wait(c, lambda: bar_where().text.startswith("Last position: ") and not CJK.search(bar_where().text)
         and any(s in bar_where().text for s in en_streets), 15, f"the console did not name the position in English: {bar_where().text!r}")
    print(f"IN ENGLISH: {where().text!r} / {bar_where().text!r}")
    shot(d, "m12-field-where-en.png")
    shot(c, "m13-unit-where-en.png")
    assert not c.execute_script("return window.__pingan.missingKeys"), c.execute_script("return window.__pingan.missingKeys")
    # back to Chinese; Esc clears the unit and its address
    click(d, ".bar .lang-toggle")
    c.find_element(By.CSS_SELECTOR, ".topbar .lang-toggle").click()
    c.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    wait(c, lambda: not c.find_element(By.ID, "track-bar").is_displayed(), 5, "Esc did not clear the unit")
    assert not script_errors(d) and not script_errors(c)


def test_placement_engine(driver, world):
    """The placement engine on its own (js/map/label-placement.js), in the page: no overlaps among
    hundreds of crowded candidates, upright text, major roads before minor ones, the same name not
    repeated nearby, and added candidates never moving what is placed."""
    r = driver.execute_async_script("""const done = arguments[arguments.length - 1];
      import('/js/map/label-placement.js').then(({ LabelPlacement, overlaps, straightRuns }) => {
        let seed = 7; const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
        const streets = [];
        for (let k = 0; k < 400; k++) {
          const pts = [rnd() * 1500, rnd() * 1500]; let a = rnd() * 6.3;
          for (let i = 0; i < 5; i++) { a += (rnd() - 0.5) * 0.5; pts.push(pts[pts.length - 2] + Math.cos(a) * 90, pts[pts.length - 1] + Math.sin(a) * 90); }
          const text = k % 2 ? `Street ${k}` : `中${k}路`;
          streets.push({ id: 's' + k, text, priority: k % 5 ? 3 : 0, size: 12, width: [...text].length * (k % 2 ? 7 : 12), line: Float64Array.from(pts) });
        }
        const places = Array.from({ length: 60 }, (_, k) => ({ id: 'p' + k, text: 'Place ' + k, priority: 1, size: 12, width: 48, point: [rnd() * 1500, rnd() * 1500] }));
        const P = new LabelPlacement({ pad: 3 });
        P.add(streets.slice(0, 250));
        const first = P.labels.map((l) => `${l.id}@${l.x.toFixed(3)},${l.y.toFixed(3)}`);
        P.add([...streets.slice(200), ...places]);
        const kept = first.every((s, k) => s === `${P.labels[k].id}@${P.labels[k].x.toFixed(3)},${P.labels[k].y.toFixed(3)}`);
        // a major and a minor road on the same line: the major one is named
        const Q = new LabelPlacement({ pad: 3 });
        const line = Float64Array.from([0, 100, 400, 100]);
        Q.add([{ id: 'minor', text: 'Minor Lane', priority: 3, size: 12, width: 70, line }, { id: 'major', text: 'Major Avenue', priority: 0, size: 13, width: 90, line }]);
        // one long straight street: its name repeats, but never closer than the repeat distance
        const R = new LabelPlacement({ pad: 3, repeat: 280 });
        R.add([{ id: 'long', text: 'Long Road', priority: 0, size: 12, width: 60, line: Float64Array.from([0, 0, 2000, 0]) },
               { id: 'long2', text: 'Long Road', priority: 0, size: 12, width: 60, line: Float64Array.from([0, 3, 2000, 3]) }]);
        const xs = R.labels.map((l) => l.x).sort((a, b) => a - b);
        // a line going right to left is still read left to right
        const S = new LabelPlacement();
        S.add([{ id: 'rtl', text: 'Backwards', priority: 0, size: 12, width: 60, line: Float64Array.from([300, 200, 0, 180]) }]);
        done({ placed: P.labels.length, of: 460, overlap: overlaps(P.labels), kept,
               upright: P.labels.every((l) => l.mode !== 'rotated' || Math.abs(l.angle) <= Math.PI / 2 + 1e-9),
               modes: [...new Set(P.labels.map((l) => l.mode))].sort(), winner: Q.labels.map((l) => l.id),
               gaps: xs.slice(1).map((x, k) => x - xs[k]), rtl: S.labels[0] && S.labels[0].angle,
               runs: straightRuns(Float64Array.from([0, 0, 50, 1, 100, 0, 100, 100]), 2.5).map((r) => [r.i, r.j]) });
      }).catch((e) => done({ error: String(e) }));""")
    print(f"\nPLACEMENT ENGINE: {json.dumps(r)[:300]}")
    assert "error" not in r, r
    assert r["overlap"] is None and r["kept"] and r["upright"], r
    assert 100 < r["placed"] < r["of"], r
    assert r["modes"] == ["point", "rotated", "stacked"], r
    assert r["winner"] == ["major"], r
    assert len(r["gaps"]) >= 2 and min(r["gaps"]) >= 280 - 1e-6, r
    assert abs(r["rtl"]) < 0.2, r
    assert r["runs"] == [[0, 2], [2, 3]], r
