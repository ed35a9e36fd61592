"""build.template_seconds counts the template's own work (its thread's CPU time), not the wall clock.

A template that is kept waiting (a loaded machine, another thread holding the interpreter) is not failed
for it; one that works past the limit (a loop that calls nothing) is stopped all the same.
"""

from __future__ import annotations

import threading
import time

import pytest

from briefing.errors import ConfigError
from briefing.render import Limits, render

LIMIT = Limits(seconds=1.0, max_chars=1_000_000)


def folder_with(tmp_path, source: str) -> str:
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "t.md.j2").write_text(source, "utf-8")
    return str(user)


def test_a_template_kept_waiting_past_the_limit_is_rendered(tmp_path):
    """1.5 s of waiting (no work) under a 1 s limit: rendered whole; the wall clock would have stopped it."""
    user = folder_with(tmp_path, "{{ wait() }}{% for a in range(2000) %}{% endfor %}done\n")
    started = time.monotonic()
    assert render("t.md.j2", user, LIMIT, wait=lambda: time.sleep(1.5) or "") == "done\n"
    assert time.monotonic() - started >= 1.5


def test_a_template_starved_by_a_busy_interpreter_is_rendered(tmp_path):
    """Another thread takes the interpreter for well over the 1 s limit (a C loop that never lets go of it)
    while a template renders: the template waits for it, then does its small work; it is rendered."""
    user = folder_with(tmp_path, "{{ hog() }}{% for a in range(100000) %}{% for b in range(3) %}{% endfor %}{% endfor %}{{ joined() }}done\n")
    other = threading.Thread(target=lambda: sum(range(400_000_000)))  # holds the GIL throughout (~6 s here)

    def hog() -> str:
        other.start()  # it takes the interpreter at the next switch, in the loop that follows
        return ""

    def joined() -> str:
        other.join()
        return ""

    started = time.monotonic()
    assert render("t.md.j2", user, LIMIT, hog=hog, joined=joined) == "done\n"
    assert time.monotonic() - started > 1.5 * LIMIT.seconds, "the hog did not outlast the limit: no test"


@pytest.mark.timeout(60)
def test_a_template_working_past_the_limit_is_stopped_in_one_line(tmp_path):
    """Nested loops over a list made once (no call the sandbox sees): stopped at 1 s of its CPU time."""
    user = folder_with(tmp_path, "{% set L = range(100000) | list %}{% for a in L %}{% for b in L %}{% endfor %}{% endfor %}\n")
    clock = time.thread_time()
    with pytest.raises(ConfigError) as stopped:
        render("t.md.j2", user, LIMIT)
    used = time.thread_time() - clock
    assert str(stopped.value) == "template t.md.j2: rendering it took longer than 1 s of CPU time (build.template_seconds)"
    assert 1.0 <= used < 3.0, used


def test_a_clock_that_cannot_be_read_ends_the_watch_quietly(tmp_path, monkeypatch):
    """A thread's CPU clock cannot be read once the thread is gone (EINVAL): the watcher, between two looks
    when that happens, stops watching without a traceback on stderr."""
    import briefing.render

    def gone_after_first_look():
        looks = iter([0.0])

        def clock() -> float:
            try:
                return next(looks)
            except StopIteration:
                raise OSError(22, "Invalid argument") from None

        return clock

    crashed: list[object] = []
    monkeypatch.setattr(briefing.render, "_thread_clock", gone_after_first_look)
    monkeypatch.setattr(threading, "excepthook", crashed.append)
    user = folder_with(tmp_path, "{{ wait() }}done\n")
    assert render("t.md.j2", user, Limits(0.05, 1000), wait=lambda: time.sleep(0.3) or "") == "done\n"
    assert crashed == []
