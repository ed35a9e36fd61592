"""The one contract every backend is built from: ``cls(context)``.

A summarizer or a translator, built-in or plugin, is constructed from a
:class:`BackendContext` and from nothing else (an ``__init__`` of its own
hands the context on to ``super().__init__``; :meth:`briefing.registry.Registry.build`
checks it).  The context holds what the run configured for the backend's role:

* ``options``: the role's settings, :class:`~briefing.config.SummarizeOptions`
  or :class:`~briefing.config.TranslateOptions` (backend, model, device,
  endpoint, api_key_env, ...), a copy taken when the context is made;
* ``server``: the shared ``[openai]`` settings (timeout, concurrency, retries,
  request cap); :meth:`BackendContext.endpoint` joins them with the role's
  endpoint, model id and key variable into what a client needs;
* ``templates``: the user's templates folder, whose ``prompts/<name>.j2``
  overrides the packaged prompt (:func:`briefing.prompts.messages` renders it);
* ``glossary``: the translator's glossary (a summarizer's is empty: there is
  no summarizer glossary setting);
* ``cache``: where the translator and the lede keep their outputs (never part
  of a fingerprint: it holds outputs, it does not decide them);
* ``run``: the clock of the run's ``[openai] run_deadline``, one for all the
  servers of a run (the summarizer's and the translator's contexts of a run
  share it), never part of a fingerprint either.

A loaded backend may serve many runs (the library API keeps it for the
process): :meth:`Backend.for_run` gives it for one :class:`Run`.  A backend
that keeps state per run (``per_run``: a server's request count, failures in
a row, down state and deadline) is built anew from the run's context then,
which is cheap (no model is loaded, the server is not asked); any other one
is itself, its loaded model shared.

A backend class declares the rest: ``name``; ``version`` (bump it when the
same input gives other output); ``requires`` (modules it imports when used,
shown by ``briefing backends``); ``prompts`` (the prompt templates it
renders); :meth:`Backend.identity` (its model files and decoding settings);
:meth:`Backend.load` (load the model now, so a missing one fails before any
work).  :attr:`Backend.fingerprint`, written once here for every backend,
hashes all of it with the context's endpoint, prompts and glossary and the
package version; every cached summary, translation and lede is keyed by it.
:attr:`BackendContext.fingerprint` hashes the whole context (every option, the
server settings, every prompt's text, the glossary), so a loaded backend is
reused only by a context that would build the same one (:mod:`briefing.api`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from briefing import __version__
from briefing.cache import make_key
from briefing.config import OpenAIOptions, Options, SummarizeOptions, TranslateOptions
from briefing.errors import ConfigError
from briefing.stopping import RunClock
from briefing.translators.glossary import Glossary

if TYPE_CHECKING:
    from briefing.cache import Cache
    from briefing.endpoint import EndpointOptions

Opts = TypeVar("Opts", SummarizeOptions, TranslateOptions)  # a role's options


@dataclass(frozen=True)
class BackendContext(Generic[Opts]):
    """Everything a backend of one role is built from (see the module docstring)."""

    options: Opts
    server: OpenAIOptions = field(default_factory=OpenAIOptions)
    templates: str = ""
    glossary: Glossary = field(default_factory=Glossary)
    cache: Cache | None = field(default=None, compare=False, repr=False)
    run: RunClock = field(default_factory=RunClock, compare=False, repr=False)

    @property
    def role(self) -> str:
        """``summarizer`` or ``translator``."""
        return "summarizer" if isinstance(self.options, SummarizeOptions) else "translator"

    @property
    def section(self) -> str:
        """The role's table in the configuration file."""
        return "summarize" if isinstance(self.options, SummarizeOptions) else "translate"

    def endpoint(self, backend: str) -> EndpointOptions:
        """The server ``backend`` talks to: the role's endpoint, model id and key variable,
        with the shared ``[openai]`` settings; a ConfigError when no endpoint is set."""
        from briefing.endpoint import endpoint_options

        if not self.options.endpoint:
            raise ConfigError(
                f"the {backend} {self.role} needs an endpoint: --endpoint URL or [{self.section}] endpoint"
            )
        return endpoint_options(self.options.endpoint, self.options.model, self.options.api_key_env, self.server)

    def prompt_hash(self, name: str) -> str:
        """A hash of the text of ``prompts/<name>.j2`` as this context's templates folder has it."""
        from briefing.prompts import prompt_hash

        return prompt_hash(name, self.templates)

    def decides(self, prompts: tuple[str, ...]) -> dict[str, Any]:
        """What of this context decides the outputs of a backend that renders ``prompts``:
        the server it asks (never the key), those prompts' text, the glossary."""
        host = None
        if self.options.endpoint:  # the client module (httpx: 0.1 s) only for a backend with a server
            from briefing.endpoint import display_host

            host = display_host(self.options.endpoint)
        return {
            "endpoint": host,
            "prompts": {name: self.prompt_hash(name) for name in prompts},
            "glossary": self.glossary.key,
        }

    @property
    def fingerprint(self) -> str:
        """The whole context, hashed (the cache aside): every option of the role, the server
        settings, every prompt template's text and the glossary.  Two contexts with one
        fingerprint build the same backend."""
        from briefing.prompts import prompt_names

        prompts = {name: self.prompt_hash(name) for name in prompt_names(self.templates)}
        return make_key(self.role, asdict(self.options), asdict(self.server), prompts, self.glossary.key)


def summarizer_context(opts: Options, run: RunClock | None = None) -> BackendContext[SummarizeOptions]:
    """The context a summarizer is built from: ``[summarize]``, ``[openai]`` and the templates (``run``: the
    run's deadline clock, shared with its translator; a clock of its own when not given)."""
    return BackendContext(replace(opts.summarize), replace(opts.openai), opts.templates, run=run or RunClock())


def translator_context(
    opts: Options, cache: Cache | None = None, run: RunClock | None = None
) -> BackendContext[TranslateOptions]:
    """The context a translator is built from: ``[translate]``, ``[openai]``, the templates,
    the glossary (loaded now: a broken glossary file fails before any work), the cache and ``run``
    (as for :func:`summarizer_context`)."""
    from briefing.translators.glossary import load_glossary

    glossary = load_glossary(opts.translate.glossary or None)
    return BackendContext(
        replace(opts.translate), replace(opts.openai), opts.templates, glossary, cache, run or RunClock()
    )


class Backend(Generic[Opts]):
    """What every summarizer and translator is: made from a context, named, versioned, fingerprinted."""

    name: ClassVar[str]
    version: ClassVar[int] = 1  # bump when the same input and model give other output
    requires: ClassVar[tuple[str, ...]] = ()  # modules it imports when used (``briefing backends``)
    prompts: ClassVar[tuple[str, ...]] = ()  # the prompt templates (``prompts/<name>.j2``) it renders
    per_run: ClassVar[bool] = False  # keeps state per run (a server's budgets): built anew for each run
    context: BackendContext[Opts]

    def __init__(self, context: BackendContext[Opts]) -> None:
        self.context = context

    def for_run(self, run: RunClock, cache: Cache | None) -> Self:
        """This backend for one run whose ``[openai]`` budgets count from ``run`` and whose outputs go to
        ``cache``: itself, or (``per_run``) a new one built from the run's context, not loaded again."""
        if not self.per_run:
            return self
        return type(self)(replace(self.context, run=run, cache=cache))

    def close(self) -> None:
        """Let go of what a run held (a server's connections, its deadline's timer)."""

    def load(self) -> object:
        """Load the model now, so that a missing or broken one fails before any work."""
        return None

    def identity(self) -> dict[str, Any]:
        """What decides the output besides the input and the context: model files, decoding settings."""
        return {}

    @property
    def fingerprint(self) -> str:
        """Everything that decides this backend's outputs, hashed: backend name and version,
        package version, :meth:`identity`, and the context's endpoint, prompts and glossary.
        Every cached output is keyed by it."""
        return make_key(self.name, self.version, __version__, self.identity(), self.context.decides(self.prompts))


Made = TypeVar("Made", bound=Backend[Any])


class Run:
    """One run of loaded backends (a library call): the clock of its ``[openai] run_deadline``, the cache its
    outputs go to, and the backends made for it alone, closed when it ends (``with Run() as run``)."""

    def __init__(self, cache: Cache | None = None) -> None:
        self.clock = RunClock()
        self.cache = cache
        self._own: list[Backend[Any]] = []

    def of(self, backend: Made) -> Made:
        """``backend`` for this run (:meth:`Backend.for_run`)."""
        own = backend.for_run(self.clock, self.cache)
        if own is not backend:
            self._own.append(own)
        return own

    def close(self) -> None:
        """Close the backends made for this run (never a shared one)."""
        for backend in self._own:
            backend.close()
        self._own.clear()

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
