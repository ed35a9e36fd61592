"""briefing: turn raw Chinese news pages into a daily bilingual briefing.

Importing this package is cheap: heavy libraries (torch, transformers,
ctranslate2) are imported only by the backends that need them.
"""

__version__ = "0.1.0"
