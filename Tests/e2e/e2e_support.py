"""What the browser end-to-end tests share: starting a throwaway `pingan serve`, a small REST
client, headless Chromium (desktop or phone-sized) and waiting helpers. Fixtures built on these
are in conftest.py; each test file gets its own server (module scope)."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = os.environ.get("PINGAN_BIN", "/work/main/.build/debug/pingan")
CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
ADMIN_PASSWORD = "admin-e2e-password"
PASSWORD = "officer-e2e-password"
OSM = HERE.parent.parent / "data" / "osm" / "shanghai_center.osm.xz"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def iso(t=None):
    """An ISO-8601 UTC instant, now or at epoch seconds `t`."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if t is None else t))


class Client:
    def __init__(self, base):
        self.base = base
        self.token = None

    def call(self, method, path, body=None, expect=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        if expect is not None:
            assert status == expect, f"{method} {path} -> {status}: {text}"
        elif status >= 400:
            raise AssertionError(f"{method} {path} -> {status}: {text}")
        return json.loads(text) if text else None

    def raw(self, method, path):
        """The reply's body as text (an HTML or other non-JSON page); fails on an error status."""
        req = urllib.request.Request(self.base + path, method=method)
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.read().decode()

    def login(self, username, password):
        self.token = self.call("POST", "/v1/auth/login", {"username": username, "password": password})["token"]
        return self


def takes_map():
    """Whether this build of pingan takes a road network (`serve --map`)."""
    return "--map" in subprocess.run([BIN, "serve", "--help"], capture_output=True, text=True).stdout


def serve():
    """Starts `pingan serve` on a free loopback port with a throwaway data directory and the
    repository's Shanghai extract as its road network; yields the base URL, then stops it.
    PINGAN_E2E_BASE points the tests at a server already running instead (it must be fresh:
    the tests seed fixed codes and names)."""
    if os.environ.get("PINGAN_E2E_BASE"):
        yield os.environ["PINGAN_E2E_BASE"].rstrip("/")
        return
    if not os.access(BIN, os.X_OK):
        raise RuntimeError(f"no pingan binary at {BIN}: build it first (swift build --product pingan) or set PINGAN_BIN")
    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="pingan-e2e-")
    # a crash writes its backtrace into the log (Swift's backtracer, not waiting for a debugger)
    env = dict(os.environ, PINGAN_ADMIN_PASSWORD=ADMIN_PASSWORD, SWIFT_BACKTRACE="enable=yes,interactive=no,color=no")
    log = open(Path(data_dir) / "server.log", "w")
    args = [BIN, "serve", "--port", str(port), "--data-dir", data_dir, "--bcrypt-cost", "4"]
    if OSM.exists() and takes_map():
        args += ["--map", str(OSM)]
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                break
        except Exception:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("pingan did not start: " + (Path(data_dir) / "server.log").read_text())
            time.sleep(0.2)
    try:
        yield base
    finally:
        if proc.poll() is not None:
            # the server died under the tests: keep its log in out/ and print its end
            log.flush()
            kept = OUT / f"server-died-{port}.log"
            OUT.mkdir(exist_ok=True)
            shutil.copyfile(Path(data_dir) / "server.log", kept)
            lines = kept.read_text(errors="replace").splitlines()
            # from a little before the crash (the crashed thread's backtrace comes first), else the end
            at = next((i for i, l in enumerate(lines) if "Program crashed" in l or "Fatal error" in l), None)
            shown = lines[max(0, at - 10):at + 60] if at is not None else lines[-40:]
            print(f"\npingan exited with {proc.returncode} during the tests; its log ({kept}):\n" + "\n".join(shown))
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def make_driver(width=1600, height=1000, phone=False):
    """Headless Chromium; `phone` emulates a touch phone of width × height CSS pixels at 2x."""
    assert Path(CHROMIUM).exists(), "apt-get install -y chromium chromium-driver"
    OUT.mkdir(parents=True, exist_ok=True)
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                "--lang=zh-CN", "--autoplay-policy=no-user-gesture-required", "--hide-scrollbars",
                *os.environ.get("PINGAN_E2E_CHROME_ARGS", "").split()]:
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    d.set_script_timeout(60)
    if phone:
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
        d.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    return d


# How long a wait for something that will come gives it: a wait ends as soon as its condition
# holds, so a healthy run is no slower, and a CI machine that stalls for a few seconds (a
# checkpoint, the browser's own garbage collection) does not fail a test.
PATIENCE = 30


def wait(d, cond, timeout=PATIENCE, msg=""):
    # the pages redraw from the live feed, so an element may be replaced between look-up and use;
    # chromedriver reports one such race not as a stale element but as an inspector error
    # ("Node with given id does not belong to the document"): that too means "look again"
    def attempt(_):
        try:
            return cond()
        except WebDriverException as e:
            if "does not belong to the document" in (e.msg or ""):
                return False
            raise
    return WebDriverWait(d, timeout, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)).until(attempt, msg)


def read(d, f):
    """What `f` reads from the page, read again if a redraw replaced an element while it ran (the
    pages redraw from the live feed; `wait` treats a stale element as "look again")."""
    return wait(d, lambda: (f(),))[0]


def click(d, css, timeout=PATIENCE):
    """Clicks the element matching `css`, looking it up again if a redraw replaced it."""
    def attempt():
        d.find_element(By.CSS_SELECTOR, css).click()
        return True
    wait(d, attempt, timeout, msg=f"could not click {css}")


def fresh_page(d, url):
    """Opens `url` as a new document with the origin's storage cleared. Going through about:blank
    matters: a second `get` of the same address with a #hash is only a jump within the page, which
    would keep the old page running with its token gone."""
    d.get(url)
    d.execute_script("sessionStorage.clear(); localStorage.clear();")
    d.get("about:blank")
    d.get(url)


def field_login(d, base, username, password=PASSWORD, opened=True):
    """Signs in to the field page with a clean browser storage; with `opened`, waits for the page
    itself (a user without a unit gets a notice instead)."""
    fresh_page(d, base + "/field.html")
    wait(d, lambda: d.find_element(By.ID, "login").is_displayed(), msg="no sign-in form")
    d.find_element(By.ID, "login-user").send_keys(username)
    d.find_element(By.ID, "login-pass").send_keys(password)
    d.find_element(By.ID, "login-submit").click()
    if opened:
        wait(d, lambda: d.find_element(By.ID, "app").is_displayed(), msg="the field page did not open")


def console_login(d, base, username, password, query=""):
    """Signs in to the console with a clean browser storage and waits for the data and the live feed."""
    fresh_page(d, base + "/" + query)
    wait(d, lambda: d.find_element(By.ID, "login").is_displayed())
    d.find_element(By.ID, "login-user").send_keys(username)
    d.find_element(By.ID, "login-pass").send_keys(password)
    d.find_element(By.ID, "login-submit").click()
    wait(d, lambda: d.find_element(By.ID, "app").is_displayed(), msg="console did not open")
    wait(d, lambda: d.execute_script("return window.__pingan.marks.data != null"), msg="snapshot did not load")
    wait(d, lambda: d.execute_script("return !!(window.__pingan.live && window.__pingan.live.connected)"), msg="live feed did not connect")


def shot(d, name):
    d.save_screenshot(str(OUT / name))


def script_errors(d):
    """Uncaught exceptions and console.error lines logged by the page since the last call
    (failed HTTP requests, which Chromium also logs as errors, are left out: the pages show those)."""
    try:
        entries = d.get_log("browser")
    except Exception:
        return []
    return [e["message"] for e in entries if e["level"] == "SEVERE" and "Failed to load resource" not in e["message"]
            and "WebSocket connection" not in e["message"]]


def untranslated(d, roots=".topbar, #admin, #audit"):
    """Keys looked up but missing in the language shown, and key-like text left on the page under
    `roots` (ids, types and hashes in <code> and the JSON are data, not words)."""
    return d.execute_script("""
        const keyLike = /^(view|admin|audit|level|role|unitKind|unitStatus|error|tab|layer|policy|rule|span|card|incident)\\.[\\w.]+$/;
        const found = [];
        for (const root of document.querySelectorAll(arguments[0])) {
          const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (n.parentElement.closest('code, pre')) continue;
            const s = n.textContent.trim(); if (keyLike.test(s)) found.push(s);
          }
          for (const el of root.querySelectorAll('[title], [placeholder], [aria-label]'))
            for (const v of [el.title, el.placeholder, el.getAttribute('aria-label')]) if (v && keyLike.test(v.trim())) found.push(v);
        }
        return {missing: window.__pingan.missingKeys, onPage: found};""", roots)


def lang_of(d):
    return d.execute_script("return document.documentElement.lang")


def toggle_language(d):
    before = lang_of(d)
    click(d, ".topbar .lang-toggle")
    wait(d, lambda: lang_of(d) != before)


def text(d, css):
    return d.execute_script("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null", css)


def flat(d, css):
    """The text of the element matching `css` on one line (chips are flex boxes: innerText breaks them)."""
    return d.execute_script("const e = document.querySelector(arguments[0]); return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null", css)


def no_script_errors(d):
    errors = script_errors(d)
    assert not errors, errors


def no_missing_keys(d):
    missing = d.execute_script("return window.__pingan.missingKeys")
    assert not missing, missing


def downloaded(d, css):
    """Clicks `css` and returns (file name, text) of the file the page offers to save, caught
    before the browser saves it (the page saves through an anchor's click)."""
    d.execute_script("""window.__downloads = [];
        if (!window.__clickStub) {
          window.__clickStub = HTMLAnchorElement.prototype.click;
          HTMLAnchorElement.prototype.click = function () {
            if (this.download) { window.__downloads.push([this.download, this.href]); return; }
            return window.__clickStub.call(this);
          };
        }""")
    click(d, css)
    wait(d, lambda: d.execute_script("return window.__downloads.length") == 1, 15, msg=f"nothing offered by {css}")
    return tuple(d.execute_async_script("""const done = arguments[arguments.length - 1];
        const [name, href] = window.__downloads[0];
        fetch(href).then(r => r.text()).then(text => done([name, text]));"""))


def listed(d, entity_id, timeout=PATIENCE):
    """Waits for `entity_id`'s row in the administration's list. When it does not come, says what
    the page had instead: the section, whether the console holds the entity at all, the list's
    text, and the browser's log since the last look (failed requests included)."""
    try:
        return wait(d, lambda: d.find_elements(By.CSS_SELECTOR, f'#adm-list [data-id="{entity_id}"]'), timeout)
    except TimeoutException:
        seen = d.execute_script("""const p = window.__pingan, s = p.state, id = arguments[0];
            return {view: document.getElementById('app')?.dataset.view, section: p.admin?.section?.id, visible: p.admin?.visible,
                    loadError: p.admin?.loadError, held: ['jurisdictions', 'zones', 'posts', 'units', 'users', 'sensors'].filter((k) => s[k]?.has?.(id)),
                    list: document.getElementById('adm-list')?.innerText.slice(0, 600), live: !!p.live?.connected}""", entity_id)
        log = [e["message"] for e in d.get_log("browser")]
        raise AssertionError(f"{entity_id} is not listed: {seen}; browser log: {log}") from None


def admin_form(d, section, entity_id):
    """Opens the administration's `section` and `entity_id`'s form in it (signed in already)."""
    click(d, '.view-tab[data-view="admin"]')
    click(d, f'.adm-tab[data-section="{section}"]')
    pick(d, entity_id)


def pick(d, entity_id):
    """Opens `entity_id`'s form from the administration's list open now."""
    listed(d, entity_id)
    click(d, f'#adm-list [data-id="{entity_id}"]')
    wait(d, lambda: d.find_element(By.CSS_SELECTOR, ".adm-editor").get_attribute("data-id") == entity_id, msg=f"no form for {entity_id}")
