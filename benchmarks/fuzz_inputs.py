"""Mutation fuzzing of the command line: thousands of mutated design files through every command.

Each case takes one of the examples (``examples/pilot-hall``, ``examples/washington-18mw`` site and
proposed design, ``examples/panther-creek-350mw``), applies one to three mutations from
``tests/cli/fuzz_mutations.py`` (seeded: case ``n`` is the same file on every run), writes it, and runs
``retrofit validate`` and then one command (``analyze``, ``check``, ``size``, ``plan-design`` or ``plan``)
in a worker process that imported retrofit once. What it asserts for every case:

* the exit status is 0, 1 or 2, or 4 from ``check``, ``plan`` and ``plan-design`` (the review's verdict INCOMPLETE) — never 3, the
  internal-error status, nor a crash of the worker;
* no Python traceback is printed;
* every exit 2 names the mutated file with a line number (``file.yaml:27: ...``) unless the problem is
  about the whole file (empty, unreadable);
* ``validate`` and the command agree: a file ``validate`` accepts does not end in exit 2 from a solver;
* each run ends within its time limit (``--timeout`` seconds, scaled for the examples' slow commands) and
  within the memory limit (``--memory-gb`` of address space per worker).

Commands are drawn with weights so that the slow ones (``plan`` and ``plan-design`` on the campus, which take
about a minute each unmutated) are few. Usage::

    python benchmarks/fuzz_inputs.py [--cases 5000] [--workers 2] [--seed 0] [--timeout 60] [--memory-gb 6]

It prints the counts per command, per exit status and per example, the exit 3s, timeouts, disagreements and
exits without a line (each with its seed and mutations so it can be replayed with ``--replay SEED``), and
exits 1 when any were found.
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import io
import multiprocessing as mp
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "cli"))
from fuzz_mutations import EXAMPLES, mutate  # noqa: E402  (the mutations the fuzz test uses)

# (example, command) -> weight; the expensive pairs are rare.
WEIGHTS = {
    ("pilot", "validate"): 10, ("pilot", "analyze"): 14, ("pilot", "check"): 10, ("pilot", "size"): 8,
    ("pilot", "plan-design"): 5, ("pilot", "plan"): 2,
    ("washington-site", "validate"): 5, ("washington-site", "analyze"): 5, ("washington-site", "check"): 4,
    ("washington-site", "size"): 6, ("washington-site", "plan-design"): 0.8, ("washington-site", "plan"): 0.3,
    ("washington-proposed", "validate"): 4, ("washington-proposed", "analyze"): 6,
    ("washington-proposed", "check"): 5, ("washington-proposed", "size"): 2,
    ("washington-proposed", "plan-design"): 0.5, ("washington-proposed", "plan"): 0.3,
    ("panther-creek", "validate"): 3, ("panther-creek", "analyze"): 3, ("panther-creek", "check"): 2,
    ("panther-creek", "size"): 2, ("panther-creek", "plan-design"): 0.1, ("panther-creek", "plan"): 0.05,
}
# Unmutated run time is ~1 min for the campus plan; allow a margin over that.
SLOW = {("panther-creek", "plan"): 8, ("panther-creek", "plan-design"): 5, ("washington-site", "plan"): 3,
        ("washington-proposed", "plan"): 3, ("washington-site", "plan-design"): 3,
        ("washington-proposed", "plan-design"): 3}
_LINE = re.compile(r":\d+: ")


def _args(command: str, path: str, out: str) -> list[str]:
    if command == "plan-design":
        return [command, path, "-o", os.path.join(out, "proposed.yaml"), "--no-phases"]
    if command == "plan":
        return [command, path, "-o", os.path.join(out, "plan.pdf")]
    if command == "check":
        return [command, path, "--format", "json", "-o", os.path.join(out, "check.json")]
    if command == "analyze":
        return [command, path, "--json", os.path.join(out, "results.json")]
    if command == "size":
        return [command, path, "--json", os.path.join(out, "size.json")]
    return [command, path]


def _run_cli(argv: list[str]) -> tuple[int, str]:
    from retrofit.cli import main

    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse
            status = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:  # noqa: BLE001 - anything escaping main is a finding
            return -1, f"escaped main: {type(exc).__name__}: {exc}"
    return status, err.getvalue()


def case(n: int, seed: int) -> dict:
    """The mutated file of case ``n``: its example, command and text."""
    rng = random.Random(f"{seed}:{n}")
    pairs = sorted(WEIGHTS)
    example, command = rng.choices(pairs, weights=[WEIGHTS[p] for p in pairs])[0]
    text, names = mutate(EXAMPLES[example].read_text(encoding="utf-8"), rng)
    return {"n": n, "example": example, "command": command, "text": text, "mutations": names}


def _worker(conn, memory_gb: float) -> None:
    if memory_gb:
        limit = int(memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import retrofit.cli  # noqa: F401  (import once, before the cases)
    while True:
        job = conn.recv()
        if job is None:
            return
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "mutated.yaml")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(job["text"])
            t0 = time.perf_counter()
            v_status, v_err = _run_cli(["validate", path])
            t1 = time.perf_counter()
            if job["command"] == "validate":
                c_status, c_err = v_status, v_err
            else:
                c_status, c_err = _run_cli(_args(job["command"], path, out))
            t2 = time.perf_counter()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conn.send({"validate": v_status, "status": c_status, "stderr": c_err, "v_stderr": v_err,
                   "seconds": t2 - t0, "validate_seconds": t1 - t0, "rss_mb": rss, "path": path})


class _Pool:
    def __init__(self, n: int, memory_gb: float):
        self.ctx = mp.get_context("fork")
        self.memory_gb = memory_gb
        self.slots = [self._start() for _ in range(n)]

    def _start(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(child, self.memory_gb), daemon=True)
        proc.start()
        child.close()
        return {"proc": proc, "conn": parent, "job": None, "started": 0.0, "limit": 0.0}

    def restart(self, i: int) -> None:
        slot = self.slots[i]
        slot["proc"].kill()
        slot["proc"].join()
        self.slots[i] = self._start()

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(Exception):
                slot["conn"].send(None)
            slot["proc"].join(timeout=5)
            if slot["proc"].is_alive():
                slot["proc"].kill()
                slot["proc"].join()


def _classify(job: dict, result: dict | None, outcome: str) -> list[str]:
    """The findings of one case (empty when it behaved)."""
    if result is None:
        return [outcome]
    found = []
    for name, status, err in (("validate", result["validate"], result["v_stderr"]),
                              (job["command"], result["status"], result["stderr"])):
        if status not in (0, 1, 2) and not (status == 4 and name in ("check", "plan", "plan-design")):
            found.append(f"exit {status} from {name}: {_gist(err)}")
        if "Traceback" in err:
            found.append(f"traceback from {name}")
        if status == 2 and not _names_line(err, result["path"]):
            found.append(f"exit 2 without a line from {name}: {_gist(err)}")
    if result["validate"] == 0 and result["status"] == 2:
        found.append(f"validate accepts but {job['command']} exits 2: {_gist(result['stderr'])}")
    return found


def _gist(err: str) -> str:
    """The line of an error output that says what went wrong."""
    lines = [line.strip() for line in err.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("internal error") or line.startswith("escaped main"):
            return line[:300]
    return " | ".join(lines)[:300]


def _names_line(err: str, path: str) -> bool:
    """Does an exit-2 message name the file with a line (or concern the whole file)?"""
    for line in err.splitlines():
        line = line.strip()
        if line.startswith(path) and (_LINE.search(line[len(path):len(path) + 12]) or
                                      re.match(r": \.\.\. and \d+ more", line[len(path):])):
            return True
        if line.startswith(path + ": ") and any(w in line for w in ("file is empty", "not UTF-8", "cannot be read")):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=5000)
    p.add_argument("--start", type=int, default=0, help="first case number")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per case (more for the slow pairs)")
    p.add_argument("--memory-gb", type=float, default=6.0, help="address-space limit of each worker")
    p.add_argument("--replay", type=int, metavar="N", help="write case N to mutated.yaml and print its command")
    p.add_argument("--only", metavar="N,N,...", help="run only these case numbers (for example the findings of a run)")
    args = p.parse_args(argv)
    if args.replay is not None:
        job = case(args.replay, args.seed)
        Path("mutated.yaml").write_text(job["text"], encoding="utf-8")
        print(f"mutated.yaml: example {job['example']}, mutations {', '.join(job['mutations'])}; "
              f"run: retrofit {' '.join(_args(job['command'], 'mutated.yaml', '.'))}")
        return 0

    # every command once on the unmutated pilot, so the workers fork with every module already imported
    with tempfile.TemporaryDirectory() as out:
        for command in ("validate", "analyze", "check", "size", "plan-design", "plan"):
            status, err = _run_cli(_args(command, str(EXAMPLES["pilot"]), out))
            if status not in (0, 1):
                print(f"warm-up: {command} on the pilot exits {status}: {_gist(err)}", flush=True)
    pool = _Pool(args.workers, args.memory_gb)
    numbers = ([int(n) for n in args.only.split(",") if n.strip()] if args.only
               else list(range(args.start, args.start + args.cases)))
    todo = collections.deque(numbers)
    by_command = collections.Counter()
    by_status = collections.Counter()
    by_example = collections.Counter()
    by_pair_status = collections.Counter()
    findings: list[tuple[int, dict, list[str]]] = []
    timeouts = crashes = 0
    slowest = (0.0, None)
    peak_rss = 0.0
    done = 0
    t_start = time.perf_counter()
    try:
        while todo or any(s["job"] for s in pool.slots):
            for i, slot in enumerate(pool.slots):
                if slot["job"] is None and todo:
                    job = case(todo.popleft(), args.seed)
                    slot.update(job=job, started=time.perf_counter(),
                                limit=args.timeout * SLOW.get((job["example"], job["command"]), 1))
                    slot["conn"].send(job)
            for i, slot in enumerate(pool.slots):
                job = slot["job"]
                if job is None:
                    continue
                result, outcome = None, ""
                if slot["conn"].poll(0.02):
                    try:
                        result = slot["conn"].recv()
                    except EOFError:
                        outcome = "worker died (memory limit or crash)"
                elif time.perf_counter() - slot["started"] > slot["limit"]:
                    outcome = f"timeout after {slot['limit']:.0f} s"
                elif not slot["proc"].is_alive():
                    outcome = "worker died (memory limit or crash)"
                else:
                    continue
                if result is None:
                    if outcome.startswith("timeout"):
                        timeouts += 1
                    else:
                        crashes += 1
                    pool.restart(i)
                    status = "timeout" if outcome.startswith("timeout") else "crash"
                else:
                    status = result["status"]
                    peak_rss = max(peak_rss, result["rss_mb"])
                    if result["seconds"] > slowest[0]:
                        slowest = (result["seconds"], (job["n"], job["example"], job["command"]))
                done += 1
                by_command[job["command"]] += 1
                by_status[status] += 1
                by_example[job["example"]] += 1
                by_pair_status[(job["command"], status)] += 1
                problems = _classify(job, result, outcome)
                if problems:
                    findings.append((job["n"], job, problems))
                    print(f"case {job['n']} ({job['example']}, {job['command']}, {', '.join(job['mutations'])}): "
                          f"{'; '.join(problems)}", flush=True)
                slot["job"] = None
                if done % 250 == 0:
                    print(f"... {done} cases, {time.perf_counter() - t_start:.0f} s, {len(findings)} findings",
                          flush=True)
    finally:
        pool.close()
    elapsed = time.perf_counter() - t_start
    print(f"\n{done} mutated files in {elapsed:.0f} s ({args.workers} workers, seed {args.seed}, cases "
          f"{args.only if args.only else f'{args.start}..{args.start + args.cases - 1}'})")
    print("per command: " + ", ".join(f"{k} {v}" for k, v in sorted(by_command.items())))
    print("per example: " + ", ".join(f"{k} {v}" for k, v in sorted(by_example.items())))
    print("per exit status (of the command): " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items(), key=str)))
    for command in sorted(by_command):
        print(f"  {command}: " + ", ".join(f"{s} {by_pair_status[(command, s)]}"
                                          for s in sorted({s for c, s in by_pair_status if c == command}, key=str)))
    exit3 = sum(1 for _, _, probs in findings if any(pr.startswith("exit 3") for pr in probs))
    no_line = sum(1 for _, _, probs in findings if any(pr.startswith("exit 2 without") for pr in probs))
    disagree = sum(1 for _, _, probs in findings if any(pr.startswith("validate accepts") for pr in probs))
    print(f"exit 3: {exit3}; timeouts: {timeouts}; worker deaths: {crashes}; exit 2 without a line: {no_line}; "
          f"validate/command disagreements: {disagree}; cases with any finding: {len(findings)}")
    if slowest[1]:
        print(f"slowest case: {slowest[0]:.1f} s (case {slowest[1][0]}, {slowest[1][1]}, {slowest[1][2]}); "
              f"peak worker memory {peak_rss:.0f} MB (limit {args.memory_gb:g} GB)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
