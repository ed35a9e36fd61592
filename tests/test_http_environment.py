"""A proxy or certificate variable httpx cannot use is the environment's mistake: one error line naming the
variables and exit 2, never a traceback (the shared HTTP client is built from them)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from briefing.cli import main


@pytest.mark.parametrize(("name", "value"), [("HTTPS_PROXY", "foo://x"), ("SSL_CERT_FILE", "/nonexistent/cert.pem")])
def test_a_proxy_or_certificate_variable_httpx_cannot_use_is_one_line_and_exit_2(tmp_path, name, value):
    src = tmp_path / "in.jsonl"
    row = {"id": "a", "title": "某地召开会议部署工作", "text": "某地今天召开会议部署工作。会议强调要抓好落实。"}
    src.write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    env = {"BRIEFING_HOME": str(tmp_path / "home"), name: value, "NO_PROXY": "", "no_proxy": ""}
    args = ["summarize", str(src), "--backend", "openai", "--endpoint", "https://example.invalid/v1", "--model", "m"]
    res = CliRunner(env=env).invoke(main, args)
    assert res.exit_code == 2, res.output
    assert "cannot set up HTTP from the environment" in res.output and "Traceback" not in res.output
