from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

# SIGTERM (`timeout`, a cancelled CI job) stops the whole run, also while a Prefect flow runs in a test
pytest_plugins = ["stop_on_sigterm"]

DATA = Path(__file__).parent / "data"
LABELLED = DATA / "labelled"
SEED = Path(__file__).parents[1] / "seeds" / "000_ddc4de0ab6465bbc.txt"


def load_gold(name: str) -> dict:
    return json.loads((LABELLED / "gold" / f"{Path(name).stem}.json").read_text(encoding="utf-8"))


def dump_paths() -> list[Path]:
    return sorted((LABELLED / "dumps").glob("*.txt"))


@pytest.fixture(params=dump_paths(), ids=lambda p: p.stem)
def dump(request) -> Path:
    return request.param


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect API for the whole session: it costs seconds to start."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def make_corpus(folder: Path, copies: int) -> list[Path]:
    """`copies` distinct dumps made from the labelled ones: each gets a unique closing paragraph, so that
    no two are the same article."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = dump_paths()
    written = []
    for n in range(copies):
        src = sources[n % len(sources)]
        text = src.read_text(encoding="utf-8")
        path = folder / f"{n // 100:03d}" / f"{src.stem}-{n:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"{text}\n\nThis closing paragraph number {n} makes the copy a distinct article.\n", encoding="utf-8")
        written.append(path)
    return written


def articles(dest: Path) -> list[dict]:
    import pyarrow.dataset as pads

    folder = Path(dest) / "articles"
    return pads.dataset(folder, partitioning="hive").to_table().to_pylist() if folder.exists() else []


# A headless chromium driven by selenium, for the pages a person uses (the review page): Debian's browser and its
# matching driver, nothing downloaded.
@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(downloads):
    """One headless chromium for the module: Debian's browser and its matching driver (nothing downloaded)."""
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or chromedriver is None:
        pytest.skip("chromium or chromedriver is not installed (.ci/run installs Debian's chromium and chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra)")

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1600",
                     "--force-device-scale-factor=1", "--hide-scrollbars"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=chromedriver))
    browser.set_script_timeout(10)
    yield browser
    browser.quit()
