"""Browser test: the lessons run in JupyterLab, in headless Chromium, the way students use them.

One JupyterLab server per session serves *copies* of the lesson notebooks (and ``images/``) from a
temporary root, with a random port, a random token and temporary runtime / config / data /
settings / workspace directories, so neither the committed notebooks nor anything of the user's
is touched and the layout is fresh. For each lesson notebook the test opens it through Playwright,
waits for its kernel, clicks Edit > Clear Outputs of All Cells (so everything shown comes from
this run) and Run > Run All Cells, waits until no prompt shows ``[*]`` and the kernel is idle
(in the page and through the server's REST API), takes a full-notebook screenshot (the path is
printed), and asserts, cell by cell against the committed notebook:

- every (non-empty) code cell has an execution count;
- no output is rendered as stderr (JupyterLab renders both tracebacks and stderr streams with
  ``data-mime-type="application/vnd.jupyter.stderr"``);
- every figure of the committed notebook is rendered as a loaded ``<img>`` (and no
  ``<Figure size ...>`` text is shown instead); Markdown pictures load too;
- every check cell's line ``<exercise>: all N cases passed.`` is visible.

A second server, with ``PYTHONPATH`` set to a freshly built student edition
(``python -m course_instructor release OUT_DIR``), checks that the edition's lesson 1 stops at the
first exercise with the stub's NotImplementedError message visible.

Needs Chromium (Debian: ``apt-get install -y chromium``). Without it the tests are skipped,
and a lesson notebook that does not exist yet is skipped, except under CI (``CI`` set), where
both are failures.  NN_COURSE_BROWSER_TIMEOUT (s, default 600) bounds one notebook's run.
Run:  pytest -m browser -s
"""
import ast
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO / "notebooks"
LESSONS = ("01_logistic_regression_cats.ipynb",
           "02_planar_one_hidden_layer.ipynb",
           "03_deep_neural_network.ipynb")
INSTALL_HINT = ("install Chromium for the browser test, e.g. `apt-get install -y chromium` "
                "(Debian/Ubuntu; fonts-dejavu-core and fonts-liberation for legible text)")

RUN_TIMEOUT = float(os.environ.get("NN_COURSE_BROWSER_TIMEOUT", 600))  # s per notebook
SERVER_TIMEOUT = 120   # s for JupyterLab to answer, and for a kernel to become ready
POLL = 0.5             # s between polls of the page
VIEWPORT = {"width": 1280, "height": 900}
MAX_SCREENSHOT_HEIGHT = 60000  # px; a taller notebook is cut off at the bottom of the picture
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps",
                 "--disable-extensions", "--mute-audio"]

STDERR_MIME = "application/vnd.jupyter.stderr"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
SUCCESS_RE = re.compile(r"^.*: all \d+ cases? passed\.$", re.MULTILINE)
STUB_FILE = "course_utils/logistic_regression.py"

# JupyterLab settings for the test's own (temporary) user-settings directory.
LAB_SETTINGS = {
    # no "Would you like to get notified about official Jupyter news?" toast, no update check
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    # never write the notebook (we also only ever open copies)
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def _fail_or_skip(reason):
    """Skip, with what to install; CI (--forbid-skips) turns the skip into a failure."""
    pytest.skip(reason)


def _lesson_params():
    """The three lessons, plus any further NN_*.ipynb lesson that exists."""
    names = list(LESSONS)
    names += sorted(p.name for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")
                    if p.name not in names)
    return names


# --------------------------------------------------------------------------------------------
# JupyterLab server
# --------------------------------------------------------------------------------------------

def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_is_free(port):
    """True when nothing listens on 127.0.0.1:port (bindable, connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        if s.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # ignore TIME_WAIT leftovers
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _proc_stat(pid):
    """(parent pid, start time) of a live process, from /proc; None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2:].split()
    return int(fields[1]), int(fields[19])


def _descendants(pid):
    """[(pid, start time)] of all live descendants of pid (empty where there is no /proc)."""
    children = {}
    for entry in Path("/proc").glob("[0-9]*"):
        stat = _proc_stat(entry.name)
        if stat:
            children.setdefault(stat[0], []).append((int(entry.name), stat[1]))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child[0])
    return found


class JupyterLab:
    """A JupyterLab server in its own process group, with everything of its own in `home`."""

    def __init__(self, root_dir, home, extra_env=None):
        self.root_dir = Path(root_dir)
        self.home = Path(home)
        self.token = secrets.token_hex(24)
        self.port = None
        self.proc = None
        self.log_path = self.home / "jupyterlab.log"
        self.extra_env = dict(extra_env or {})

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _env(self):
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)      # a non-inline backend would drop the figures
        env.pop("JUPYTER_PLATFORM_DIRS", None)
        dirs = {"JUPYTER_RUNTIME_DIR": "runtime", "JUPYTER_CONFIG_DIR": "config",
                "JUPYTER_DATA_DIR": "data", "IPYTHONDIR": "ipython"}
        for var, sub in dirs.items():
            (self.home / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(self.home / sub)
        env.update(self.extra_env)
        return env

    def warm_up(self):
        """Build matplotlib's font cache first: on a fresh machine its one-off notice
        ("Matplotlib is building the font cache; this may take a moment.") would otherwise
        land on the first figure cell's stderr."""
        subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], env=self._env(),
                       cwd=self.home, capture_output=True, timeout=600)

    def _write_settings(self):
        settings = self.home / "settings"
        for rel, values in LAB_SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=1))
        (self.home / "workspaces").mkdir(exist_ok=True)
        return settings

    def start(self):
        settings = self._write_settings()
        for _attempt in range(3):         # another process may grab the free port meanwhile
            self.port = _free_port()
            cmd = [sys.executable, "-m", "jupyterlab",
                   "--no-browser", "--allow-root",
                   "--ServerApp.open_browser=False",
                   "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                   f"--ServerApp.token={self.token}",
                   f"--ServerApp.root_dir={self.root_dir}",
                   f"--LabApp.user_settings_dir={settings}",
                   f"--LabApp.workspaces_dir={self.home / 'workspaces'}",
                   "--LabApp.news_url=None",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--ServerApp.terminals_enabled=False"]
            log = open(self.log_path, "ab")
            try:
                self.proc = subprocess.Popen(cmd, env=self._env(), cwd=self.root_dir,
                                             stdin=subprocess.DEVNULL, stdout=log,
                                             stderr=subprocess.STDOUT, start_new_session=True)
            finally:
                log.close()
            if self._wait_ready():
                return self
            self.stop()
        raise RuntimeError(f"JupyterLab did not start; its log:\n{self.log_tail()}")

    def _wait_ready(self):
        deadline = time.monotonic() + SERVER_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                self.api("GET", "/api/status")
                return True
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        return False

    def api(self, method, path, timeout=10):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def kernel_states(self, nb_path):
        """execution_state of the kernel of each session on nb_path (relative to root_dir)."""
        return [s["kernel"]["execution_state"] for s in self.api("GET", "/api/sessions")
                if s.get("path") == nb_path and s.get("kernel")]

    def shutdown_sessions(self):
        try:
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
        except (OSError, urllib.error.URLError):
            pass

    def log_tail(self, chars=4000):
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def stop(self):
        """Terminate the server's process group (and its kernels); wait; kill if needed."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        family = _descendants(proc.pid)
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=30)
        for pid, started in family:    # kernels run in sessions of their own
            stat = _proc_stat(pid)
            if stat and stat[1] == started:      # still the same process, not a reused pid
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        deadline = time.monotonic() + 30
        while not _port_is_free(self.port) and time.monotonic() < deadline:
            time.sleep(0.2)


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        _fail_or_skip(f"Chromium not found: {INSTALL_HINT}")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _fail_or_skip("Playwright for Python is not installed: pip install -r requirements.txt")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser-screenshots")
    print(f"\n[browser] screenshots go to {path}")
    return path


def _serve(tmp_path_factory, name, root_dir, extra_env=None):
    """Start a JupyterLab on root_dir; yield it; always stop it and check its port is free."""
    lab = JupyterLab(root_dir, tmp_path_factory.mktemp(f"{name}-jupyter-home"), extra_env)
    try:
        lab.warm_up()
        lab.start()
        print(f"\n[browser] JupyterLab ({name}) serves {root_dir} on port {lab.port}")
        yield lab
    finally:
        port = lab.port
        if lab.proc is not None:
            lab.shutdown_sessions()
        lab.stop()
        assert port is None or _port_is_free(port), f"JupyterLab still listens on port {port}"
        print(f"\n[browser] JupyterLab ({name}) stopped; port {port} is free")


@pytest.fixture(scope="session")
def course_lab(tmp_path_factory, browser):
    """JupyterLab serving copies of notebooks/ and images/ (the committed files stay as
    they are)."""
    root = tmp_path_factory.mktemp("course-root")
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if (REPO / "images").is_dir():
        shutil.copytree(REPO / "images", root / "images")
    yield from _serve(tmp_path_factory, "course", root)


@pytest.fixture(scope="session")
def student_edition(tmp_path_factory):
    """The student edition, built by ``python -m course_instructor release OUT_DIR``."""
    if not (REPO / "course_instructor").exists():
        _fail_or_skip("course_instructor (the student-edition builder) does not exist yet")
    out = tmp_path_factory.mktemp("student-edition") / "nn-course"
    result = subprocess.run([sys.executable, "-m", "course_instructor", "release", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"`python -m course_instructor release {out}` failed "
                    f"(exit {result.returncode}):\n{result.stdout}\n{result.stderr}",
                    pytrace=False)
    return out


@pytest.fixture(scope="session")
def edition_lab(tmp_path_factory, browser, student_edition):
    """JupyterLab on the student edition; its kernels import the edition's own course_utils."""
    pythonpath = os.pathsep.join(p for p in (str(student_edition),
                                             os.environ.get("PYTHONPATH", "")) if p)
    yield from _serve(tmp_path_factory, "edition", student_edition,
                      {"PYTHONPATH": pythonpath})


# --------------------------------------------------------------------------------------------
# Driving JupyterLab
# --------------------------------------------------------------------------------------------

# Everything below runs in the page. Selectors: the notebook is the visible .jp-NotebookPanel;
# its cells are .jp-Cell in document order (one per notebook cell: JupyterLab 4's default
# windowing mode "contentVisibility" keeps every cell in the DOM, but does not render cells off
# screen, whose innerText is then empty: prompts are read with textContent, outputs with
# innerText only once the viewport holds the whole notebook); prompts are .jp-InputArea-prompt
# ("[ ]:", "[*]:", "[7]:"); outputs are .jp-OutputArea-output with data-mime-type of the
# rendered output.
JS_STATE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const label = panel.querySelector('.jp-KernelName .jp-ToolbarButtonComponent-label');
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const dialog = document.querySelector('.jp-Dialog');
  return {
    kernel: label ? label.innerText.trim() : null,
    status: indicator ? indicator.dataset.status : null,
    prompts: Array.from(panel.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt'))
                  .map(e => e.textContent.trim()),
    dialog: dialog ? dialog.innerText : null,
  };
}"""

JS_CELLS = """([stderrMime]) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const imgInfo = img => ({loaded: img.complete && img.naturalWidth > 0,
                           src: (img.getAttribute('src') || '').split('?')[0].slice(0, 80)});
  return Array.from(panel.querySelectorAll('.jp-Notebook .jp-Cell')).map(cell => {
    const outputs = Array.from(cell.querySelectorAll('.jp-OutputArea-output'));
    // below a notebook taller than MAX_SCREENSHOT_HEIGHT cells are not rendered: use textContent
    const shown = cell.getBoundingClientRect().top < window.innerHeight;
    const text = o => shown ? o.innerText : o.textContent;
    return {
      type: cell.classList.contains('jp-CodeCell') ? 'code'
            : cell.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw',
      prompt: (cell.querySelector('.jp-InputArea-prompt') || {textContent: ''}).textContent.trim(),
      text: outputs.map(text).join('\\n'),
      outputImages: outputs.flatMap(o => Array.from(o.querySelectorAll('img'))).map(imgInfo),
      markdownImages: Array.from(cell.querySelectorAll('.jp-MarkdownOutput img')).map(imgInfo),
      markdown: (cell.querySelector('.jp-RenderedMarkdown') || {textContent: ''}).textContent,
      stderr: outputs.filter(o => o.dataset.mimeType === stderrMime ||
                                  o.querySelector(`[data-mime-type="${stderrMime}"]`))
                     .map(text),
    };
  });
}"""


def _wait(predicate, timeout, what, page=None, lab=None):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            state = page.evaluate(JS_STATE) if page is not None else None
            log = f"\nJupyterLab's log ends with:\n{lab.log_tail()}" if lab is not None else ""
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; "
                                 f"page state: {state}{log}")
        time.sleep(POLL)


def open_notebook(context, lab, nb_path):
    """Open nb_path (relative to the server's root) in a fresh workspace; wait for its kernel."""
    page = context.new_page()
    workspace = re.sub(r"\W+", "-", nb_path)
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{nb_path}?reset&token={lab.token}",
              timeout=SERVER_TIMEOUT * 1000)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell",
                           timeout=SERVER_TIMEOUT * 1000)

    def kernel_ready():
        state = page.evaluate(JS_STATE)
        if state and state["dialog"]:
            raise AssertionError(f"JupyterLab shows a dialog: {state['dialog']!r}")
        return (state and state["kernel"] not in (None, "", "No Kernel")
                and state["status"] == "idle" and lab.kernel_states(nb_path) == ["idle"])
    _wait(kernel_ready, SERVER_TIMEOUT, f"the kernel of {nb_path} to be ready", page, lab)
    return page


def _menu(page, menu, item):
    """Click menu bar `menu`, then its entry labelled `item` (labels, as a student sees them)."""
    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(".lm-Menu .lm-Menu-item[role=menuitem]", has=page.locator(
        ".lm-Menu-itemLabel", has_text=re.compile(rf"^{item}$"))).click()


def clear_all_outputs(page, lab):
    """Edit > Clear Outputs of All Cells: whatever the page shows afterwards comes from this run."""
    _menu(page, "Edit", "Clear Outputs of All Cells")
    cleared = """() => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      return !panel.querySelector('.jp-Notebook .jp-OutputArea-output') &&
        Array.from(panel.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt'))
             .every(e => e.textContent.trim() === '[ ]:'); }"""
    _wait(lambda: page.evaluate(cleared), 60, "the outputs to be cleared", page, lab)


def run_all_cells(page, lab, nb_path, timeout=RUN_TIMEOUT):
    """Clear all outputs, then Run > Run All Cells; wait until nothing runs; return seconds."""
    clear_all_outputs(page, lab)
    start = time.monotonic()
    _menu(page, "Run", "Run All Cells")

    def started():
        prompts = page.evaluate(JS_STATE)["prompts"]
        return any(p != "[ ]:" for p in prompts) or not prompts
    _wait(started, 60, "Run All Cells to start", page, lab)

    calm = []

    def finished():
        state = page.evaluate(JS_STATE)
        if state["dialog"]:
            raise AssertionError(f"JupyterLab shows a dialog: {state['dialog']!r}")
        done = (not any("*" in p for p in state["prompts"]) and state["status"] == "idle"
                and lab.kernel_states(nb_path) == ["idle"])
        calm.append(done)
        return calm[-3:] == [True] * 3       # stable over three polls
    _wait(finished, timeout, f"all cells of {nb_path} to finish", page, lab)
    return time.monotonic() - start


def wait_for_images(page, timeout=30):
    """Wait until every <img> in the notebook has loaded (or failed)."""
    js = """() => Array.from(document.querySelectorAll(
                 '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook img'))
                 .every(i => i.complete)"""
    try:
        _wait(lambda: page.evaluate(js), timeout, "the pictures to load")
    except AssertionError:
        pass                                  # reported per picture by the checks


def full_screenshot(page, path):
    """Screenshot of the whole notebook: grow the viewport until the notebook needs no scrolling."""
    # How far the last cell's bottom lies below the visible part of the notebook's scroller
    # (not scrollHeight: JupyterLab adds empty room after the last cell, "scrollPastEnd").
    # Cells off screen have estimated heights until rendered, so repeat until it settles.
    measure = """() => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      const outer = panel && panel.querySelector('.jp-WindowedPanel-outer');
      const cells = panel ? panel.querySelectorAll('.jp-Notebook .jp-Cell') : [];
      if (!outer || !cells.length) return null;
      outer.scrollTop = 0;
      return Math.ceil(cells[cells.length - 1].getBoundingClientRect().bottom
                       - outer.getBoundingClientRect().bottom); }"""
    height = VIEWPORT["height"]
    for _ in range(6):
        hidden = page.evaluate(measure)
        if hidden is None or -40 <= hidden <= 0 or height >= MAX_SCREENSHOT_HEIGHT:
            break
        height = max(VIEWPORT["height"], min(height + hidden + 20, MAX_SCREENSHOT_HEIGHT))
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.wait_for_timeout(500)
    wait_for_images(page)
    page.evaluate(measure)
    page.screenshot(path=str(path), full_page=True)
    print(f"\n[browser] screenshot: {path}")
    return path


# --------------------------------------------------------------------------------------------
# Expectations from the committed notebook
# --------------------------------------------------------------------------------------------


def saved_expectations(nb_file):
    nb = nbformat.read(nb_file, as_version=4)
    cells = []
    for cell in nb.cells:
        info = {"type": cell.cell_type, "source": cell.source, "images": 0, "successes": 0,
                "errors": 0, "execution_count": None,
                "tags": cell.get("metadata", {}).get("tags", [])}
        if cell.cell_type == "code":
            info["execution_count"] = cell.get("execution_count")
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                info["images"] += any(m in data for m in IMAGE_MIMES)
                text = out.get("text", "") if out.get("output_type") == "stream" \
                    else data.get("text/plain", "")
                info["successes"] += len(SUCCESS_RE.findall(text if isinstance(text, str)
                                                            else "".join(text)))
                info["errors"] += out.get("output_type") == "error"
        cells.append(info)
    return cells


def _screenshot_on_failure(page, path):
    """Best effort: show what the page looked like when the run failed."""
    try:
        if page is not None:
            page.screenshot(path=str(path), full_page=True)
            print(f"\n[browser] screenshot at failure: {path}")
    except Exception:                     # the page may be gone; the original error matters
        pass


@contextlib.contextmanager
def notebook_run(browser, lab, nb_path, shot_path, label):
    """Open ``nb_path`` in a fresh browser context, Run All Cells and take a full-page
    screenshot at ``shot_path``; yield (page, screenshot path) while the page is open.
    On any failure a ``-failed`` screenshot is saved; the context and the lab's kernel
    sessions are always closed afterwards."""
    context = browser.new_context(viewport=VIEWPORT)
    page = None
    try:
        page = open_notebook(context, lab, nb_path)
        seconds = run_all_cells(page, lab, nb_path)
        print(f"\n[browser] {label}: Run All Cells took {seconds:.1f} s")
        yield page, full_screenshot(page, shot_path)
    except Exception:
        _screenshot_on_failure(page, shot_path.with_name(f"{shot_path.stem}-failed.png"))
        raise
    finally:
        context.close()
        lab.shutdown_sessions()


def _last_lines(text, limit=300):
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return (" | ".join(lines[-3:]) if lines else "")[:limit]


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lesson", _lesson_params())
def test_lesson_runs_in_jupyterlab(lesson, browser, course_lab, screenshot_dir):
    source = NOTEBOOKS_DIR / lesson
    if not source.is_file():
        message = f"lesson notebook notebooks/{lesson} is missing"
        pytest.skip(message + " (not written yet?)")
    # JupyterLab only ever sees a copy, outside the repository: the committed notebook cannot be
    # written. A fresh copy for each test: the lesson may have been edited since the server started.
    served = course_lab.root_dir / "notebooks" / lesson
    assert REPO not in served.resolve().parents
    shutil.copy2(source, served)
    before = served.read_bytes()
    expected = saved_expectations(served)

    with notebook_run(browser, course_lab, f"notebooks/{lesson}",
                      screenshot_dir / f"{source.stem}.png", lesson) as (page, shot):
        cells = page.evaluate(JS_CELLS, [STDERR_MIME])
    assert served.read_bytes() == before, f"JupyterLab saved {lesson} (autosave should be off)"
    assert len(cells) == len(expected), (
        f"the page shows {len(cells)} cells, {lesson} has {len(expected)} (screenshot {shot})")

    problems, not_run, unsaved = [], [], []
    for i, (cell, want) in enumerate(zip(cells, expected)):
        where = f"cell {i}"
        if want["type"] == "code" and want["source"].strip():
            where = f"cell {i} ({want['source'].strip().splitlines()[0][:60]!r})"
            if not re.fullmatch(r"\[\d+\]:", cell["prompt"]):
                not_run.append(i)
                continue
            if want["execution_count"] is None:
                unsaved.append(i)
        for text in cell["stderr"]:
            problems.append(f"{where} shows an error or stderr output: {_last_lines(text)!r}")
        if "<Figure size" in cell["text"]:
            problems.append(f"{where} shows a figure as text ('<Figure size ...>'), "
                            "not as an image")
        for img in cell["outputImages"] + cell["markdownImages"]:
            if not img["loaded"]:
                problems.append(f"{where}: a picture did not load (src {img['src']!r})")
        if "<!--" in cell.get("markdown", "") or "exercises: lesson" in cell.get("markdown", ""):
            problems.append(f"{where} shows an exercises block's marker as text "
                            "(python -m tools exercises writes them as HTML comments)")
        if i in unsaved:
            continue                          # nothing saved to compare with
        if len(cell["outputImages"]) != want["images"]:
            problems.append(f"{where} shows {len(cell['outputImages'])} figure(s); "
                            f"the committed notebook has {want['images']}")
        shown = len(SUCCESS_RE.findall(cell["text"]))
        if shown != want["successes"]:
            problems.append(f"{where} shows {shown} 'all N cases passed.' line(s); "
                            f"the committed notebook has {want['successes']}")
    if not any(cell.get("markdown") for cell in cells):
        problems.append("no rendered Markdown text was read (the marker check above saw none)")
    if not_run:
        problems.append(f"{len(not_run)} code cell(s) did not run: cells {not_run} "
                        f"(Run All Cells stops at the first error)")
    if unsaved:
        problems.append(f"the committed notebook has no outputs for cells {unsaved}: save it with "
                        f"its outputs, so figures and check lines can be compared")

    shown_successes = sum(len(SUCCESS_RE.findall(c["text"])) for c in cells)
    shown_images = sum(len(c["outputImages"]) for c in cells)
    print(f"[browser] {lesson}: {sum(c['type'] == 'code' for c in cells)} code cells; "
          f"{shown_images} figures shown, {sum(c['images'] for c in expected)} saved; "
          f"{shown_successes} check lines shown, {sum(c['successes'] for c in expected)} saved")
    if problems:
        pytest.fail(f"{lesson} in JupyterLab (screenshot {shot}):\n  - " + "\n  - ".join(problems),
                    pytrace=False)


def _first_stub_message(module_file):
    """The message of the first ``raise NotImplementedError(...)`` in module_file, if literal."""
    tree = ast.parse(Path(module_file).read_text())
    for node in ast.walk(tree):
        if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                and getattr(node.exc.func, "id", None) == "NotImplementedError"
                and node.exc.args and isinstance(node.exc.args[0], ast.Constant)):
            return node.exc.args[0].value
    return None


def _first_exercise_cell(instructor_notebook):
    """(index, "notebook" | "graded") of the first exercise cell of the instructor notebook:
    a code cell holding a solution region, or one calling a graded function of its lesson."""
    from course_utils import registry
    from course_utils.markers import find_regions
    nb = json.loads(Path(instructor_notebook).read_text(encoding="utf-8"))
    graded = {e.function for e in registry.exercises()}
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if find_regions(source, f"cell {i}"):
            return i, "notebook"
        code = re.sub(r"#.*", "", source)
        if any(m.group(1) in graded for m in re.finditer(r"(?<![\w.])(\w+)\(", code)) or \
                re.search(r"checks\.check_\w+\(", code):
            return i, "graded"
    return None, None


def test_student_edition_stops_at_first_exercise(browser, student_edition, edition_lab,
                                                 screenshot_dir):
    lesson = LESSONS[0]
    found = sorted(student_edition.rglob(lesson))
    assert found, f"the student edition {student_edition} has no {lesson}"
    nb_path = found[0].relative_to(student_edition).as_posix()
    stub_module = student_edition / STUB_FILE
    assert stub_module.is_file(), f"the student edition has no {STUB_FILE}"
    stub_message = _first_stub_message(stub_module)

    with notebook_run(browser, edition_lab, nb_path,
                      screenshot_dir / f"student-edition-{Path(lesson).stem}.png",
                      f"student edition {lesson}") as (page, shot):
        cells = page.evaluate(JS_CELLS, [STDERR_MIME])
        error_text = page.locator(f'.jp-OutputArea-output[data-mime-type="{STDERR_MIME}"]')
        visible = error_text.first.is_visible() if error_text.count() else False

    code = [(i, c) for i, c in enumerate(cells) if c["type"] == "code"]
    failing = [i for i, c in code if c["stderr"]]
    assert failing, (f"the student edition's {lesson} ran to the end without an error; expected "
                     f"it to stop at the first exercise (screenshot {shot})")
    first = failing[0]
    text = "\n".join(cells[first]["stderr"])
    assert visible, f"the error output is not visible (screenshot {shot})"
    expected = _first_exercise_cell(REPO / "notebooks" / lesson)
    assert first == expected[0], (f"stopped at cell {first}, not at the first exercise, cell "
                                  f"{expected[0]}: {text[-1500:]}")
    if expected[1] == "notebook":            # an exercise in the notebook: its assert speaks
        assert "AssertionError" in text and "None" in text, (
            f"cell {first} failed with something else: {text[-1500:]}")
    else:
        assert "NotImplementedError" in text, (
            f"cell {first} failed with something else: {text[-1500:]}")
        assert STUB_FILE in text, (f"the error does not name {STUB_FILE} (is the kernel "
                                   f"importing the edition's course_utils?): {text[-1500:]}")
        if stub_message:
            assert stub_message.strip() in text, (
                f"the stub's message {stub_message!r} is not shown; the page shows: "
                f"{text[-1500:]}")
        assert str(student_edition) in text, (
            f"the traceback does not come from the edition's package in {student_edition}: "
            f"{text[-1500:]}")
    broken = [(i, img["src"]) for i, c in enumerate(cells) for img in c["markdownImages"]
              if not img["loaded"]]
    assert not broken, f"pictures in the Markdown did not load: {broken} (screenshot {shot})"
    for i, cell in code:
        if i < first:
            assert re.fullmatch(r"\[\d+\]:", cell["prompt"]), (
                f"cell {i}, before the first exercise, did not run (prompt {cell['prompt']!r})")
            assert not cell["stderr"], f"cell {i} shows stderr: {cell['stderr']}"
        elif i > first:
            assert not re.fullmatch(r"\[\d+\]:", cell["prompt"]), (
                f"cell {i}, after the failing exercise, ran anyway (prompt {cell['prompt']!r})")
    print(f"[browser] student edition: stopped at cell {first}: {_last_lines(text)!r}")


def test_handin_shows_a_link_that_downloads_the_zip(browser, student_edition, edition_lab,
                                                   screenshot_dir):
    """``handin()`` in a notebook of the student edition writes the zip into the course folder
    and shows a *Download* link under the cell; clicking it downloads that very file (what a
    Binder student does instead of opening a terminal)."""
    nb = nbformat.v4.new_notebook(metadata=nbformat.read(
        NOTEBOOKS_DIR / LESSONS[0], as_version=4).metadata)        # its kernel: python3
    nb.cells = [nbformat.v4.new_code_cell(
        'from course_utils.handin import handin\nhandin(name="Ada Lovelace")')]
    nb_file = student_edition / "notebooks" / "try_handin.ipynb"
    nbformat.write(nb, nb_file)
    zip_file = student_edition / "Ada_Lovelace-nn-course.zip"
    try:
        with notebook_run(browser, edition_lab, "notebooks/try_handin.ipynb",
                          screenshot_dir / "handin-link.png", "hand-in link") as (page, shot):
            link = page.locator(".jp-OutputArea-output a[download]")
            assert link.count() == 1, f"no download link under the cell (screenshot {shot})"
            assert link.inner_text() == "Download Ada_Lovelace-nn-course.zip"
            with page.expect_download(timeout=60_000) as download:
                link.click()
            got = Path(download.value.path()).read_bytes()
            assert download.value.suggested_filename == "Ada_Lovelace-nn-course.zip"
        assert got == zip_file.read_bytes() and got[:2] == b"PK"
    finally:
        for path in (nb_file, zip_file, student_edition / ".nn-course-student"):
            path.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# The Chinese edition (notebooks/zh/, generated by `python -m tools translate`)
# --------------------------------------------------------------------------------------------

ZH_LESSON = Path("zh") / LESSONS[0]
CJK_RE = re.compile(r"[\u3400-\u9fff]")

# In the page: the rendered Markdown of the notebook, and whether two different Chinese
# characters, drawn in the font the page uses for the lesson's title, give different pixels
# (a missing font draws the same empty box for both) with some ink.
JS_CHINESE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const rendered = Array.from(panel.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown'));
  const title = panel.querySelector('.jp-RenderedMarkdown h1');
  const font = getComputedStyle(title).fontFamily;
  const draw = ch => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const ctx = canvas.getContext('2d');
    ctx.font = `48px ${font}`;
    ctx.fillStyle = '#000';
    ctx.fillText(ch, 6, 52);
    return ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3);
  };
  const a = draw('代'), b = draw('价');
  return {
    title: title.textContent,
    font: font,
    markdown: rendered.map(r => r.textContent),
    tables: Array.from(panel.querySelectorAll('.jp-RenderedMarkdown table'))
                 .map(t => t.textContent),
    ink: [a.filter(v => v > 0).length, b.filter(v => v > 0).length],
    glyphsDiffer: a.some((v, i) => v !== b[i]),
  };
}"""


def _chinese_success_re():
    """The Chinese pass line of a check (zh.TEXTS["check.passed"]) as a regular expression."""
    from course_utils.messages import zh
    pattern = re.escape(zh.TEXTS["check.passed"]).replace(re.escape("{function}"), r".*") \
        .replace(re.escape("{n}"), r"\d+")
    return re.compile(rf"^{pattern}$", re.MULTILINE)


def test_chinese_lesson_1_renders_in_jupyterlab(browser, course_lab, screenshot_dir):
    """Lesson 1 in Chinese: it runs, its Markdown shows Chinese text in a font that has the
    characters, its check lines are Chinese, and its figures with Chinese labels render."""
    from course_utils.plotting import CJK_FONT_MISSING

    source = NOTEBOOKS_DIR / ZH_LESSON
    if not source.is_file():
        message = f"notebooks/{ZH_LESSON.as_posix()} is missing: python -m tools translate"
        pytest.skip(message)
    served = course_lab.root_dir / "notebooks" / ZH_LESSON
    served.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, served)
    expected = saved_expectations(served)
    committed = nbformat.read(source, as_version=4)
    success = _chinese_success_re()

    with notebook_run(browser, course_lab, f"notebooks/{ZH_LESSON.as_posix()}",
                      screenshot_dir / "zh-01_logistic_regression_cats.png",
                      f"zh/{LESSONS[0]}") as (page, shot):
        cells = page.evaluate(JS_CELLS, [STDERR_MIME])
        shown = page.evaluate(JS_CHINESE)
    assert len(cells) == len(expected), f"{len(cells)} cells shown, {len(expected)} saved ({shot})"

    problems = []
    heading = committed.cells[0].source.splitlines()[0].lstrip("# ").strip()
    if heading not in shown["title"]:
        problems.append(f"the title shows {shown['title']!r}, not {heading!r}")
    blank = [i for i, text in enumerate(shown["markdown"]) if not CJK_RE.search(text)]
    if blank:
        problems.append(f"rendered Markdown cells without Chinese text: {blank}")
    marked = [i for i, text in enumerate(shown["markdown"]) if "<!--" in text
              or "exercises: lesson" in text]
    if marked:
        problems.append(f"rendered Markdown cells {marked} show an exercises block's marker")
    if not any("学习率" in t and "learning rate" in t for t in shown["tables"]):
        problems.append("the glossary table (learning rate | 学习率) is not rendered")
    if not (min(shown["ink"]) > 0 and shown["glyphsDiffer"]):
        problems.append(f"'代' and '价' render alike or blank in the page's font "
                        f"{shown['font']!r} (ink {shown['ink']}): no Chinese font? "
                        "(apt-get install fonts-wqy-microhei)")
    chinese_figures = 0
    for i, (cell, want, nb_cell) in enumerate(zip(cells, expected, committed.cells)):
        where = f"cell {i} ({nb_cell.get('id')})"
        if want["type"] == "code" and want["source"].strip():
            if not re.fullmatch(r"\[\d+\]:", cell["prompt"]):
                problems.append(f"{where} did not run")
                continue
        for text in cell["stderr"]:
            problems.append(f"{where} shows an error or stderr output: {_last_lines(text)!r}")
        if CJK_FONT_MISSING in cell["text"]:
            problems.append(f"{where}: the kernel found no Chinese font ({CJK_FONT_MISSING})")
        if len(cell["outputImages"]) != want["images"]:
            problems.append(f"{where} shows {len(cell['outputImages'])} figure(s); "
                            f"{want['images']} saved")
        for img in cell["outputImages"] + cell["markdownImages"]:
            if not img["loaded"]:
                problems.append(f"{where}: a picture did not load (src {img['src']!r})")
        if len(success.findall(cell["text"])) != len(success.findall(
                "".join(o.get("text", "") for o in nb_cell.get("outputs", [])))):
            problems.append(f"{where} does not show its saved Chinese check line(s)")
        if want["type"] == "code" and CJK_RE.search(want["source"]) and cell["outputImages"]:
            chinese_figures += all(img["loaded"] for img in cell["outputImages"])
    if not chinese_figures:
        problems.append("no figure with a Chinese label was rendered")
    passes = sum(len(success.findall(c["text"])) for c in cells)
    print(f"[browser] zh/{LESSONS[0]}: title {shown['title']!r} in {shown['font']!r}; "
          f"{passes} Chinese check lines; {chinese_figures} figure(s) with Chinese labels")
    if passes == 0:
        problems.append("no Chinese check line ('…：N 个用例全部通过。') is shown")
    if problems:
        pytest.fail(f"zh/{LESSONS[0]} in JupyterLab (screenshot {shot}):\n  - "
                    + "\n  - ".join(problems), pytrace=False)
