"""``briefing backfill``: one briefing per day, locally or on Ray, resumable, each day the bytes of a build.

The relations that must hold: a backfilled day is byte for byte what
``briefing build --date D`` of its inputs writes into a folder holding the
earlier days; the ray engine writes the local engine's bytes, with every
summary and translation made by its workers (this process is made unable to
make any); a killed run resumes, skipping exactly the days recorded and
intact; a poisoned day is one line and the others publish.

Ray tests start a Ray of this machine on 127.0.0.1 (2 CPUs and one declared
GPU, which is how the GPU path is tested without one) and check that none of
its processes outlive them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.outfolder import META
from briefing.report import REPORTS
from tests.conftest import ROOT, SEED, needs_shared

DAYS = ["2022-09-26", "2022-09-27", "2022-09-28", "2022-09-29", "2022-09-30", "2022-10-01"]


def write_xwlb_days(folder: Path, count: int) -> list[str]:
    """The first ``count`` days of xwlb_headline_train as one JSONL file per day (headline as title)."""
    data = needs_shared("data", "xwlb_headline_train", "data.jsonl")
    days: dict[str, list[dict[str, str]]] = {}
    with data.open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            raw = item["date"]
            day = f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
            if day not in days and len(days) == count:
                break
            days.setdefault(day, []).append(
                {"id": item["id"], "title": item["summary"], "text": item["article"], "date": day}
            )
    folder.mkdir(parents=True, exist_ok=True)
    for day, items in days.items():
        lines = (json.dumps(i, ensure_ascii=False) for i in items)
        (folder / f"{day}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return sorted(days)


def seed_days(folder: Path, dates: list[str]) -> Path:
    """The seed page under several dated names (the same news every day: repeats on the later ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    for day in dates:
        shutil.copy(SEED, folder / f"{day}.txt")
    return folder


def published(out: Path) -> dict[str, bytes]:
    """Every name a reader sees in an output folder, with its bytes, and the run reports (the operator's)."""
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}
    reports = {f"report {p.name}": p.read_bytes() for p in sorted((out / META / REPORTS).glob("*.txt"))}
    return {**files, **reports}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def summary(stderr: str) -> dict[str, int]:
    """The numbers of the summary line."""
    m = re.search(r"(\d+) days: (\d+) built, (\d+) already done, (\d+) failed; (\d+) stories", stderr)
    assert m, stderr
    return dict(zip(["days", "built", "done", "failed", "stories"], map(int, m.groups()), strict=True))


@pytest.fixture(scope="module")
def xwlb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xwlb") / "days"
    assert write_xwlb_days(folder, len(DAYS)) == DAYS
    return folder


@pytest.fixture(scope="module")
def tiny_ct2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("ctranslate2")
    pytest.importorskip("transformers")
    from briefing.translators.ct2 import convert
    from tests.tiny_models import build_marian

    root = tmp_path_factory.mktemp("tiny")
    return convert(build_marian(root / "marian"), root / "marian-ct2", "int8")


@pytest.fixture(scope="module")
def local_reference(xwlb: Path, tiny_ct2: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The local engine's output for DAYS[1..4], translated by the tiny model (own state folder)."""
    out = tmp_path_factory.mktemp("reference") / "out"
    home = tmp_path_factory.mktemp("reference-home")
    env = {**os.environ, "BRIEFING_HOME": str(home), "PYTHONPATH": str(ROOT)}
    args = ["backfill", str(xwlb), "--from", DAYS[1], "--to", DAYS[4], "--out", str(out)]
    args += ["--translate", "--translator-model", str(tiny_ct2)]
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert summary(proc.stderr) == {
        "days": 4,
        "built": 4,
        "done": 0,
        "failed": 0,
        "stories": summary(proc.stderr)["stories"],
    }
    return published(out)


@pytest.fixture(scope="module")
def ray_local():
    """A Ray of this machine on 127.0.0.1 (2 CPUs, one declared GPU), stopped with every process it started."""
    ray = pytest.importorskip("ray")
    psutil = pytest.importorskip("psutil")
    ray.init(num_cpus=2, num_gpus=1, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False)
    yield ray
    started = psutil.Process().children(recursive=True)
    ray.shutdown()
    _, alive = psutil.wait_procs(started, timeout=60)
    for proc in alive:
        proc.kill()
    assert not alive, f"Ray processes left behind: {[p.pid for p in alive]}"


# --- the local engine: a backfilled day is a built day ---------------------------------------


@pytest.mark.shared
def test_each_backfilled_day_is_what_build_writes_that_day(
    xwlb: Path, tiny_ct2: Path, local_reference: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "fresh-home"))  # no cache shared with the backfill
    out = tmp_path / "built"
    for day in DAYS[1:5]:
        code, err = run(
            "build",
            str(xwlb / f"{day}.jsonl"),
            "--date",
            day,
            "--out",
            str(out),
            "--translate",
            "--translator-model",
            str(tiny_ct2),
        )
        assert code == 0, err
    built = published(out)
    assert sorted(built) == sorted(local_reference)
    assert [n for n in built if built[n] != local_reference[n]] == []
    # the range holds from both sides: the day before --from and the day after --to are not built
    assert {n[:10] for n in built if n[0].isdigit()} == set(DAYS[1:5])
    stories = sum(len(json.loads(local_reference[f"{d}.json"])["items"]) for d in DAYS[1:5])
    assert stories > 20  # the days have real content


@pytest.mark.shared
def test_summary_line_counts_the_published_stories(xwlb: Path, tmp_path: Path) -> None:
    code, err = run("backfill", str(xwlb), "--to", DAYS[1], "--out", str(tmp_path / "out"))
    assert code == 0, err
    numbers = summary(err)
    items = sum(len(json.loads((tmp_path / "out" / f"{d}.json").read_bytes())["items"]) for d in DAYS[:2])
    assert numbers == {"days": 2, "built": 2, "done": 0, "failed": 0, "stories": items}
    assert re.search(r"stories in [\d.]+ s \([\d.]+ stories/s\); 0 failures$", err.strip())


# --- resumable, by content ------------------------------------------------------------------


def _recorded_days(out: Path) -> int:
    """How many days the ledger holds (a line being written is not one yet)."""
    path = out / ".briefing" / "backfill.jsonl"
    days = set()
    for line in path.read_text("utf-8").splitlines() if path.exists() else []:
        try:
            days.add(json.loads(line)["date"])
        except ValueError:
            continue
    return len(days)


@pytest.mark.shared
def test_a_killed_backfill_resumes_and_skips_only_finished_intact_days(tmp_path: Path) -> None:
    days = write_xwlb_days(tmp_path / "days", 10)
    reference = tmp_path / "reference"
    code, err = run("backfill", str(tmp_path / "days"), "--out", str(reference))
    assert code == 0 and summary(err)["built"] == 10, err
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "briefing", "backfill", str(tmp_path / "days"), "--out", str(out)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _recorded_days(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed mid-way"
    finished = _recorded_days(out)
    assert 3 <= finished < 10

    code, err = run("backfill", str(tmp_path / "days"), "--out", str(out))
    assert code == 0, err
    numbers = summary(err)
    # a day is recorded just before its switch: the last one or two recorded may not be published as recorded
    assert numbers["done"] + numbers["built"] == 10 and finished - 2 <= numbers["done"] <= finished, err
    assert published(out) == published(reference)  # as if never killed

    # by content: a damaged file of a finished day is rebuilt (as a build of that day now writes it), the rest is not
    target = out / f"{days[3]}.md"
    target.write_bytes(target.read_bytes().replace(b"#", b"%", 1))
    code, err = run("backfill", str(tmp_path / "days"), "--out", str(out))
    assert code == 0 and (summary(err)["built"], summary(err)["done"]) == (1, 9), err
    code, err = run("build", str(tmp_path / "days" / f"{days[3]}.jsonl"), "--date", days[3], "--out", str(reference))
    assert code == 0, err
    assert published(out) == published(reference)

    # changed inputs: that day and the later days that compare with it are built again, the earlier ones not
    changed = tmp_path / "days" / f"{days[6]}.jsonl"
    changed.write_text("\n".join(changed.read_text("utf-8").splitlines()[:-1]) + "\n", "utf-8")
    code, err = run("backfill", str(tmp_path / "days"), "--out", str(out))
    assert code == 0 and (summary(err)["built"], summary(err)["done"]) == (4, 6), err
    assert all(published(out)[f"{d}.json"] == published(reference)[f"{d}.json"] for d in days[:6])
    assert published(out)[f"{days[6]}.json"] != published(reference)[f"{days[6]}.json"]

    # other settings: every day again
    code, err = run("backfill", str(tmp_path / "days"), "--out", str(out), "--title", "Another title")
    assert code == 0 and summary(err)["built"] == 10, err


def test_a_day_whose_run_report_is_missing_is_built_again(tmp_path: Path) -> None:
    """A run killed after a day's switch and before its run report: the next run builds that day again."""
    days = seed_days(tmp_path / "days", ["2025-07-01", "2025-07-02"])
    out = tmp_path / "out"
    code, err = run("backfill", str(days), "--out", str(out))
    assert code == 0, err
    reports = out / META / REPORTS
    whole = (reports / "2025-07-01.txt").read_bytes()
    (reports / "2025-07-01.txt").unlink()
    code, err = run("backfill", str(days), "--out", str(out))
    assert code == 0 and (summary(err)["built"], summary(err)["done"]) == (1, 1), err
    assert (reports / "2025-07-01.txt").read_bytes() == whole


def test_a_damaged_or_foreign_ledger_never_skips_a_day(tmp_path: Path) -> None:
    days = seed_days(tmp_path / "days", ["2025-07-01", "2025-07-02"])
    out = tmp_path / "out"
    code, err = run("backfill", str(days), "--out", str(out))
    assert code == 0, err
    ledger = out / ".briefing" / "backfill.jsonl"
    records = [json.loads(line) for line in ledger.read_text("utf-8").splitlines()]
    # a record that vouches for another day's file, and garbage lines: nothing is skipped on their word
    forged = [
        {**r, "files": {"2025-07-02.md": r["files"]["2025-07-01.md"]}} for r in records if r["date"] == "2025-07-01"
    ]
    ledger.write_text("\n".join(["{not json", "[1, 2]", *map(json.dumps, forged)]) + "\n", "utf-8")
    code, err = run("backfill", str(days), "--out", str(out))
    assert code == 0 and (summary(err)["built"], summary(err)["done"]) == (2, 0), err
    code, err = run("backfill", str(days), "--out", str(out))
    assert (summary(err)["built"], summary(err)["done"]) == (0, 2), err  # the rewritten ledger is trusted again


# --- failures --------------------------------------------------------------------------------


def test_a_poisoned_day_is_one_line_and_the_others_publish(tmp_path: Path) -> None:
    days = seed_days(tmp_path / "days", ["2025-07-01", "2025-07-03"])
    (days / "2025-07-02.jsonl").write_bytes(b"\x00\xff{not json at all\n[1, 2, 3]\n")
    out = tmp_path / "out"
    code, err = run("backfill", str(days), "--out", str(out))
    assert code == 1, err
    lines = [line for line in err.splitlines() if line.startswith("briefing: error:")]
    assert len(lines) == 1 and lines[0].startswith("briefing: error: 2025-07-02: "), err
    assert summary(err) == {"days": 3, "built": 2, "done": 0, "failed": 1, "stories": summary(err)["stories"]}
    names = published(out)
    assert "2025-07-01.html" in names and "2025-07-03.html" in names and "2025-07-02.html" not in names
    code, err = run("backfill", str(days), "--out", str(out))  # the failed day is tried again, the rest skipped
    assert code == 1 and (summary(err)["built"], summary(err)["done"], summary(err)["failed"]) == (0, 2, 1), err


def test_a_day_whose_work_raises_is_built_alone_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from briefing.backfill import stages

    days = seed_days(tmp_path / "days", ["2025-07-01", "2025-07-02", "2025-07-03"])
    reference = tmp_path / "reference"
    assert run("backfill", str(days), "--out", str(reference))[0] == 0
    real = stages.summarize
    calls: list[int] = []

    def summarize(stage, *args):  # the batch and the poisoned day's own try raise; every other call works
        calls.append(len(stage.split.articles))
        if any(a.date == "2025-07-02" for a in stage.split.articles):
            raise RuntimeError("a pathological article")
        return real(stage, *args)

    monkeypatch.setattr(stages, "summarize", summarize)
    code, err = run("backfill", str(days), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert len(calls) == 4  # the batch, then each day alone
    assert "2025-07-02: summarize failed: RuntimeError: a pathological article; building the day here" in err
    assert published(tmp_path / "out") == published(reference)


def test_inputs_that_name_no_day_are_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "undated").mkdir()
    (tmp_path / "undated" / "page.txt").write_text("国务院印发意见。", "utf-8")
    code, err = run("backfill", str(tmp_path / "undated" / "page.txt"), "--out", str(tmp_path / "out"))
    assert code == 2 and err.count("\n") == 1 and "named YYYY-MM-DD" in err, err
    code, err = run("backfill", str(tmp_path / "undated"), "--out", str(tmp_path / "out"))
    assert code == 3 and "no inputs dated" in err, err
    code, err = run(
        "backfill", str(tmp_path), "--from", "2025-07-02", "--to", "2025-07-01", "--out", str(tmp_path / "o")
    )
    assert code == 2 and "the range is empty" in err, err
    assert not (tmp_path / "out").exists() and not (tmp_path / "o").exists()


def test_day_names_and_the_range_from_both_sides(tmp_path: Path) -> None:
    from briefing.backfill.plan import date_of_name, find_days

    assert [date_of_name(n) for n in ["2025-07-01.jsonl", "20250701.txt", "2025-07-01", "2025-07-01-cctv.html"]] == [
        "2025-07-01"
    ] * 4
    assert [date_of_name(n) for n in ["2025-13-01.txt", "202507011.txt", "x2025-07-01.txt", "12345678.txt"]] == [
        None
    ] * 4
    for name in ["2025-06-30.txt", "2025-07-01.txt", "20250702", "2025-07-03.md", "2025-07-04.txt", "notes.txt"]:
        path = tmp_path / name
        path.mkdir() if "." not in name else path.write_text("x", "utf-8")
    found = find_days([str(tmp_path)], "2025-07-01", "2025-07-03")
    assert [d.date for d in found.days] == ["2025-07-01", "2025-07-02", "2025-07-03"]
    assert found.notes == [f"{tmp_path}: 1 entries carry no date in their name; left out"]


def test_one_backfill_per_output_folder(tmp_path: Path) -> None:
    days = seed_days(tmp_path / "days", ["2025-07-01"])
    (tmp_path / "out" / ".briefing").mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(60)",
            str(tmp_path / "out" / ".briefing" / "backfill.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code, err = run("backfill", str(days), "--out", str(tmp_path / "out"))
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert code == 3 and err.count("\n") == 1 and "another backfill" in err, err


def test_bars_per_stage_on_a_terminal_and_none_in_a_log(tmp_path: Path) -> None:
    import pty

    days = seed_days(tmp_path / "days", ["2025-07-01", "2025-07-02"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "briefing", "backfill", str(days)]
    main_fd, child_fd = pty.openpty()
    proc = subprocess.Popen([*cmd, "--out", str(tmp_path / "tty")], env=env, stderr=child_fd, stdout=subprocess.DEVNULL)
    os.close(child_fd)
    screen = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    proc.wait(timeout=60)
    os.close(main_fd)
    text = screen.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    for stage, unit in (("read", "days"), ("summarize", "articles"), ("publish", "days")):
        assert re.search(rf"{stage} +\[#+\] +\d+/\d+ {unit}", text), text
    logged = subprocess.run(
        [*cmd, "--out", str(tmp_path / "log")], env=env, capture_output=True, text=True, timeout=120
    )
    assert logged.returncode == 0 and "[#" not in logged.stderr and "\x1b[" not in logged.stderr, logged.stderr
    assert logged.stderr.strip().splitlines()[-1].startswith("backfill (local): 2 days: 2 built")


# --- Ray -------------------------------------------------------------------------------------


def test_the_ray_engine_without_ray_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if it were not installed
    days = seed_days(tmp_path / "days", ["2025-07-01"])
    code, err = run("backfill", str(days), "--out", str(tmp_path / "out"), "--engine", "ray")
    assert code == 2 and err.count("\n") == 1 and "pip install 'briefing[ray]'" in err, err
    assert not (tmp_path / "out").exists()


def test_the_base_install_never_imports_ray() -> None:
    code = "import sys, briefing, briefing.cli, briefing.backfill.run, briefing.backfill.local; print('ray' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.ray
@pytest.mark.shared
def test_ray_writes_the_local_bytes_with_every_result_made_by_its_workers(
    ray_local,
    xwlb: Path,
    tiny_ct2: Path,
    local_reference: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefing.summarizers.extractive import ExtractiveSummarizer
    from briefing.translators.ct2 import CT2Backend

    def unavailable(*args: object, **kwargs: object) -> None:
        raise AssertionError("this process must not summarize or translate: the workers do")

    # Ray's workers are other processes: only this one loses its summarizer and translator
    monkeypatch.setattr(ExtractiveSummarizer, "summarize", unavailable)
    monkeypatch.setattr(CT2Backend, "translate_batch", unavailable)
    out = tmp_path / "out"
    args = ["backfill", str(xwlb), "--from", DAYS[1], "--to", DAYS[4], "--out", str(out), "--engine", "ray"]
    code, err = run(*args, "--translate", "--translator-model", str(tiny_ct2))
    assert code == 0, err
    ours = published(out)
    assert sorted(ours) == sorted(local_reference)
    assert [n for n in ours if ours[n] != local_reference[n]] == []


@pytest.mark.ray
@pytest.mark.shared
def test_ray_gpu_workers_translate_on_the_gpu_ray_gives_them(
    ray_local, xwlb: Path, tiny_ct2: Path, local_reference: dict[str, bytes], tmp_path: Path
) -> None:
    from briefing.backfill.run import run_backfill
    from briefing.config import load_options

    opts = load_options(
        None,
        out=str(tmp_path / "out"),
        translate__enabled=True,
        translate__model=str(tiny_ct2),
        backfill__engine="ray",
        backfill__gpus_per_worker=1.0,
    )
    report = run_backfill([str(xwlb)], opts, DAYS[1], DAYS[4])
    assert report.exit_code == 0 and report.built == 4, report.failures
    assert report.gpus == {"0"}  # the declared GPU: CTranslate2 finds no CUDA here and runs on the CPU
    assert published(tmp_path / "out") == local_reference
    code, err = run(
        "backfill",
        str(xwlb),
        "--out",
        str(tmp_path / "o2"),
        "--engine",
        "ray",
        "--gpus-per-worker",
        "2",
        "--translate",
        "--translator-model",
        str(tiny_ct2),
    )
    assert code == 2 and err.count("\n") == 1 and "has 1 GPUs" in err, err


@pytest.mark.ray
def test_ray_poisoned_day_and_resume(ray_local, tmp_path: Path) -> None:
    days = seed_days(tmp_path / "days", ["2025-07-01", "2025-07-03", "2025-07-04"])
    (days / "2025-07-02.jsonl").write_bytes(b"\x00\xff{not json at all\n")
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    code, err = run("backfill", str(days), "--out", str(local))
    assert code == 1, err
    code, err = run("backfill", str(days), "--out", str(ray_out), "--engine", "ray")
    assert code == 1 and summary(err)["failed"] == 1 and summary(err)["built"] == 3, err
    assert [line for line in err.splitlines() if line.startswith("briefing: error:")] == [
        line
        for line in run("backfill", str(days), "--out", str(tmp_path / "again"))[1].splitlines()
        if line.startswith("briefing: error:")
    ]
    assert published(ray_out) == published(local)
    # a run whose days are all done starts no Ray work and skips them
    code, err = run("backfill", str(days), "--out", str(ray_out), "--engine", "ray", "--from", "2025-07-03")
    assert code == 0 and (summary(err)["built"], summary(err)["done"]) == (0, 2), err


def test_an_earlier_day_read_again_is_never_stale(tmp_path: Path) -> None:
    """Earlier days are parsed once per process (a backfill reads them day after day), known by
    their file's identity: a file changed in place, or replaced, is read anew."""
    from briefing.history import read_day

    path = tmp_path / "2025-07-01.json"
    path.write_text(json.dumps({"items": [{"id": "a", "title": "甲"}]}), "utf-8")
    assert [i.title for i in read_day(path)[0].items] == ["甲"]
    path.write_text(json.dumps({"items": [{"id": "a", "title": "乙乙"}]}), "utf-8")  # in place: same inode
    assert [i.title for i in read_day(path)[0].items] == ["乙乙"]
    fresh = tmp_path / "new.json"
    fresh.write_text(json.dumps({"items": [{"id": "b", "title": "丙"}]}), "utf-8")
    os.replace(fresh, path)
    assert [i.title for i in read_day(path)[0].items] == ["丙"]
    path.write_text("{damaged", "utf-8")
    assert read_day(path)[0] is None


@pytest.mark.ray
def test_a_cluster_that_fails_mid_run_is_one_line(ray_local, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ray.data

    def lost(self, *args: object, **kwargs: object):
        raise ray.exceptions.RayError("a worker node was lost")
        yield  # a generator, as iter_rows is

    monkeypatch.setattr(ray.data.Dataset, "iter_rows", lost)
    days = seed_days(tmp_path / "days", ["2025-07-01"])
    code, err = run("backfill", str(days), "--out", str(tmp_path / "out"), "--engine", "ray")
    assert code == 3 and err.count("\n") == 1, err
    assert "the Ray cluster stopped the backfill (a worker node was lost)" in err and "Traceback" not in err


@pytest.mark.ray
@pytest.mark.slow
def test_sigterm_stops_a_ray_backfill_and_its_ray(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    psutil = pytest.importorskip("psutil")
    days = seed_days(tmp_path / "days", [f"2025-07-{d:02d}" for d in range(1, 9)])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "briefing", "backfill", str(days), "--out", str(tmp_path / "out"), "--engine", "ray"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 180
    while _recorded_days(tmp_path / "out") < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # Ray is up and days come back
    ray_processes = parent.children(recursive=True)
    assert any("raylet" in " ".join(p.cmdline()) for p in ray_processes) and proc.poll() is None, "Ray did not start"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert err.strip().splitlines()[-1] == "briefing: terminated", err
    _, alive = psutil.wait_procs(ray_processes, timeout=60)
    for left in alive:
        left.kill()
    assert not alive, f"Ray processes left behind: {[p.pid for p in alive]}"


def test_a_backfill_that_fails_before_publishing_leaves_no_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder it created is removed under the folder's lock, as a build's is (a run refused by the
    lock removes nothing: tests/test_faults_lock.py)."""
    from briefing.errors import ConfigError
    from briefing.pipeline import Backends

    def fail(cls: type, opts: object, cache: object) -> None:
        raise ConfigError("no model here")

    monkeypatch.setattr(Backends, "load", classmethod(fail))
    days = seed_days(tmp_path / "days", ["2025-07-01"])
    code, err = run("backfill", str(days), "--out", str(tmp_path / "out"))
    assert code == 2 and err.count("\n") == 1 and "no model here" in err, err
    assert not (tmp_path / "out").exists()
