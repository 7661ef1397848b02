"""JupyterLab in a real browser: the notebooks open with the project's kernel and run through the UI.

A JupyterLab server (127.0.0.1, a free port, a token) serves the repository the way `make lab` does;
headless Chromium (Debian's package, driven by Playwright with that executable: no browser download)
opens notebooks/03_backprop.ipynb (the quickest notebook), clears its outputs, runs all cells from the
Run menu, waits for the kernel to go idle, then checks that the kernel is the one the notebook names
(no kernel dialog), that every code cell ran, that no cell shows an error or stderr, that the figures
rendered, and that JupyterLab does not offer to fetch news (the project's jupyter/overrides.json,
which `make setup` installs into .venv, turns the news and update checks off). The screenshot is saved as
build/jupyterlab.png.

What it protects is the checkout: every file under notebooks/ and the report's artefacts hash the same
before and after, and the browser sent no save, rename or delete of a notebook. Checkpoints are
allowed (JupyterLab makes one when it opens a notebook that has none) but go to a temporary folder,
as do the server's HOME, Jupyter and JupyterLab settings and runtime files; the notebook's
figures/tables/results go to HW1_OUTPUT_DIR there, and autosave is off. The server, its kernels and
the browser are stopped whatever happens.

Without Chromium (or Playwright) the test is skipped, unless HW1_REQUIRE_BROWSER=1 (as `make test`
sets): then it fails. HW1_CHROMIUM names another Chromium executable.
"""
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import matplotlib
import psutil
import pytest

from hw1 import ROOT
NOTEBOOK = "notebooks/03_backprop.ipynb"
SCREENSHOT = ROOT / "build" / "jupyterlab.png"
SERVER_START_S = 90
RUN_ALL_S = 240
# Headless Chromium on a closed network: no calls to Google's hosts (Playwright adds --no-sandbox).
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# JupyterLab user settings for the test: no autosave (the committed notebook is never written), every
# cell in the page (no windowing, so all cells can be counted). The news check is off for everyone by
# the project's jupyter/overrides.json (installed into .venv by `make setup`), which the test checks
# rather than sets.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}
NEWS_PROMPT = "notified about official Jupyter news"
# Requests that would change a notebook: a save (PUT), a rename (PATCH), a delete, a new file (POST
# to a folder). A POST to .../checkpoints is not among them: it writes to the temporary folder.
CHANGES = {"PUT", "PATCH", "DELETE", "POST"}

# With `--dist loadgroup` this keeps the test on one worker; with the project's `--dist loadscope`
# the module is one scope, so it runs on one worker anyway.
pytestmark = pytest.mark.xdist_group("browser")


def missing(reason):
    """Skip, or fail where the browser test is required (`make test` sets HW1_REQUIRE_BROWSER=1)."""
    if os.environ.get("HW1_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (HW1_REQUIRE_BROWSER=1 requires the browser test)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    path = os.environ.get("HW1_CHROMIUM") or shutil.which("chromium")
    if not path:
        missing("Chromium is missing: install Debian's package chromium (`make browser` does, as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is missing: run `make setup` (requirements.txt pins it)")
    return path, sync_playwright


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process):
    """SIGTERM the server (it shuts its kernels down), then kill whatever of its tree is left."""
    try:
        tree = [process, *psutil.Process(process.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    _, alive = psutil.wait_procs(tree, timeout=15)
    for proc in alive:
        proc.kill()
    psutil.wait_procs(alive, timeout=5)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=5)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on the repository; yields its base URL, token and HW1_OUTPUT_DIR."""
    tmp = tmp_path_factory.mktemp("jupyterlab")
    settings = tmp / "lab-settings"
    for plugin, values in LAB_SETTINGS.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    # matplotlib's font list from this process's cache (not its settings), so that the kernel does not
    # scan the system's fonts again in its empty MPLCONFIGDIR (about 1.4 s of CPU)
    (tmp / "mpl").mkdir()
    for font_list in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
        shutil.copy2(font_list, tmp / "mpl")
    env = {key: value for key, value in os.environ.items() if key != "HW1_DATASET"}
    env.update({
        "HOME": str(tmp / "home"), "IPYTHONDIR": str(tmp / "ipython"), "MPLCONFIGDIR": str(tmp / "mpl"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"), "HW1_OUTPUT_DIR": str(tmp / "artefacts"),
    })
    port, token = free_port(), secrets.token_hex(16)
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={ROOT}", f"--FileCheckpoints.root_dir={tmp / 'checkpoints'}",
         "--LabApp.extension_manager=readonly",
         "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with {server.returncode}:\n{(tmp / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer in {SERVER_START_S} s:\n{(tmp / 'server.log').read_text()}")
                time.sleep(0.5)
        yield url, token, tmp / "artefacts"
    finally:
        stop(server)
        log.close()


# What the page shows: code cells, those that ran ([n]:), error/stderr outputs, images, and the
# status bar's kernel item ("Python 3 (hw1) | Idle").
STATE_JS = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
    const kernel = [...document.querySelectorAll('.jp-StatusBar-TextItem')].map(e => e.textContent.trim())
        .find(text => /[|] (Idle|Busy|Starting|Initializing|Restarting|Unknown|Connecting)/.test(text));
    return {
        cells: prompts.length,
        ran: prompts.filter(p => /^\\[\\d+\\]:$/.test(p)).length,
        stderr: [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map(o => o.textContent.slice(0, 500)),
        images: document.querySelectorAll('.jp-OutputArea-output img').length,
        kernel: kernel || null,
    };
}"""


def wait_for_state(page, condition, timeout_s):
    """Wait until `condition` (JavaScript over the state `s`) holds."""
    page.wait_for_function(f"() => {{ const s = ({STATE_JS})(); return {condition}; }}", timeout=timeout_s * 1000)
    return page.evaluate(STATE_JS)


def click_menu(page, menu, item):
    """Click a menu of the menu bar, then one of its items, as a user does."""
    page.locator(".lm-MenuBar-item", has_text=menu).first.click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def checkout_files():
    """sha256 of every file under notebooks/ (hidden ones included) and of the report's artefacts."""
    paths = [*ROOT.glob("notebooks/**/*"), *ROOT.glob("notebooks/.*/**/*"), *ROOT.glob("figures/*"),
             *ROOT.glob("report/*/*"), ROOT / "report" / "hw1.pdf"]
    return {str(path.relative_to(ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(set(paths)) if path.is_file()}


def changes_a_notebook(request):
    """Whether the browser's request would save, rename, delete or create a file in the checkout."""
    return ("/api/contents" in request.url and request.method in CHANGES
            and not request.url.split("?")[0].endswith("/checkpoints"))


def test_notebook_runs_in_jupyterlab(chromium, lab):
    url, token, artefacts = lab
    executable, sync_playwright = chromium
    before = checkout_files()
    notebook = json.loads((ROOT / NOTEBOOK).read_text())
    kernel_name = notebook["metadata"]["kernelspec"]["name"]
    num_code_cells = sum(cell["cell_type"] == "code" for cell in notebook["cells"])
    SCREENSHOT.parent.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            writes = []  # every request that would change a file in the checkout through the server
            page.on("request", lambda request: writes.append(f"{request.method} {request.url}")
                    if changes_a_notebook(request) else None)
            try:
                page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}")
                # The kernel the notebook names resolves: no kernel dialog, it starts and goes idle.
                wait_for_state(page, f"s.cells === {num_code_cells} && /[|] Idle$/.test(s.kernel)", SERVER_START_S)
                assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").inner_text()
                # Clear the stored outputs first: the figures checked below are drawn by this run.
                click_menu(page, "Edit", "Clear Outputs of All Cells")
                wait_for_state(page, "s.images === 0 && s.ran === 0", 30)
                click_menu(page, "Run", "Run All Cells")
                # Busy until the last cell has run; a failing cell stops the run, leaving cells without [n].
                wait_for_state(page, "s.ran === s.cells || s.stderr.length > 0", RUN_ALL_S)
                after = wait_for_state(page, "/[|] Idle$/.test(s.kernel)", RUN_ALL_S)
                assert after["stderr"] == [], after["stderr"]
                assert after["ran"] == after["cells"] == num_code_cells, after
                assert after["images"] >= 2, after  # both figures of the notebook, drawn by this run
                sessions = json.loads(urllib.request.urlopen(f"{url}/api/sessions?token={token}").read())
                assert [s["kernel"]["name"] for s in sessions] == [kernel_name], sessions
                assert writes == [], writes  # no save, rename, delete or new file
                assert NEWS_PROMPT not in page.locator("body").inner_text()
                page.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
            finally:
                page.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()
    # The run wrote its artefacts to HW1_OUTPUT_DIR; in the checkout no file was added, changed or removed.
    assert (artefacts / "report" / "results" / "backprop.json").is_file()
    assert list((artefacts / "figures").glob("backprop*.pdf"))
    assert checkout_files() == before


def test_news_check_is_off(lab):
    """The project's settings reach the server: by default JupyterLab never asks to fetch news."""
    url, token, _ = lab
    plugin = "@jupyterlab/apputils-extension:notification"
    with urllib.request.urlopen(f"{url}/lab/api/settings/{plugin}?token={token}") as response:
        defaults = json.loads(response.read())["schema"]["properties"]
    assert defaults["fetchNews"]["default"] == "false"
    assert defaults["checkForUpdates"]["default"] is False
