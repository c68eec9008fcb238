"""Shared by the bench scripts: start a `pingan serve` child on a free loopback port, call its
JSON API, and seed a city → district → station tree to hang units and incidents on."""
import http.client, json, os, socket, subprocess, sys, time, urllib.request

PASSWORD = "bench-admin-password"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def call(base, method, path, token=None, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"null")


def start(bin_path, data_dir, extra_args=()):
    """Starts the server and waits for /healthz; returns (process, base URL, port)."""
    port = free_port()
    args = [bin_path, "serve", "--port", str(port), "--data-dir", data_dir, "--bcrypt-cost", "4", "--log-level", "warning", *extra_args]
    env = dict(os.environ, PINGAN_ADMIN_PASSWORD=PASSWORD)
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            call(base, "GET", "/healthz")
            return proc, base, port
        except Exception:
            if proc.poll() is not None:
                sys.exit(f"pingan serve exited with {proc.returncode}")
            time.sleep(0.1)
    sys.exit("pingan serve did not start")


def login(base):
    return call(base, "POST", "/v1/auth/login", body={"username": "admin", "password": PASSWORD})["token"]


def seed_station(base, centre=(31.23, 121.47)):
    """Signs in as admin and creates a small tree; returns (token, station ID)."""
    token = login(base)
    city = call(base, "POST", "/v1/jurisdictions", token, {"level": "city", "code": "BENCH", "name": "Bench city"})["id"]
    district = call(base, "POST", "/v1/jurisdictions", token, {"parentID": city, "level": "district", "code": "BD", "name": "Bench district"})["id"]
    station = call(base, "POST", "/v1/jurisdictions", token, {"parentID": district, "level": "station", "code": "BS", "name": "Bench station",
                                                              "location": {"lat": centre[0], "lon": centre[1]}})["id"]
    return token, station


def iso(t):
    """An epoch time as the API's timestamps write it (UTC, milliseconds)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int((t % 1) * 1000)


class Client:
    """One keep-alive connection for a load thread; a transport error answers (None, None): the
    request was not acknowledged, and the next one reconnects."""

    def __init__(self, port, token):
        self.port, self.token, self.conn = port, token, None

    def request(self, method, path, body=None, key=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": "Bearer " + self.token}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        if key:
            headers["Idempotency-Key"] = key
        try:
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
            payload = r.read()
            return r.status, (json.loads(payload) if payload else None)
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            return None, None
