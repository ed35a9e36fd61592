"""Summarization: backends behind one interface, the faithfulness guard, keywords."""

from briefing.summarize.base import Budget, Summarizer, available, get_summarizer_class, register

__all__ = ["Budget", "Summarizer", "available", "get_summarizer_class", "register"]
