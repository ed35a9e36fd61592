"""``briefing models verify``: the report names the model and where it runs, and the catalog's range is found
for a model however its folder is written."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from click.testing import CliRunner

from briefing.cli import main
from briefing.verify import expected_range, golden
from tests.openai_server import Scripted


def test_the_report_names_the_model_and_the_server_it_asked():
    src, ref = golden()
    with Scripted(models=("perfect",), table=dict(zip(src, ref, strict=True))) as server:
        text = CliRunner().invoke(main, ["models", "verify", "perfect", "--endpoint", server.url])
        data = CliRunner().invoke(main, ["models", "verify", "perfect", "--endpoint", server.url, "--format", "json"])
    assert text.exit_code == 0 and data.exit_code == 0, (text.output, data.output)
    host = urlsplit(server.url).netloc + urlsplit(server.url).path  # 127.0.0.1:PORT/v1
    assert f"model            perfect at {host}" in text.stdout.splitlines()
    report = json.loads(data.stdout)
    assert (report["model"], report["host"]) == ("perfect", host)


def test_the_catalog_range_is_found_for_a_model_folder_with_a_trailing_slash():
    known = ((35.0, 65.0), "catalog: opus-mt-zh-en")
    assert expected_range("/models/opus-mt-zh-en/") == known
    assert expected_range("/models/opus-mt-zh-en-ct2/") == known
    assert expected_range("/models/not-in-the-catalog/")[1] == "generic floor for a working translator"
