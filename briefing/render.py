"""Jinja rendering: user templates first, then the packaged ones.

A user folder overrides any template by name; an override can extend the
packaged version as ``{% extends "default:briefing.html.j2" %}``.  HTML is
autoescaped; Markdown is not, but article text goes through the ``md``
filter, which escapes Markdown syntax.  Article text is only ever data in a
template context, never template source.

Templates may come from strangers, so they run in Jinja's immutable sandbox:
they can format the data they are given and nothing else (no attribute
starting with ``_``, no changing the data).  A user's template is read only
from a regular file inside its folder (:class:`FolderLoader`: a link out is
refused).  Loading and rendering are bounded (:class:`Limits`): in time (an
asynchronous exception ends a template past ``build.template_seconds`` of
its thread's CPU time, pure Python loops included: a loaded machine does not
fail a template that waited rather than worked) and in size (every value a template makes, by
any operator, filter or string method, and its whole output, at most
``build.template_max_mb``; the filters whose output can outgrow their input
are checked before they run, so the memory is never taken; no bytes, and no
number over :data:`MAX_NUMBER_BITS`, checked before it is computed).  Jinja calls
filters while compiling too, so the limits hold when a template is loaded.
Every failure, Jinja's or not (``{{ 1 / 0 }}``), is one ConfigError line
naming the template.
"""

from __future__ import annotations

import ctypes
import math
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefing.config import BuildOptions, Options
from briefing.errors import ConfigError
from briefing.state import Refused, read_inside
from briefing.wording import TEMPLATE_GLOBALS, flagged

MAX_TEMPLATE_BYTES = 1_000_000  # a template file larger than this is refused, never read

# str.translate, not re.sub with a template: the same escapes, at C speed (a
# page of three million "<" took 12 s to escape with the template).
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|~"})
_MD_LINE_START = re.compile(r"^(\s*)([-+=>])(?=\s)", re.MULTILINE)  # a list item, a heading underline, a quote
_MD_NUMBERED = re.compile(r"^(\s*)(\d+)([.)])(?=\s)", re.MULTILINE)  # "1." starts a list: its "." is escaped


def md_escape(value: object) -> str:
    """Escape Markdown syntax in untrusted text (and HTML-ish angle brackets)."""
    text = "" if value is None else str(value)
    text = text.translate(_MD_SPECIAL)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    return _MD_NUMBERED.sub(r"\1\2\\\3", text)


def md_label(value: object) -> str:
    """Untrusted text for one line of Markdown (a heading, a label): whitespace runs become one space."""
    return md_escape(" ".join(("" if value is None else str(value)).split()))


def md_url(value: object) -> str:
    """A URL for a Markdown autolink ``<...>``: anything that could close it or start a tag is %-encoded."""
    return quote("" if value is None else str(value), safe=":/?#[]@!$&'()*+,;=%~-._")


def packaged_templates() -> Path:
    """The default templates: inside the wheel, or the repository's templates/ folder."""
    packaged = resources.files("briefing").joinpath("_templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates"


class TemplateRefused(jinja2.TemplateError):
    """A template file that may not be read: a link out of its folder, not a regular file, too large."""


class TemplateBudget(BaseException):
    """A template ran past its time or made a value past its size limit.

    A BaseException, like KeyboardInterrupt: no ``except Exception`` in Jinja's
    runtime or optimizer can swallow it, so the limit always ends the render.
    """


@dataclass(frozen=True)
class Limits:
    """How long one template may take to load or render, and how much text it may make."""

    seconds: float = BuildOptions.template_seconds
    max_chars: int = int(BuildOptions.template_max_mb * 1_000_000)

    @classmethod
    def of(cls, opts: Options) -> Limits:
        return cls(opts.build.template_seconds, int(opts.build.template_max_mb * 1_000_000))


# The packaged templates alone (no folder of the user's): nobody else's code runs, so nothing bounds them, and
# a day of many stories renders however long it takes (3,000 stories: 1.4 s for the HTML page, 2.5 MB).
PACKAGED = Limits(math.inf, sys.maxsize)


def _in_force(user_dir: str, limits: Limits | None) -> Limits:
    """The limits a render runs under: the given ones (else the declared defaults) when a folder of templates
    from someone else is in use, none for the packaged templates alone."""
    return (limits or Limits()) if user_dir else PACKAGED


_running = threading.local()  # the limits of the template loading or rendering on this thread


def _limits() -> Limits:
    return getattr(_running, "limits", None) or Limits()


def _too_big(size: int, what: str) -> None:
    """Refuse a value of ``size`` characters (or items) when it is over the running template's limit."""
    limit = _limits().max_chars
    if size > limit:
        raise TemplateBudget(
            f"{what} would make {size:,} characters, over the limit of {limit:,} (build.template_max_mb)"
        )


# The most bits a number a template makes may have: that of the most digits Python writes out of a number
# (sys.int_info.default_max_str_digits, 4,300). A product or power of numbers is one call of C that no time
# limit stops (``((10**1000)**1000)**30`` ran for minutes under a 1 s limit), so it is checked before.
MAX_NUMBER_BITS = math.ceil(sys.int_info.default_max_str_digits * math.log2(10))


def _number_bits(operator: str, left: object, right: object) -> int:
    """About how many bits ``left operator right`` makes when both are integers (0 when it is no such
    product or power)."""
    if not (isinstance(left, int) and isinstance(right, int)):
        return 0
    if operator == "*":
        return left.bit_length() + right.bit_length()
    if operator == "**" and right > 0 and abs(left) > 1:
        return left.bit_length() * right
    return 0


_SIZED: tuple[type[Sized], ...] = (str, bytes, bytearray, list, tuple, dict)  # the values whose size the limit counts


def _check_value(value: object) -> object:
    """A value a template made: strings and sequences over the size limit are refused."""
    if isinstance(value, _SIZED):
        _too_big(len(value), "an expression")
    return value


_FORMAT_NUMBER = re.compile(r"\d{7,}")  # a width or precision in a format spec: %400000000s, {:>400000000}


# a str.format field whose spec holds another field: its width or precision is an argument ({0:{1}}, {:>{w}})
_NESTED_FIELD = re.compile(r"\{[^{}]*:[^{}]*\{")


def _format_widths(spec: str, args: tuple[Any, ...] = (), named: Mapping[Any, Any] | None = None) -> None:
    """A %-format or str.format spec: a width or precision over the limit, or one an argument gives (``%*s``,
    ``{0:{1}}``) that is huge; every number argument is counted as one then (which one is which is not
    worked out)."""
    for number in _FORMAT_NUMBER.findall(spec):
        _too_big(int(number), "a format width")
    if "*" in spec or _NESTED_FIELD.search(spec):
        for arg in (*args, *(named or {}).values()):
            if isinstance(arg, int):
                _too_big(abs(arg), "a format width")


def _items(value: Any) -> list[Any] | None:
    return list(value) if isinstance(value, list | tuple) else None


def _joined(items: list[Any], sep: str) -> int:
    """About how long joining ``items`` with ``sep`` makes a string (an item that is no string: 16)."""
    return sum(len(x) if isinstance(x, str) else 16 for x in items) + len(items) * len(sep)


def _lazy(value: Any) -> bool:
    """An iterable that is no string, list or tuple (a range, a generator of map or select, a dict): its
    length is known only once it is listed."""
    return isinstance(value, Iterable) and not isinstance(value, str | list | tuple)


def _expected(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse, before it runs, a filter or string method whose output would pass the limit (the ones whose
    output can be much larger than their input: widths, fills, replacements, separators, wrappers)."""
    text = value if isinstance(value, str) else ""
    size = len(text)

    def arg(n: int, key: str, default: Any) -> Any:
        return args[n] if len(args) > n else kwargs.get(key, default)

    if name in ("center", "ljust", "rjust", "zfill"):
        width = arg(0, "width", 0)
        if isinstance(width, int):
            _too_big(width, name)
    elif name == "expandtabs":
        tab = arg(0, "tabsize", 8)
        if isinstance(tab, int):
            _too_big(size + text.count("\t") * tab, name)
    elif name == "indent":
        width = arg(0, "width", 4)
        per_line = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        _too_big(size + (text.count("\n") + 1) * max(per_line, 0), name)
    elif name == "wordwrap":
        width, wrap = arg(0, "width", 79), arg(2, "wrapstring", None)
        lines = size // max(width, 1) + text.count("\n") + 1 if isinstance(width, int) else size
        _too_big(size + lines * len(wrap if isinstance(wrap, str) else "\n"), name)
    elif name == "replace":
        old, new, count = arg(0, "old", ""), arg(1, "new", ""), arg(2, "count", None)
        if isinstance(old, str) and isinstance(new, str):
            found = text.count(old) if old else size + 1
            if isinstance(count, int) and count >= 0:
                found = min(found, count)
            _too_big(size + found * max(len(new) - len(old), 0), name)
    elif name == "join":
        items = _items(value) if not isinstance(value, str) else list(value)
        sep = arg(0, "d", "") if value is not None else ""
        if items is not None and isinstance(sep, str):
            _too_big(_joined(items, sep), name)
    elif name == "urlize":
        extra = sum(len(str(arg(n, k, "") or "")) for n, k in ((2, "target"), (3, "rel")))
        _too_big(3 * size + (text.count(".") + text.count("@") + 1) * (extra + 40), name)
    elif name == "format":
        _format_widths(text, args, kwargs)
    elif name == "format_map":
        mapping = arg(0, "mapping", None)
        _format_widths(text, (), mapping if isinstance(mapping, Mapping) else None)
    elif name in ("batch", "slice"):
        count = arg(0, "linecount" if name == "batch" else "slices", 0)
        if isinstance(count, int):
            _too_big(count, name)


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that never makes a value over the limit, checked before it runs (when its output can grow
    past its input) and after (every value).  Jinja also calls filters while compiling (constant
    folding), so the limit holds when a template is loaded, too."""
    import functools

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        first = 1 if getattr(func, "jinja_pass_arg", None) else 0  # the context or environment first
        if name == "join" and len(args) > first and _lazy(args[first]):  # listed, so it can be measured
            args = (*args[:first], list(args[first]), *args[first + 1 :])
        values = args[first:]
        if values:
            _expected(name, values[0], tuple(values[1:]), kwargs)
        return _check_value(func(*args, **kwargs))

    return guarded


class _GuardedCode(CodeGenerator):
    """Jinja's code generator, with every ``~`` concatenation's result checked against the size limit
    (the one operator the sandbox cannot intercept)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


_BYTES = (bytes, bytearray, memoryview)
_TO_BYTES: dict[str, tuple[type, ...]] = {"encode": (str,), "to_bytes": (int,)}  # methods that make bytes


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with every value a template makes bounded in size (``*``, ``+``, ``%``, ``~``, filters,
    string methods, calls) and loading and rendering bounded in time (:func:`_deadline`)."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])
    code_generator_class = _GuardedCode

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)  # placeholder text: of no use to a briefing, and a cheap flood
        self.filters = {name: _guarded_filter(name, f) for name, f in self.filters.items()}

    @staticmethod
    def checked(value: object) -> object:
        return _check_value(value)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's rule, and no way to bytes (``str.encode``, ``int.to_bytes``, the methods of bytes): a
        template makes text, and the size checks of string methods (``center``, ``zfill``, ``replace``) do
        not see bytes (``"x".encode().center(10**9)`` made a GB)."""
        if isinstance(obj, (*_BYTES, *_TO_BYTES.get(attr, ()))):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: object, right: object) -> object:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, _SIZED) and isinstance(n, int):
                    _too_big(len(seq) * n, "a repetition")
        if operator == "**" and isinstance(right, int | float) and abs(right) > 1000:
            raise SecurityError("an exponent above 1000 is not allowed")
        if (bits := _number_bits(operator, left, right)) > MAX_NUMBER_BITS:
            raise SecurityError(
                f"a number of about {bits * math.log10(2):,.0f} digits is not made "
                f"(at most {sys.int_info.default_max_str_digits:,})"
            )
        if operator == "%" and isinstance(left, str):
            _format_widths(left, right if isinstance(right, tuple) else (right,))
        return _check_value(super().call_binop(context, operator, left, right))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        target = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str):  # a string method: "x".center(10**9), "{:>999999999}".format(1)
            method = getattr(target, "__name__", "")
            if method == "join" and args:  # "sep".join(items): the separator is the string, the items the argument
                items = list(args[0])
                _too_big(_joined(items, owner), "join")
                args = (items, *args[1:])
            else:
                _expected(method, owner, args, kwargs)
        return _check_value(super().call(__context, __obj, *args, **kwargs))


def _thread_clock() -> Callable[[], float]:
    """The calling thread's CPU time as a clock another thread can read (its wall-clock time where the system
    has no clock per thread): a template is charged for the work it does, not for the time a loaded machine
    or another thread holding the interpreter kept it waiting."""
    try:
        clock = time.pthread_getcpuclockid(threading.get_ident())
        time.clock_gettime(clock)
    except (AttributeError, OSError):  # no per-thread CPU clock here (Windows)
        return time.monotonic
    return partial(time.clock_gettime, clock)


_LEAST_WAIT = 0.01  # seconds the watcher waits at least between two looks at the clock


@contextmanager
def _deadline(limits: Limits, what: str) -> Iterator[None]:
    """Run the body with ``limits`` in force on this thread: past ``limits.seconds`` of this thread's CPU time
    a TemplateBudget is raised in it (an asynchronous exception: it stops pure Python loops too, which call
    nothing the sandbox could check)."""
    thread = threading.get_ident()
    state = {"done": False, "fired": False}
    lock = threading.Lock()
    clock = _thread_clock()
    start = clock()
    finished = threading.Event()

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(TemplateBudget))

    def used() -> float:
        try:
            return clock() - start
        except OSError:  # the thread is gone (it left the body between two looks): nothing left to stop
            finished.set()
            return 0.0

    def watch() -> None:
        # a thread's CPU time grows no faster than the wall clock: waiting for what is left of the budget
        # never lets it pass by more than a look's delay
        while not finished.wait(max(limits.seconds - used(), _LEAST_WAIT)):
            if used() >= limits.seconds:
                fire()
                return

    outer = getattr(_running, "limits", None)
    _running.limits = limits
    watcher = threading.Thread(target=watch, name="template-deadline", daemon=True)
    if math.isfinite(limits.seconds):
        watcher.start()
    over = f"{what} took longer than {limits.seconds:g} s of CPU time (build.template_seconds)"
    try:
        yield
    except TemplateBudget as exc:
        if state["fired"] and not exc.args:
            raise TemplateBudget(over) from None
        raise
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:  # raised already, or still pending: never let it out of here
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), None)
        finished.set()
        _running.limits = outer
    if state["fired"]:
        raise TemplateBudget(over)


class FolderLoader(jinja2.BaseLoader):
    """Templates of one folder, read only from regular files inside it.

    The name is resolved (links followed) and must stay inside the folder: a
    link to a system file, or a folder link out, is refused, never read.  A
    name that is not there is not found (the packaged template is used).
    """

    def __init__(self, folder: str) -> None:
        self.root = Path(folder).resolve()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        name = os.path.join(*split_template_path(template))
        try:
            data, st = read_inside(self.root, name, MAX_TEMPLATE_BYTES)
        except FileNotFoundError:
            raise jinja2.TemplateNotFound(template) from None
        except Refused as exc:
            raise TemplateRefused(f"{template} {exc}; not read") from None
        except OSError as exc:
            raise TemplateRefused(f"{template} cannot be read ({exc.strerror or exc})") from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateRefused(f"{template} is not UTF-8 ({exc.reason} at byte {exc.start})") from None
        path, mtime = self.root / name, st.st_mtime_ns

        def uptodate() -> bool:
            try:
                return os.stat(path).st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate

    def list_templates(self) -> list[str]:
        """The names of the files in the folder (a folder link is not followed: what it holds is read only
        when asked for by name, and checked then)."""
        found = []
        for top, _, files in os.walk(self.root):
            inside = Path(top).relative_to(self.root)
            found += [(inside / name).as_posix() for name in files]
        return sorted(found)


@cache
def environment(user_dir: str = "") -> Sandbox:
    """One environment per template folder, built once."""
    default = jinja2.FileSystemLoader(str(packaged_templates()))
    loaders: list[jinja2.BaseLoader] = []
    if user_dir:
        if not Path(user_dir).is_dir():
            raise ConfigError(f"{user_dir}: templates folder not found")
        loaders.append(FolderLoader(user_dir))
    loaders += [jinja2.PrefixLoader({"default": default}, delimiter=":"), default]
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(TEMPLATE_GLOBALS)  # the reader wording every surface shares (briefing.wording)
    env.filters["md"] = _guarded_filter("md", md_escape)
    env.filters["md_label"] = _guarded_filter("md_label", md_label)
    env.filters["md_url"] = _guarded_filter("md_url", md_url)
    env.filters["flagged"] = _guarded_filter("flagged", flagged)  # the mark before a line to check
    return env


def load_template(name: str, user_dir: str = "", limits: Limits | None = None) -> jinja2.Template:
    """Load (and compile) one template within ``limits``; any failure is one clear ConfigError."""
    limits = _in_force(user_dir, limits)
    with _failures(name), _deadline(limits, "loading it"):
        return environment(user_dir).get_template(name)
    raise AssertionError("unreachable")  # _failures raises


def template_source(name: str, user_dir: str = "") -> str:
    """The text of the template ``name`` (the user's, else the packaged one); a refused or missing one is a
    ConfigError."""
    env = environment(user_dir)
    assert env.loader is not None
    with _failures(name):
        try:
            return env.loader.get_source(env, name)[0]
        except jinja2.TemplateNotFound:
            raise ConfigError(f"template {name}: not found") from None
    raise AssertionError("unreachable")  # _failures raises


def render(name: str, user_dir: str = "", limits: Limits | None = None, **context: object) -> str:
    """Render one template within ``limits`` (time, and size of every value and of the whole output); any
    failure of the template, Jinja's or not, is one clear ConfigError."""
    limits = _in_force(user_dir, limits)
    template = load_template(name, user_dir, limits)
    with _failures(name), _deadline(limits, "rendering it"):
        parts, size = [], 0
        for chunk in template.generate(**context):
            size += len(chunk)
            _too_big(size, "its output")
            parts.append(chunk)
        return "".join(parts)
    raise AssertionError("unreachable")  # _failures raises


@contextmanager
def _failures(name: str) -> Iterator[None]:
    """Every way a template can fail, as one ConfigError naming it (and the line, when known)."""
    try:
        yield
    except ConfigError:
        raise
    except jinja2.TemplateNotFound as exc:  # neither the user's nor packaged: itself, or one it includes or imports
        missing = "not found" if exc.name == name else f"{exc.name} (included or imported) not found"
        raise ConfigError(f"template {name}: {missing}") from None
    except jinja2.TemplateError as exc:
        inner = getattr(exc, "name", None) or name  # the template it happened in (an included one?)
        where = name if inner == name else f"{name} (in {inner})"
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"template {where}{f':{line}' if line else ''}: {exc.message or exc}") from None
    except RecursionError:  # Python cannot tell which: say every way a template gets there
        raise ConfigError(
            f"template {name}: too deep: it includes itself (directly or through another template) or extends "
            "itself, or nests brackets or blocks, or calls macros within macros, too deeply"
        ) from None
    except TemplateBudget as exc:
        why = str(exc) or "ran past its time limit (build.template_seconds)"
        raise ConfigError(f"template {name}: {why}") from None
    except Exception as exc:  # a template is foreign code: whatever it raises is its failure
        # {{ 1 / 0 }}, {{ '%d' | format('x') }}, a filter's own assertion; -v shows the traceback (the cause)
        raise ConfigError(f"template {name}{_line_of(exc)}: {type(exc).__name__}: {exc}") from exc


def _line_of(exc: BaseException) -> str:
    """``:LINE`` of the template line a failure happened on (Jinja rewrites its traceback to template
    lines), or nothing."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f":{line}" if line else ""
