"""Typed analysis results: the results of :func:`retrofit.analyze` as pandas DataFrames, one per kind of element.

Each frame is read from the JSON form of the results (what ``retrofit analyze --json`` writes), so a cell
of a frame is the number the JSON holds, under the same name: the index is the element id, each column
keeps its JSON key, unit included (``vm_pu``, ``ik3_ka``, ``t_supply_c``, ``flow_lpm``), and nested records
are flattened with ``_`` (``feeds_A_vm_pu``). Where a frame joins two tables of the JSON (a bus's load
flow and its short circuit), ``frame.attrs["sources"]`` names the table each column came from.

The frames are built in one place, :data:`FRAMES`: each is a list of JSON tables keyed by element id; a
``*`` in a path is a level of ids (the loop of a pipe) kept as a column. pandas is imported only when a
frame is first read.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import RetrofitError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from .model import Design


@dataclass(frozen=True)
class Table:
    """One JSON table of records keyed by element id, as a frame reads it.

    Parameters
    ----------
    path : str
        Dotted path in the results (``electrical.load_flow.buses``); a ``*`` part is a level of ids whose
        key becomes the column ``level``.
    level : str
        Column name of the key matched by ``*``.
    where : tuple of (str, object), optional
        Keep only the records whose field equals the value (``("kind", "transformer")``).
    drop : tuple of str
        Fields left out (id-keyed sub-tables that are frames of their own).
    """

    path: str
    level: str = ""
    where: tuple[str, Any] | None = None
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Frame:
    """A frame of the results: its name, what one row is, and the JSON tables joined side by side."""

    name: str
    row: str
    tables: tuple[Table, ...]


FRAMES: tuple[Frame, ...] = (
    Frame("buses", "a bus: load flow (voltage, angle) and the IEC 60909 short circuit",
          (Table("electrical.load_flow.buses"), Table("electrical.short_circuit.buses"))),
    Frame("branches", "a transformer, cable or busway: current, loading, losses and power flow",
          (Table("electrical.load_flow.branches"),)),
    Frame("transformers", "a transformer: load flow and its rating at the design ambient (IEEE C57.91)",
          (Table("electrical.load_flow.branches", where=("kind", "transformer")), Table("electrical.ratings"))),
    Frame("cables", "a cable: load flow, ampacity and voltage drop",
          (Table("electrical.load_flow.branches", where=("kind", "cable")),
           Table("electrical.feeders", where=("kind", "cable")))),
    Frame("busways", "a busway: load flow, ampacity and voltage drop",
          (Table("electrical.load_flow.branches", where=("kind", "busway")),
           Table("electrical.feeders", where=("kind", "busway")))),
    Frame("feeders", "a cable or busway: ampacity and voltage drop checks", (Table("electrical.feeders"),)),
    Frame("breakers", "a protective device: interrupting duty at its bus", (Table("electrical.short_circuit.devices"),)),
    Frame("racks", "a rack: coolant flow and supply temperature, its A and B feeds, its power redundancy",
          (Table("cooling.racks"), Table("electrical.racks"), Table("electrical.redundancy"))),
    Frame("loops", "a liquid loop: hydraulic solution summary", (Table("cooling.loops", drop=("pipes", "pumps")),)),
    Frame("pipes", "a pipe run of a loop: flow, velocity and head loss", (Table("cooling.loops.*.pipes", level="loop"),)),
    Frame("pumps", "a pump set of a loop: operating point, power and curve range",
          (Table("cooling.loops.*.pumps", level="loop"),)),
    Frame("cdus", "a CDU: heat, loading, flows and temperatures", (Table("cooling.cdus"),)),
    Frame("heat_rejection", "a heat-rejection group: capacity and margin at the design ambient",
          (Table("cooling.heat_rejection"),)),
    Frame("contingencies", "an electrical outage (N-1): what is lost, worst voltage and loading, the verdict",
          (Table("electrical.contingencies.outages"),)),
)
FRAME_NAMES = tuple(f.name for f in FRAMES)


def _at(data: Any, parts: list[str]) -> list[tuple[dict, dict]]:
    """The tables at ``parts`` of ``data``, each with the ids matched by ``*`` on the way."""
    if not parts:
        return [({}, data)] if isinstance(data, dict) else []
    head, rest = parts[0], parts[1:]
    if not isinstance(data, dict):
        return []
    if head != "*":
        return _at(data[head], rest) if head in data else []
    out = []
    for key in sorted(data):
        for found, table in _at(data[key], rest):
            out.append(({key: None, **found}, table))
    return out


def _flat(record: dict, prefix: str = "") -> dict:
    """A record with nested records flattened (``feeds`` → ``feeds_A_vm_pu``); lists stay as cells."""
    out: dict = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flat(value, f"{name}_"))
        else:
            out[name] = value
    return out


def table_rows(results: dict, table: Table) -> dict[str, dict]:
    """The rows one table gives, keyed by element id, with flattened fields (plain data, no pandas)."""
    rows: dict[str, dict] = {}
    for matched, records in _at(results, table.path.split(".")):
        for element_id in sorted(records):
            record = records[element_id]
            if not isinstance(record, dict):
                continue
            if table.where is not None and record.get(table.where[0]) != table.where[1]:
                continue
            row = {table.level: next(iter(matched))} if table.level and matched else {}
            row.update(_flat({k: v for k, v in record.items() if k not in table.drop}))
            rows[element_id] = row
    return rows


def frame_columns(results: dict, frame: Frame) -> tuple[dict[str, dict], dict[str, str]]:
    """The rows of a frame (the tables joined on element id, rows in the order the tables give them; a column
    given by an earlier table is not repeated) and, for each column, the path of the table it came from."""
    rows: dict[str, dict] = {}
    sources: dict[str, str] = {}
    ids: list[str] = []
    for table in frame.tables:
        part = table_rows(results, table)
        ids += [i for i in part if i not in rows and i not in ids]
        for element_id in part:
            for column, value in part.get(element_id, {}).items():
                if column in sources and sources[column] != table.path:
                    continue
                sources.setdefault(column, table.path)
                rows.setdefault(element_id, {})[column] = value
    return {i: rows.get(i, {}) for i in ids}, sources


def build_frame(results: dict, frame: Frame) -> pd.DataFrame:
    """The DataFrame of one frame: index the element id, columns the JSON keys in the order of the tables."""
    import pandas as pd

    rows, sources = frame_columns(results, frame)
    df = pd.DataFrame.from_dict(rows, orient="index", columns=list(sources))
    df.index.name = "id"
    df.attrs["sources"] = sources
    df.attrs["row"] = frame.row
    return df


@dataclass(frozen=True, eq=False)
class Results:
    """The results of an analysis, with a DataFrame per kind of element.

    Attributes
    ----------
    raw : dict
        The results dict (:func:`retrofit.analyze.analyze`), keyed by element id, units in key names.
    design : Design or None
        The design analysed, when known.

    Every name of :data:`FRAME_NAMES` is a DataFrame: ``buses``, ``branches``, ``transformers``,
    ``cables``, ``busways``, ``feeders``, ``breakers``, ``racks``, ``loops``, ``pipes``, ``pumps``, ``cdus``, ``heat_rejection``,
    ``contingencies``; ``findings`` when the results hold a review (``retrofit plan --json``). A kind that
    the results do not hold is an empty frame. Each frame is built once, on first use.
    """

    raw: dict
    design: Design | None = field(default=None, repr=False)

    @classmethod
    def load(cls, path: str | Path) -> Results:
        """Read the results JSON written by ``retrofit analyze --json`` or ``retrofit plan --json``."""
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RetrofitError(f"{path}: cannot read results JSON: {exc}") from None
        if not isinstance(raw, dict) or "electrical" not in raw:
            raise RetrofitError(f"{path}: not a results file of retrofit (no 'electrical' section)")
        return cls(raw)

    def to_json(self) -> str:
        """The JSON text ``retrofit analyze --json`` writes for these results."""
        from .io.results import results_json

        return results_json(self.raw)

    def write_json(self, path: str | Path) -> None:
        """Write :meth:`to_json` to ``path`` atomically."""
        from .io.atomic import write_atomic

        write_atomic(path, self.to_json())

    @cached_property
    def plain(self) -> dict:
        """The results as the JSON holds them (non-finite numbers as None); the frames read this."""
        return json.loads(self.to_json())

    @cached_property
    def _frames(self) -> dict:
        return {}

    def frame(self, name: str) -> pd.DataFrame:
        """The frame called ``name`` (one of :data:`FRAME_NAMES`), built on first use."""
        if name in self._frames:
            return self._frames[name]
        for frame in FRAMES:
            if frame.name == name:
                return self._frames.setdefault(name, build_frame(self.plain, frame))
        raise KeyError(f"no frame {name!r}; the frames are {', '.join(FRAME_NAMES + ('findings',))}")

    buses = property(lambda self: self.frame("buses"), doc="bus voltages and short-circuit currents")
    branches = property(lambda self: self.frame("branches"), doc="branch flows and loading")
    transformers = property(lambda self: self.frame("transformers"), doc="transformer loading and ratings")
    cables = property(lambda self: self.frame("cables"), doc="cable flows, ampacity and voltage drop")
    busways = property(lambda self: self.frame("busways"), doc="busway flows, ampacity and voltage drop")
    feeders = property(lambda self: self.frame("feeders"), doc="feeder ampacity and voltage drop")
    breakers = property(lambda self: self.frame("breakers"), doc="breaker interrupting duty")
    racks = property(lambda self: self.frame("racks"), doc="rack cooling, feeds and redundancy")
    loops = property(lambda self: self.frame("loops"), doc="loop hydraulic summaries")
    pipes = property(lambda self: self.frame("pipes"), doc="pipe flows, velocities and head losses")
    pumps = property(lambda self: self.frame("pumps"), doc="pump operating points")
    cdus = property(lambda self: self.frame("cdus"), doc="CDU heat, loading, flows and temperatures")
    heat_rejection = property(lambda self: self.frame("heat_rejection"), doc="heat-rejection capacity and margin")
    contingencies = property(lambda self: self.frame("contingencies"), doc="N-1 outages and their verdicts")

    @property
    def findings(self) -> pd.DataFrame:
        """Review findings, one row each (numbered in the order of the review), when the results hold one."""
        import pandas as pd

        findings = (self.plain.get("review") or {}).get("findings") or []
        df = pd.DataFrame([_flat(f) for f in findings])
        df.index.name = "n"
        return df

    @property
    def pue(self) -> float | None:
        """PUE at the design point."""
        return (self.plain.get("pue") or {}).get("pue")

    def __getitem__(self, key: str):
        """The sections of the results dict, as before: ``res["electrical"]["load_flow"]``."""
        return self.raw[key]

    def keys(self):
        """The sections of the results dict."""
        return self.raw.keys()


def analyze_results(path_or_design, *, contingencies: bool = True, executor=None) -> Results:
    """Load a design (a path, or a :class:`~retrofit.model.Design`) and analyse it.

    Parameters
    ----------
    path_or_design : str, Path or Design
        The design file, or a design already loaded.
    contingencies : bool
        Run the N-1 study and the cross-domain resilience study.
    executor : concurrent.futures.Executor, optional
        Runs the N-1 outages.

    Returns
    -------
    Results
        The results dict as ``raw`` and a DataFrame per kind of element.
    """
    from .analyze import analyze
    from .io.load import load
    from .model import Design

    design = path_or_design if isinstance(path_or_design, Design) else load(path_or_design)
    return Results(analyze(design, contingencies=contingencies, executor=executor), design)


__all__ = ["FRAMES", "FRAME_NAMES", "Frame", "Results", "Table", "analyze_results", "build_frame", "frame_columns",
           "table_rows"]
