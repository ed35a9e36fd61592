"""briefing: turn raw Chinese news pages into a daily bilingual briefing.

The library API (see :mod:`briefing.api`)::

    from briefing import Options, split, summarize, translate, build_briefing

Importing this package is cheap: heavy libraries (torch, transformers,
ctranslate2, jieba) are imported only by the backends that need them.
"""

__version__ = "0.1.0"

from briefing.api import build_briefing, split, summarize, translate
from briefing.config import Options

__all__ = ["Options", "__version__", "build_briefing", "split", "summarize", "translate"]
