"""Work that runs in a thread of its own while the build goes on (see :mod:`analysis.build`)."""

from __future__ import annotations

import threading


class Background:
    """``work()`` in a daemon thread, started at once. :meth:`result` waits for it and returns what
    it returned or raises, in the caller's thread, what it raised; :meth:`join` only waits."""

    def __init__(self, work, name: str):
        self._value = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name=name, daemon=True)
        self._thread.start()

    def _run(self, work) -> None:
        try:
            self._value = work()
        except BaseException as exc:  # re-raised by result() in the caller's thread
            self._error = exc

    def join(self) -> None:
        self._thread.join()

    def result(self):
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._value
