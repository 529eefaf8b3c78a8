"""A time limit for reviewing a document, raised into the running code when it is up."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class CheckerTimeout(Exception):
    """Raised into a running review when its time is up: recorded as status "timeout", the
    verdict blocks (`pipeline/checker_timeout`) and the remaining checkers are skipped."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise `CheckerTimeout` in this thread once `seconds` have passed (None or 0: no limit).

    The main thread uses SIGALRM; other threads (a service's thread pool, dask workers) get the
    exception delivered asynchronously. Either way it lands between Python bytecodes, so code
    stuck inside one C call is interrupted when that call returns: the patterns and automata
    the checkers use are linear-time so that no single call runs long.
    """
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        yield from _alarm(seconds)
    else:
        yield from _async_raise_after(seconds)


def _alarm(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: Any) -> None:
        raise CheckerTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    remaining, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    if remaining and remaining < seconds:  # an outer deadline comes first: it still holds
        signal.setitimer(signal.ITIMER_REAL, remaining)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if remaining:  # an outer deadline was running: give it back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(remaining - (time.monotonic() - started), 1e-3))


def _async_raise_after(seconds: float) -> Iterator[None]:
    import ctypes

    target = threading.get_ident()
    lock = threading.Lock()
    done = False

    def fire() -> None:
        with lock:
            if not done:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(CheckerTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done = True
        timer.cancel()
