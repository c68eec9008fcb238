"""Fixtures shared by the browser tests: one throwaway server per test file, a desktop browser
for the console and a phone-sized one for the field page. Helpers are in e2e_support.py."""
import pytest

from e2e_support import make_driver, serve


@pytest.fixture(scope="module")
def server():
    try:
        yield from serve()
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="module")
def driver():
    d = make_driver()
    yield d
    d.quit()


@pytest.fixture(scope="module")
def phone():
    """A 390 × 844 portrait phone (touch, 2x pixels)."""
    d = make_driver(390, 844, phone=True)
    yield d
    d.quit()
