"""Progress and logging of long commands, through the standard :mod:`logging` module.

retrofit logs to the logger ``retrofit`` and its children (``retrofit.planning.planner``, ...): a stage
that starts is an INFO record (:func:`stage`), details are DEBUG, anything the user should act on is a
WARNING. A library user sees nothing unless they configure logging; the command line installs a
:class:`StageHandler` on standard error (:func:`configure`):

- on a terminal, the current stage is one line rewritten in place, with the time since the start and the
  time spent in the stage, ticking while the stage runs; it is cleared before the command's own output
  and when the command ends;
- otherwise (a log file, CI), each stage is a plain line ``[  12.3 s] analysing the design``, and a stage
  that runs long repeats ``still ...`` every ``heartbeat`` seconds, so a silent log means a stopped run;
- ``--quiet`` shows only warnings and errors; ``--verbose`` adds the DEBUG records, each with its logger.
"""
from __future__ import annotations

import logging
import threading
import time

LOGGER = "retrofit"
log = logging.getLogger(LOGGER)

QUIET, NORMAL, VERBOSE = "quiet", "normal", "verbose"   # the command line's --quiet, (nothing), --verbose
_LEVELS = {QUIET: logging.WARNING, NORMAL: logging.INFO, VERBOSE: logging.DEBUG}


def stage(text: str, logger: logging.Logger | None = None) -> None:
    """Log the start of a stage (an INFO record) to ``logger`` (default: ``retrofit``)."""
    (logger or log).info(text)


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


class StageHandler(logging.Handler):
    """Stage lines on a stream: one line rewritten in place on a terminal, plain periodic lines otherwise.

    Parameters
    ----------
    stream : file
        Where to write (standard error for the command line).
    tty : bool, optional
        Write for a terminal; default: whether ``stream`` is one.
    verbose : bool
        Name the logger of each DEBUG record.
    tick : float
        Seconds between redraws of the stage line on a terminal [s].
    heartbeat : float
        Seconds of a stage without a line before a ``still ...`` line, off a terminal [s].
    """

    def __init__(self, stream, *, tty: bool | None = None, verbose: bool = False, tick: float = 0.5,
                 heartbeat: float = 30.0):
        super().__init__()
        self.stream = stream
        self.tty = _is_terminal(stream) if tty is None else tty
        self.verbose = verbose
        self.tick, self.heartbeat = tick, heartbeat
        self.start = time.monotonic()
        self.current: str | None = None     # the stage running
        self.stage_start = self.start
        self.last_line = self.start         # when a line was last written
        self._status_shown = False          # a terminal status line is on screen, without its newline
        self.held = False                   # other output left the cursor mid-line: do not draw over it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _stamp(self, now: float) -> str:
        return f"[{now - self.start:6.1f} s]"

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def _status(self, now: float) -> None:
        """Redraw the terminal status line (caller holds the lock)."""
        if self.held:
            return
        in_stage = now - self.stage_start
        extra = f" ({in_stage:.0f} s)" if in_stage >= 1.0 else ""
        self._write(f"\r\x1b[K{self._stamp(now)} {self.current}{extra}")
        self._status_shown = True

    def _clear_status(self) -> None:
        if self._status_shown:
            self._write("\r\x1b[K")
            self._status_shown = False

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
            now = time.monotonic()
            self.acquire()
            try:
                if record.levelno == logging.INFO:
                    self.current, self.stage_start, self.last_line = text, now, now
                    if self.tty:
                        self._status(now)
                    else:
                        self._write(f"{self._stamp(now)} {text}\n")
                    self._start_ticking()
                    return
                if record.levelno >= logging.WARNING:
                    line = f"{record.levelname.lower()}: {text}\n"
                else:
                    line = f"{self._stamp(now)} {record.name}: {text}\n" if self.verbose else f"{self._stamp(now)} {text}\n"
                if self.tty:
                    self._clear_status()
                    self._write(line)
                    if self.current is not None:
                        self._status(now)
                else:
                    self._write(line)
                    self.last_line = now
            finally:
                self.release()
        except Exception:  # logging must never break the run
            self.handleError(record)

    def _start_ticking(self) -> None:
        if self._thread is None and not self._stop.is_set():
            self._thread = threading.Thread(target=self._run, name="retrofit-progress", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        period = self.tick if self.tty else min(self.heartbeat, 1.0)
        while not self._stop.wait(period):
            now = time.monotonic()
            self.acquire()
            try:
                if self.current is None or self._stop.is_set():
                    continue
                if self.tty:
                    self._status(now)
                elif now - self.last_line >= self.heartbeat:
                    self._write(f"{self._stamp(now)} still {self.current} ({now - self.stage_start:.0f} s)\n")
                    self.last_line = now
            except (OSError, ValueError):  # the stream was closed under us: stop drawing
                return
            finally:
                self.release()

    def make_room(self, held: bool | None = None) -> None:
        """Clear the terminal status line so that other output (the command's own, on standard output to the
        same terminal) starts on a clean line; the next tick draws the status again below it. ``held``
        says whether that output has left the cursor mid-line (no status is drawn until it ends its line)."""
        self.acquire()
        try:
            self._clear_status()
            if held is not None:
                self.held = held
        except (OSError, ValueError):
            pass
        finally:
            self.release()

    def close(self) -> None:
        """Stop the ticking and clear the terminal status line: the run is over, its output stays."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
        self.make_room()
        super().close()


class _OutputBeside:
    """Standard output that clears the stage line first when both go to the same terminal."""

    def __init__(self, stream, handler: StageHandler):
        self._stream, self._handler = stream, handler

    def write(self, text: str) -> int:
        self._handler.make_room(held=True)
        written = self._stream.write(text)
        self._stream.flush()  # on the terminal before the status line comes back
        self._handler.make_room(held=not text.endswith("\n"))
        return written

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def configure(verbosity: str = NORMAL, stream=None, **options) -> StageHandler:
    """Send the ``retrofit`` logger's records to a :class:`StageHandler` on ``stream`` (standard error).

    Parameters
    ----------
    verbosity : str
        :data:`QUIET` (warnings and errors), :data:`NORMAL` (stage lines) or :data:`VERBOSE` (details).
    stream : file, optional
        Default: standard error at the time of the call.
    **options
        Passed to :class:`StageHandler` (``tty``, ``tick``, ``heartbeat``).

    Returns
    -------
    StageHandler
        The handler installed; give it to :func:`release` when the command ends.
    """
    import sys

    for old in [h for h in log.handlers if isinstance(h, StageHandler)]:
        release(old)
    if verbosity not in _LEVELS:
        raise ValueError(f"verbosity {verbosity!r}; expected one of {', '.join(_LEVELS)}")
    handler = StageHandler(stream if stream is not None else sys.stderr, verbose=verbosity == VERBOSE, **options)
    if handler.tty and _is_terminal(sys.stdout) and not isinstance(sys.stdout, _OutputBeside):
        sys.stdout = _OutputBeside(sys.stdout, handler)
    log.addHandler(handler)
    log.setLevel(_LEVELS[verbosity])
    log.propagate = False  # the command line's own handler only: no second copy through the root logger
    return handler


def release(handler: StageHandler) -> None:
    """Remove a handler installed by :func:`configure` and close it (the logger is left as it was found)."""
    import sys

    log.removeHandler(handler)
    handler.close()
    if isinstance(sys.stdout, _OutputBeside) and sys.stdout._handler is handler:
        sys.stdout = sys.stdout._stream
    if not any(isinstance(h, StageHandler) for h in log.handlers):
        log.setLevel(logging.NOTSET)
        log.propagate = True


class Progress:
    """A callable that logs each stage it is given, ``progress("planning")``: the stages of the plan's
    pipeline and of the commands go through it. Where and whether a line appears is decided by the handler
    :func:`configure` installs.
    """

    def __init__(self, *, logger: logging.Logger | None = None):
        self.logger = logger or log

    def __call__(self, text: str) -> None:
        stage(text, self.logger)


__all__ = ["LOGGER", "NORMAL", "Progress", "QUIET", "StageHandler", "VERBOSE", "configure", "log", "release", "stage"]
