"""Summarization: backends behind one interface, the faithfulness guard, keywords."""

from briefing.summarizers.base import Budget, Summarizer, get_summarizer_class, register, summarizers

__all__ = ["Budget", "Summarizer", "get_summarizer_class", "register", "summarizers"]
