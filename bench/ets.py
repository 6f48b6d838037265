#!/usr/bin/env python3
"""ETS reader benchmark: knxproj (ours, the `knxproj` binary) against xknxproject, same machine,
same run. For every shared reference file and a generated large project (2,000 devices,
10,000 group addresses; plain and password-protected), median wall time and peak RSS of each,
and the ratios. Outputs are checked to be equal before timing.

Time: both readers are timed in-process around reading the whole project into memory
(`knxproj parse --timing`, xknxproject's `XKNXProj.parse()`), so neither pays for process
start; median of 11 fresh processes (3 for the generated project), the readers taking turns.
Peak RSS is the whole process for both, measured by GNU time: for ours, `knxproj parse` as a
user runs it (it writes the JSON while reading); for xknxproject, a Python process that imports
it and calls parse(). `knxdesk ets parse` (the same code inside the web application's binary)
is measured too, for its peak RSS. Whole-command times are shown too (ours includes writing the
JSON, theirs does not).

Usage: pip install xknxproject==3.10.0 && python3 bench/ets.py   (builds the release binary)
"""
import json, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SHARED = os.path.join(ROOT, "..", "shared", "data", "knxproj")
CASES = [  # file, password, language
    ("test_project-ets4", "test", "de-DE"),
    ("test_project-ets4-no_password", None, "de-DE"),
    ("xknx_test_project", "test", None),
    ("xknx_test_project_no_password", None, None),
    ("testprojekt-ets6", "test", None),
    ("testprojekt-ets6-functions", None, "De"),
    ("ets6_two_level", None, "de-DE"),
    ("ets6_free", None, "de-DE"),
    ("smart_linking", "test", "de-DE"),
]

def spawn_measure(cmd):
    """Runs cmd under GNU time (a small C process, so the peak RSS it reports is the command's
    own), returning wall time, peak RSS and the PARSE_SECONDS line of its stderr."""
    with tempfile.NamedTemporaryFile() as rss, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name] + cmd, stdout=subprocess.DEVNULL, stderr=err)
        wall = time.perf_counter() - t
        err.seek(0)
        text = err.read().decode(errors="replace")
        rss_kb = int(open(rss.name).read().split()[-1])
    if r.returncode != 0:
        raise SystemExit(f"{cmd}: {text}")
    inner = None
    for line in text.splitlines():
        if line.startswith("PARSE_SECONDS="):
            inner = float(line.split("=", 1)[1])
    return {"wall": wall, "inner": inner, "rss_kb": rss_kb}


XKNX = r"""
import json, sys, time
from xknxproject import XKNXProj
path, pw, lang, out = sys.argv[1], sys.argv[2] or None, sys.argv[3] or None, sys.argv[4]
t = time.perf_counter()
p = XKNXProj(path, password=pw, language=lang).parse()
print(f"PARSE_SECONDS={time.perf_counter() - t}", file=sys.stderr)
if out:
    json.dump(p, open(out, "w"))
"""


def run(cmd):
    return spawn_measure(cmd)


def ours_cmd(path, pw, lang, timing=False, program=("knxproj",)):
    cmd = [os.path.join(TARGET, "release", program[0]), *program[1:], "parse"] + (["--timing"] if timing else []) + [path]
    if pw:
        cmd += ["--password", pw]
    if lang:
        cmd += ["--language", lang]
    return cmd


def app_cmd(path, pw, lang):
    """The same command inside the web application's binary."""
    return ours_cmd(path, pw, lang, program=("knxdesk", "ets"))


def theirs_cmd(path, pw, lang, out=""):
    return [sys.executable, "-c", XKNX, path, pw or "", lang or "", out]


def same_output(path, pw, lang):
    with tempfile.TemporaryDirectory() as d:
        theirs_file = os.path.join(d, "theirs.json")
        subprocess.run(theirs_cmd(path, pw, lang, theirs_file), check=True, capture_output=True)
        ours = json.loads(subprocess.run(ours_cmd(path, pw, lang), check=True, capture_output=True).stdout)
        app = json.loads(subprocess.run(app_cmd(path, pw, lang), check=True, capture_output=True).stdout)
        theirs = json.load(open(theirs_file))
    for v in (ours, app, theirs):
        v["info"]["xknxproject_version"] = None
    return ours == theirs == app


def main():
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "knxdesk", "-p", "knxproj", "--bins", "--example", "generate"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp()
    gen = os.path.join(TARGET, "release", "examples", "generate")
    large = os.path.join(tmp, "large.knxproj")
    large_pw = os.path.join(tmp, "large-protected.knxproj")
    subprocess.run([gen, large, "2000", "10000", "21"], check=True)
    subprocess.run([gen, large_pw, "2000", "10000", "21", "secret"], check=True)
    cases = [(os.path.join(SHARED, f + ".knxproj"), pw, lang, f) for f, pw, lang in CASES if os.path.exists(os.path.join(SHARED, f + ".knxproj"))]
    cases += [(large, None, None, "generated 2000 dev / 10000 GA"), (large_pw, "secret", None, "generated, protected (ETS6 AES)")]

    print("ms: reading only (both measured in-process around the parse call); MB: peak RSS of the whole process;")
    print("app MB: peak RSS of `knxdesk ets parse` (the same reader inside the web application's binary);")
    print("proc ms: whole command, process start to exit (Python start-up and imports included).")
    print(f"{'file':42} {'equal':5} {'ours ms':>9} {'xknx ms':>9} {'speed':>7} {'ours MB':>8} {'xknx MB':>8} {'mem':>6} {'app MB':>7} {'app mem':>7} {'proc ours':>9} {'proc xknx':>9} {'speed':>7}")
    rows = []
    for path, pw, lang, label in cases:
        equal = same_output(path, pw, lang)
        n = 11 if "generated" not in label else 3
        # --timing reads the project twice (timed into memory, then written out): its memory
        # is not the command's, so time and memory come from separate runs. The three kinds of
        # run take turns, so that a busier moment of the machine falls on all of them alike.
        timed, ours, theirs = [], [], []
        for _ in range(n):
            timed.append(run(ours_cmd(path, pw, lang, timing=True)))
            ours.append(run(ours_cmd(path, pw, lang)))
            theirs.append(run(theirs_cmd(path, pw, lang)))
        o_ms = statistics.median(r["inner"] for r in timed) * 1000
        o_proc = statistics.median(r["wall"] for r in ours) * 1000
        t_proc = statistics.median(r["wall"] for r in theirs) * 1000
        t_ms = statistics.median(r["inner"] for r in theirs) * 1000
        o_mb = max(r["rss_kb"] for r in ours) / 1024
        t_mb = max(r["rss_kb"] for r in theirs) / 1024
        a_mb = max(run(app_cmd(path, pw, lang))["rss_kb"] for _ in range(3)) / 1024
        rows.append((label, pw, t_ms / o_ms, o_mb / t_mb, t_proc / o_proc, a_mb / t_mb))
        print(f"{label:42} {str(equal):5} {o_ms:9.1f} {t_ms:9.1f} {t_ms / o_ms:6.1f}x {o_mb:8.1f} {t_mb:8.1f} {o_mb / t_mb:6.2f} {a_mb:7.1f} {a_mb / t_mb:7.2f} {o_proc:9.1f} {t_proc:9.1f} {t_proc / o_proc:6.1f}x")
    plain = [r[2] for r in rows if not r[1]]
    prot = [r[2] for r in rows if r[1]]
    print(f"\nspeed-up, unprotected: min {min(plain):.1f}x, median {statistics.median(plain):.1f}x  (target >= 20x)")
    print(f"speed-up, protected:   min {min(prot):.1f}x, median {statistics.median(prot):.1f}x  (target >= 5x)")
    print(f"whole command, all files: min {min(r[4] for r in rows):.1f}x, median {statistics.median(r[4] for r in rows):.1f}x")
    print(f"memory ratio ours/xknx: max {max(r[3] for r in rows):.2f}, median {statistics.median(r[3] for r in rows):.2f}  (target <= 0.20)")
    print(f"memory ratio knxdesk ets parse/xknx: max {max(r[5] for r in rows):.2f}, median {statistics.median(r[5] for r in rows):.2f}")


if __name__ == "__main__":
    main()
