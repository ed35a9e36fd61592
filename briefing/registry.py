"""Backends found by name: built-ins register exactly as plugins do.

There is one registry per role.  A built-in is a line in its registry's
``builtins`` map (name -> module); the module, imported on first lookup (so
torch and friends load only when that backend is used), registers its class
with the ``@register`` decorator.  Plugins are the same classes, announced in
an entry-point group of their distribution, and built the same way: by
:meth:`Registry.build`, from a :class:`briefing.backends.BackendContext`
(the contract is described in :mod:`briefing.backends`):

* ``briefing.summarizers``: :class:`briefing.summarizers.base.Summarizer` subclasses;
* ``briefing.translators``: :class:`briefing.translators.base.TranslationBackend` subclasses.

``$BRIEFING_LOAD_PLUGINS`` limits which plugins load: unset, all of them; a
comma list, only those entry-point names; empty, none (the test suite sets
it empty, so installed plugins never change what the tests see).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from briefing.errors import ConfigError

if TYPE_CHECKING:
    from briefing.backends import Backend, BackendContext

log = logging.getLogger("briefing")
T = TypeVar("T", bound="Backend[Any]")
PLUGINS_ENV = "BRIEFING_LOAD_PLUGINS"


@dataclass(frozen=True)
class BackendInfo:
    """One backend as ``briefing backends`` lists it."""

    kind: str
    name: str
    origin: str  # "built-in" or the plugin's distribution
    module: str
    missing: tuple[str, ...]  # required modules that are not installed


class Registry(Generic[T]):
    def __init__(self, kind: str, builtins: dict[str, str], group: str) -> None:
        self.kind = kind
        self.builtins = builtins
        self.group = group
        self._classes: dict[str, type[T]] = {}
        self._origins: dict[str, str] = {}
        self._plugins_loaded = False

    def register(self, cls: type[T]) -> type[T]:
        """Class decorator: make a backend findable by its ``name``."""
        self._classes[cls.name] = cls
        return cls

    def load_plugins(self) -> None:
        """Import this role's plugins once (those ``$BRIEFING_LOAD_PLUGINS`` allows)."""
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        allowed = os.environ.get(PLUGINS_ENV)
        names = None if allowed is None else {n.strip() for n in allowed.split(",") if n.strip()}
        for ep in entry_points(group=self.group):
            if names is not None and ep.name not in names:
                continue
            try:
                cls = ep.load()
            except (ImportError, AttributeError) as exc:  # a broken plugin must not stop the others
                log.warning("warning: %s plugin %r (%s) not loaded: %s", self.kind, ep.name, ep.value, exc)
                continue
            self.register(cls)
            dist = getattr(ep, "dist", None)
            self._origins[cls.name] = f"plugin {dist.name}" if dist is not None else f"plugin {ep.value}"

    def get(self, name: str) -> type[T]:
        """The backend class called ``name``; an unknown name is a ConfigError listing the known ones."""
        if name in self.builtins and name not in self._classes:
            import_module(self.builtins[name])
        if name not in self._classes:
            self.load_plugins()
        if name not in self._classes:
            raise ConfigError(f"unknown {self.kind} backend {name!r} (known: {', '.join(self.names())})")
        return self._classes[name]

    def build(self, name: str, context: BackendContext[Any]) -> T:
        """The backend called ``name``, built from ``context``, its model loaded now
        (so that a missing model fails before any work).  A plugin written for
        another contract (``cls(model=...)``) is one ConfigError naming it."""
        from briefing.backends import BackendContext

        cls = self.get(name)
        try:
            backend = cls(context)
        except TypeError as exc:
            if name in self.builtins:
                raise
            raise ConfigError(self._not_built(cls, str(exc))) from exc
        if not isinstance(getattr(backend, "context", None), BackendContext):
            raise ConfigError(self._not_built(cls, "its __init__ does not hand the context to super().__init__"))
        backend.load()
        return backend

    def _not_built(self, cls: type[T], why: str) -> str:
        return f"{self.kind} backend {cls.name!r} ({cls.__module__}) cannot be built as cls(context): {why}"

    def names(self) -> list[str]:
        """Every backend name: built-ins and installed plugins."""
        self.load_plugins()
        return sorted(set(self.builtins) | set(self._classes))

    def entries(self) -> list[BackendInfo]:
        """What is installed, for ``briefing backends`` (imports every backend's module)."""
        out = []
        for name in self.names():
            cls = self.get(name)
            origin = "built-in" if name in self.builtins else self._origins.get(name, "plugin")
            missing = tuple(m for m in getattr(cls, "requires", ()) if find_spec(m) is None)
            out.append(BackendInfo(self.kind, name, origin, cls.__module__, missing))
        return out
