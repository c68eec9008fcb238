"""Generates a Python client from a running server's /openapi.json with openapi-python-client
(PyPI), imports every module of it, and uses it: signs in, creates a city, a district and an
incident, and reads the incident back, all through the generated, typed calls and models.

    python3 Tests/fuzz/client_check.py BASE_URL ADMIN_PASSWORD
"""
import importlib
import json
import pkgutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

base, password = sys.argv[1], sys.argv[2]
work = Path(tempfile.mkdtemp(prefix="pingan-client-"))
(work / "openapi.json").write_bytes(urllib.request.urlopen(base + "/openapi.json").read())
subprocess.run([sys.executable, "-m", "openapi_python_client", "generate", "--path", str(work / "openapi.json"),
                "--output-path", str(work / "client"), "--overwrite"], check=True, capture_output=True)
sys.path.insert(0, str(work / "client"))
name = "pingan_command_and_dispatch_api_client"
package = importlib.import_module(name)
modules = [info.name for info in pkgutil.walk_packages(package.__path__, name + ".")]
for m in modules:
    importlib.import_module(m)

api = lambda path: importlib.import_module(f"{name}.api.{path}")
models = importlib.import_module(f"{name}.models")
client_mod = importlib.import_module(name)

anonymous = client_mod.Client(base_url=base)
session = api("auth.post_v1_auth_login").sync(client=anonymous, body=models.PostV1AuthLoginBody(username="admin", password=password))
assert isinstance(session, models.Session), session
c = client_mod.AuthenticatedClient(base_url=base, token=session.token)
city = api("organisation.post_v1_jurisdictions").sync(client=c, body=models.PostV1JurisdictionsBody(
    level=models.PostV1JurisdictionsBodyLevel.CITY, code="GEN", name="生成客户端市"))
assert isinstance(city, models.Jurisdiction), city
district = api("organisation.post_v1_jurisdictions").sync(client=c, body=models.PostV1JurisdictionsBody(
    parent_id=city.id, level=models.PostV1JurisdictionsBodyLevel.DISTRICT, code="GEN-D", name="区"))
assert isinstance(district, models.Jurisdiction), district
incident = api("incidents.post_v1_incidents").sync(client=c, body=models.PostV1IncidentsBody(
    category="dispute", priority=2, location=models.PostV1IncidentsBodyLocation(lat=31.2352, lon=121.4801),
    address="南京东路300号", description="generated client", jurisdiction_id=district.id))
assert isinstance(incident, models.Incident), incident
again = api("incidents.get_v1_incidents_by_id").sync(client=c, id=incident.id)
assert isinstance(again, models.Incident) and again.number == incident.number, again
print(json.dumps({"clientModules": len(modules), "operations": len([m for m in modules if m.count(".") == 3 and ".api." in m]),
                  "incident": incident.number, "status": again.status.value}))
