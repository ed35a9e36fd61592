"""Goldens for real models: run only with ``-m slow`` where the models were pulled
(``briefing models pull opus-mt-zh-en``) into ``$BRIEFING_REAL_HOME`` (default:
the user's state folder).  No quality is claimed for models not measured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _real_model(name: str) -> Path:
    import platformdirs

    home = Path(os.environ.get("BRIEFING_REAL_HOME") or platformdirs.user_data_dir("briefing", appauthor=False))
    path = home / "models" / name
    if not path.is_dir():
        pytest.skip(f"{name} is not pulled into {home}")
    return path


def test_opus_mt_keeps_numbers_and_glossary_terms():
    from briefing.backends import BackendContext
    from briefing.config import TranslateOptions
    from briefing.translators.base import Decode
    from briefing.translators.glossary import load_glossary
    from briefing.translators.marian import MarianBackend
    from briefing.translators.service import EnglishTranslator

    opus = BackendContext(TranslateOptions(model=str(_real_model("opus-mt-zh-en"))))
    tr = EnglishTranslator(MarianBackend(opus), load_glossary(), Decode())
    res = tr.translate("国务院办公厅7月8日印发意见。教育部推出1100余门课程，优良率达到40%以上。")
    assert res.text and not res.untranslated
    assert "General Office of the State Council" in res.text
    assert res.number_mismatch == []
