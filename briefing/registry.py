"""Backends found by name: built-ins register exactly as plugins do.

A built-in's module is imported on first lookup (so torch and friends load
only when that backend is used); plugins come from an entry-point group.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from briefing.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str, builtins: dict[str, str], group: str) -> None:
        self.kind = kind
        self.builtins = builtins
        self.group = group
        self._classes: dict[str, type[T]] = {}
        self._plugins_loaded = False

    def register(self, cls: type[T]) -> type[T]:
        """Class decorator: make a backend findable by its ``name``."""
        self._classes[cls.name] = cls  # type: ignore[attr-defined]
        return cls

    def get(self, name: str) -> type[T]:
        if name in self.builtins and name not in self._classes:
            import_module(self.builtins[name])
        if name not in self._classes and not self._plugins_loaded:
            self._plugins_loaded = True
            for ep in entry_points(group=self.group):
                self.register(ep.load())
        if name not in self._classes:
            raise ConfigError(f"unknown {self.kind} backend {name!r} (known: {', '.join(self.names())})")
        return self._classes[name]

    def names(self) -> list[str]:
        return sorted(set(self.builtins) | set(self._classes))
