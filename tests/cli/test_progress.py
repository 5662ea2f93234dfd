"""Progress and logging: stage lines on standard error, one line rewritten in place on a terminal, plain
periodic lines otherwise; ``--quiet`` keeps only warnings, ``--verbose`` adds the details with their logger."""
from __future__ import annotations

import io
import logging
import sys
import time
from pathlib import Path

from retrofit import progress
from retrofit.cli import main

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"


def _run_stage(handler: progress.StageHandler, seconds: float) -> str:
    log = logging.getLogger("retrofit.test")
    progress.log.addHandler(handler)
    progress.log.setLevel(logging.DEBUG)
    try:
        progress.stage("solving the loops", log)
        time.sleep(seconds)
        log.warning("pump P-1 outside its curve")
        log.debug("a detail")
    finally:
        progress.release(handler)
    return handler.stream.getvalue()


def test_not_a_terminal_plain_lines_and_a_heartbeat_for_a_long_stage():
    text = _run_stage(progress.StageHandler(io.StringIO(), tty=False, heartbeat=0.1), 0.45)
    lines = text.splitlines()
    assert lines[0].endswith("] solving the loops") and lines[0].startswith("[")
    still = [line for line in lines if "] still solving the loops (" in line]
    assert 2 <= len(still) <= 5, text
    assert "warning: pump P-1 outside its curve" in lines
    assert lines[-1].endswith("] a detail")
    assert "\r" not in text and "\x1b" not in text  # nothing a log file cannot hold


def test_terminal_one_line_rewritten_in_place():
    text = _run_stage(progress.StageHandler(io.StringIO(), tty=True, tick=0.02), 0.2)
    assert text.startswith("\r\x1b[K[")
    redraws = text.split("warning:")[0].count("\r\x1b[K")
    assert redraws >= 3, text  # the elapsed time ticks while the stage runs
    # a warning clears the status line, is printed on its own line, and the status comes back
    assert "\r\x1b[Kwarning: pump P-1 outside its curve\n\r\x1b[K[" in text
    assert text.endswith("\r\x1b[K") and text.count("\n") == 2  # the warning and the detail stay; the status goes


def test_quiet_normal_and_verbose_from_the_command_line(capsys):
    args = ["analyze", str(PILOT), "--no-contingencies"]
    assert main(["--quiet", *args]) == 0
    assert capsys.readouterr().err == ""
    assert main(args) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line.split("] ", 1)[1] for line in err] == [
        f"reading {PILOT}", "analysing the design (cooling, load flow, short circuit, protection)"]
    assert main([*args, "--verbose"]) == 0
    err = capsys.readouterr().err
    assert f"] retrofit.cli: {PILOT}: " in err and " elements, 12 racks, 2 loops" in err
    # the command line's handler is gone once it returns: a library user's logging is left as it was
    assert not progress.log.handlers and progress.log.propagate and progress.log.level == logging.NOTSET


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_command_output_to_the_same_terminal_is_never_drawn_over(monkeypatch):
    err, out = _Terminal(), _Terminal()
    monkeypatch.setattr("sys.stdout", out)
    handler = progress.configure(progress.NORMAL, err, tick=0.02)
    try:
        progress.stage("analysing")
        sys.stdout.write("PUE at design: 1.07")        # mid-line: the status waits
        shown = err.getvalue()
        time.sleep(0.1)
        assert err.getvalue() == shown and handler.held
        sys.stdout.write("\n")                          # the line ended: the status comes back below it
        time.sleep(0.1)
        assert err.getvalue().endswith("] analysing") and not handler.held
    finally:
        progress.release(handler)
    assert sys.stdout is out and out.getvalue() == "PUE at design: 1.07\n"
    assert err.getvalue().endswith("\r\x1b[K")          # cleared when the command ends
