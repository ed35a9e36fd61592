"""The openai backend against a REAL OpenAI-compatible server: ``transformers serve``
on a free 127.0.0.1 port, serving the tiny random Qwen2 model the tests build.

Its output is gibberish, so this exercises the protocol end to end (model
list, chat completions, concurrent requests), the guard and the fallback --
never translation quality.  The server is started once per module and
stopped by its pid.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.wording import NO_ENGLISH_TODAY

pytestmark = pytest.mark.neural
STARTUP = 180  # seconds: loading torch and transformers on a busy 2-core machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ready(url: str) -> bool:
    import httpx

    try:
        return httpx.get(url + "/models", timeout=2, trust_env=False).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """(base URL, model id) of a running ``transformers serve``; stopped by pid afterwards."""
    pytest.importorskip("transformers")
    for module in ("fastapi", "uvicorn"):
        pytest.importorskip(module, reason=f"transformers serve needs {module} (pip install 'transformers[serving]')")
    cli = shutil.which("transformers") or str(Path(sys.executable).with_name("transformers"))
    if not Path(cli).exists():
        pytest.skip("the `transformers` command is not installed")
    from tests.tiny_models import build_causal_lm

    model = build_causal_lm(tmp_path_factory.mktemp("served") / "tiny-qwen2")
    port = _free_port()
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error", "NO_PROXY": "*"}
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [cli, "serve", str(model), "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + STARTUP
        while not _ready(url):
            if proc.poll() is not None:
                pytest.fail(
                    f"transformers serve exited with {proc.returncode}: {log.read_text(errors='replace')[-800:]}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"transformers serve did not answer within {STARTUP} s: {log.read_text(errors='replace')[-800:]}"
                )
            time.sleep(1)
        yield url, str(model)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the process group of the server we started, by its pid
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def test_the_server_lists_the_model_and_an_unknown_one_is_named(served):
    url, model = served
    res = CliRunner().invoke(
        main,
        ["translate", "你好。", "--translator-backend", "openai", "--endpoint", url, "--translator-model", "gpt-9"],
    )
    assert res.exit_code == 2
    assert f"does not serve model 'gpt-9' (it serves: {model})" in res.output


def test_gibberish_from_a_real_server_is_rejected_and_falls_back(served):
    url, model = served
    res = CliRunner().invoke(
        main,
        [
            "translate",
            "国务院发布公告。",
            "--translator-backend",
            "openai",
            "--endpoint",
            url,
            "--translator-model",
            model,
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 1, res.output
    [result] = json.loads(res.stdout)
    # a real chat completion came back (the protocol worked) and the guard refused it, on the retry too
    assert result["text"] is None and result["untranslated"] == ["国务院发布公告。"]
    assert result["rejected"] and not result["failures"]


def test_build_with_a_real_server_for_summaries_and_english(served, tmp_path):
    url, model = served
    page = tmp_path / "news.jsonl"
    page.write_text(
        "\n".join(
            json.dumps({"id": str(n), "title": t, "text": x}, ensure_ascii=False)
            for n, (t, x) in enumerate(
                [
                    ("国务院发布就业新政策", "国务院今天发布促进就业的新政策。政策覆盖全国高校毕业生。"),
                    ("北京举办科技展览", "北京今天举办科技展览。展览展出人工智能新成果。"),
                ]
            )
        ),
        "utf-8",
    )
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main,
        [
            "build",
            str(page),
            "--out",
            str(out),
            "--date",
            "2025-07-09",
            "--backend",
            "openai",
            "--model",
            model,
            "--translate",
            "--translator-backend",
            "openai",
            "--translator-model",
            model,
            "--endpoint",
            url,
        ],
    )
    assert res.exit_code == 1, res.output  # no story got English: one line each, the briefing is still written
    feed = json.loads((out / "2025-07-09.json").read_text("utf-8"))
    assert feed["_briefing"]["english"]["stories"] == 0 and feed["_briefing"]["english"]["of"] == 2
    for item in feed["items"]:
        extra = item["_briefing"]
        assert extra["summary_backend"] == "openai" and extra["summary_fallback"]  # gibberish: extractive fallback
        assert extra["english_failure"] and extra["key_terms"]
    html = (out / "2025-07-09.html").read_text("utf-8")  # no English: the reader's note, no credit, nothing to check
    assert NO_ENGLISH_TODAY in html and "machine translation" not in html and "Check the English" not in html
