"""Balanced three-phase network as arrays, its builder, branch outages and the buses a source feeds.

A :class:`Grid` holds every element of a positive-sequence network in numpy arrays, in the order
the caller added them (give them in sorted order and every result is repeatable). Closed switches
and breakers are not branches: the caller merges their two ends into one bus before building.
:class:`GridBuilder` collects the elements one by one, :func:`take_out_of_service` takes branches out
(N-1) and :func:`energised_buses` finds the buses with a path to a source.

The per-unit system (on the system base :data:`BASE_VA`) and the branch models (lines as pi sections,
transformers as pandapower's T-equivalent with off-nominal ratio and HV taps,
:func:`tap_ratio_from_position`) are described, and the bus admittance matrix built, in
:mod:`retrofit.electrical.admittance`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ..errors import OutOfRange, TopologyError

#: Default system base of the per-unit system [VA] (pandapower's ``net.sn_mva = 1``).
BASE_VA = 1.0e6


def _frozen(values, dtype) -> np.ndarray:
    array = np.array(values, dtype=dtype)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Sources:
    """External grids (slack buses) with their short-circuit strength.

    Attributes
    ----------
    ids : tuple of str
        Element ids.
    bus : numpy.ndarray of int
        Bus index.
    vm_pu : numpy.ndarray
        Voltage magnitude set-point [pu].
    va_deg : numpy.ndarray
        Voltage angle set-point [deg].
    sk_max_va : numpy.ndarray
        Maximum initial short-circuit power S″kQ at the connection point [VA].
    rx_max : numpy.ndarray
        R/X ratio of the source impedance for the maximum case [-].
    """

    ids: tuple[str, ...]
    bus: np.ndarray
    vm_pu: np.ndarray
    va_deg: np.ndarray
    sk_max_va: np.ndarray
    rx_max: np.ndarray


@dataclass(frozen=True, eq=False)
class Generators:
    """Voltage-controlled generators (PV buses) for the load flow.

    Attributes
    ----------
    ids : tuple of str
        Element ids.
    bus : numpy.ndarray of int
        Bus index.
    p_w : numpy.ndarray
        Active power injected [W].
    vm_pu : numpy.ndarray
        Voltage magnitude set-point [pu].
    """

    ids: tuple[str, ...]
    bus: np.ndarray
    p_w: np.ndarray
    vm_pu: np.ndarray


@dataclass(frozen=True, eq=False)
class Lines:
    """Series branches: cables, busway, overhead lines (parallel sets combined).

    Attributes
    ----------
    ids : tuple of str
        Element ids.
    from_bus, to_bus : numpy.ndarray of int
        Bus indices of the two ends.
    r_ohm, x_ohm : numpy.ndarray
        Total series resistance and reactance per phase [ohm].
    b_s : numpy.ndarray
        Total shunt susceptance [S].
    i_max_a : numpy.ndarray
        Current rating used for ``loading_percent`` [A] (``inf`` if unrated).
    in_service : numpy.ndarray of bool
        False for a branch taken out (contingency).
    """

    ids: tuple[str, ...]
    from_bus: np.ndarray
    to_bus: np.ndarray
    r_ohm: np.ndarray
    x_ohm: np.ndarray
    b_s: np.ndarray
    i_max_a: np.ndarray
    in_service: np.ndarray


@dataclass(frozen=True, eq=False)
class Transformers:
    """Two-winding transformers with pandapower-like nameplate parameters.

    Attributes
    ----------
    ids : tuple of str
        Element ids.
    hv_bus, lv_bus : numpy.ndarray of int
        Bus indices of the HV and LV terminals.
    sn_va : numpy.ndarray
        Rated apparent power (parallel units summed) [VA].
    vn_hv_v, vn_lv_v : numpy.ndarray
        Rated line-to-line voltages of the windings [V].
    vk_percent, vkr_percent : numpy.ndarray
        Short-circuit voltage and its resistive part [%].
    p0_w : numpy.ndarray
        No-load (iron) loss (parallel units summed) [W].
    i0_percent : numpy.ndarray
        No-load current [%].
    tap_ratio : numpy.ndarray
        Off-nominal multiplier of the HV rated voltage from the tap position [-] (1 = neutral).
    in_service : numpy.ndarray of bool
        False for a transformer taken out (contingency).
    """

    ids: tuple[str, ...]
    hv_bus: np.ndarray
    lv_bus: np.ndarray
    sn_va: np.ndarray
    vn_hv_v: np.ndarray
    vn_lv_v: np.ndarray
    vk_percent: np.ndarray
    vkr_percent: np.ndarray
    p0_w: np.ndarray
    i0_percent: np.ndarray
    tap_ratio: np.ndarray
    in_service: np.ndarray


@dataclass(frozen=True, eq=False)
class BusElements:
    """Constant-power loads or shunts attached to buses.

    Attributes
    ----------
    ids : tuple of str
        Element ids.
    bus : numpy.ndarray of int
        Bus index.
    p_w : numpy.ndarray
        Active power consumed [W] (for a shunt: at nominal bus voltage).
    q_var : numpy.ndarray
        Reactive power consumed [var] (for a shunt: at nominal bus voltage; negative = capacitor).
    """

    ids: tuple[str, ...]
    bus: np.ndarray
    p_w: np.ndarray
    q_var: np.ndarray


@dataclass(frozen=True, eq=False)
class Grid:
    """A balanced three-phase network held as arrays.

    Attributes
    ----------
    bus_ids : tuple of str
        Bus ids, in build order.
    vn_v : numpy.ndarray
        Nominal line-to-line voltage of each bus [V].
    sources : Sources
        External grids (slack buses).
    generators : Generators
        PV generators.
    lines : Lines
        Cables, busway and lines.
    transformers : Transformers
        Two-winding transformers.
    loads : BusElements
        Constant-power loads.
    shunts : BusElements
        Constant-admittance shunts.
    frequency_hz : float
        System frequency [Hz].
    """

    bus_ids: tuple[str, ...]
    vn_v: np.ndarray
    sources: Sources
    generators: Generators
    lines: Lines
    transformers: Transformers
    loads: BusElements
    shunts: BusElements
    frequency_hz: float = 60.0
    _bus_index: dict = field(default=None, repr=False, compare=False)

    @property
    def n_bus(self) -> int:
        """Number of buses."""
        return len(self.bus_ids)

    def bus_index(self, bus_id: str) -> int:
        """Index of the bus ``bus_id``; raises TopologyError if unknown."""
        index = self._bus_index if self._bus_index is not None else {b: i for i, b in enumerate(self.bus_ids)}
        try:
            return index[bus_id]
        except KeyError:
            raise TopologyError(f"unknown bus {bus_id!r}") from None


def tap_ratio_from_position(tap_pos: float, tap_neutral: float, tap_step_percent: float) -> float:
    """Off-nominal HV voltage multiplier of a ratio tap changer on the HV side.

    Parameters
    ----------
    tap_pos : float
        Tap position [-].
    tap_neutral : float
        Neutral tap position [-].
    tap_step_percent : float
        Voltage change per step [%].

    Returns
    -------
    tap_ratio : float
        Multiplier of the HV rated voltage [-].

    Notes
    -----
    ``tap_ratio = 1 + (tap_pos - tap_neutral) * tap_step_percent / 100``, the convention of
    pandapower's ``tap_side='hv'`` ratio tap changer (the HV rated voltage is scaled).

    Examples
    --------
    >>> tap_ratio_from_position(-2, 0, 2.5)
    0.95
    """
    return 1.0 + (tap_pos - tap_neutral) * tap_step_percent / 100.0


class GridBuilder:
    """Collects elements one by one (cheaply) and returns an array-backed :class:`Grid`.

    Parameters
    ----------
    frequency_hz : float
        System frequency [Hz].

    Examples
    --------
    >>> b = GridBuilder(frequency_hz=60.0)
    >>> b.add_bus("MV", 13.8e3); b.add_bus("LV", 415.0)
    0
    1
    >>> b.add_source("utility", "MV", sk_max_va=250e6, rx_max=0.1)
    >>> b.add_transformer("T1", "MV", "LV", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=415.0,
    ...                   vk_percent=5.75, vkr_percent=0.9)
    >>> b.add_load("rack", "LV", p_w=1.0e6, q_var=0.14e6)
    >>> b.build().n_bus
    2
    """

    def __init__(self, frequency_hz: float = 60.0):
        if not frequency_hz > 0:
            raise OutOfRange(f"frequency_hz must be positive, got {frequency_hz}")
        self.frequency_hz = float(frequency_hz)
        self._bus_ids: list[str] = []
        self._vn: list[float] = []
        self._index: dict[str, int] = {}
        self._rows: dict[str, list[tuple]] = {k: [] for k in
                                              ("source", "generator", "line", "transformer", "load", "shunt")}
        self._ids: dict[str, set[str]] = {k: set() for k in self._rows}

    # -- helpers -------------------------------------------------------------------------------
    def _bus(self, bus: str | int) -> int:
        if isinstance(bus, (int, np.integer)):
            if not 0 <= bus < len(self._bus_ids):
                raise TopologyError(f"bus index {bus} out of range (0..{len(self._bus_ids) - 1})")
            return int(bus)
        try:
            return self._index[bus]
        except KeyError:
            raise TopologyError(f"unknown bus {bus!r}") from None

    def _claim(self, kind: str, element_id: str) -> None:
        if element_id in self._ids[kind]:
            raise TopologyError(f"duplicate {kind} id {element_id!r}")
        self._ids[kind].add(element_id)

    # -- elements ------------------------------------------------------------------------------
    def add_bus(self, bus_id: str, vn_v: float) -> int:
        """Add a bus of nominal line-to-line voltage ``vn_v`` [V]; returns its index."""
        if bus_id in self._index:
            raise TopologyError(f"duplicate bus id {bus_id!r}")
        if not vn_v > 0:
            raise OutOfRange(f"bus {bus_id!r}: vn_v must be positive, got {vn_v}")
        self._index[bus_id] = len(self._bus_ids)
        self._bus_ids.append(bus_id)
        self._vn.append(float(vn_v))
        return self._index[bus_id]

    def add_source(self, source_id: str, bus: str | int, *, sk_max_va: float, rx_max: float = 0.1,
                   vm_pu: float = 1.0, va_deg: float = 0.0) -> None:
        """Add an external grid: slack set-point ``vm_pu`` [pu], ``va_deg`` [deg]; S″kQ ``sk_max_va`` [VA]."""
        if not sk_max_va > 0 or not rx_max >= 0 or not vm_pu > 0:
            raise OutOfRange(f"source {source_id!r}: need sk_max_va > 0, rx_max >= 0, vm_pu > 0")
        self._claim("source", source_id)
        self._rows["source"].append((source_id, self._bus(bus), vm_pu, va_deg, sk_max_va, rx_max))

    def add_generator(self, generator_id: str, bus: str | int, *, p_w: float, vm_pu: float) -> None:
        """Add a PV generator injecting ``p_w`` [W] and holding ``vm_pu`` [pu]."""
        if not vm_pu > 0:
            raise OutOfRange(f"generator {generator_id!r}: vm_pu must be positive")
        self._claim("generator", generator_id)
        self._rows["generator"].append((generator_id, self._bus(bus), p_w, vm_pu))

    def add_line(self, line_id: str, from_bus: str | int, to_bus: str | int, *, r_ohm: float, x_ohm: float,
                 b_s: float = 0.0, i_max_a: float = math.inf, parallel: int = 1,
                 in_service: bool = True) -> None:
        """Add a cable, busway or line.

        ``r_ohm``, ``x_ohm`` [ohm] and ``b_s`` [S] are the totals of one set and ``i_max_a`` [A] its
        rating; ``parallel`` identical sets are combined (impedance divided, susceptance and rating
        multiplied).
        """
        f, t = self._bus(from_bus), self._bus(to_bus)
        if f == t:
            raise TopologyError(f"line {line_id!r} starts and ends at bus {self._bus_ids[f]!r}")
        if not math.isclose(self._vn[f], self._vn[t], rel_tol=1e-9):
            raise TopologyError(f"line {line_id!r} joins {self._bus_ids[f]!r} ({self._vn[f]:g} V) and "
                                f"{self._bus_ids[t]!r} ({self._vn[t]:g} V): a line cannot change voltage")
        if r_ohm < 0 or x_ohm < 0 or math.hypot(r_ohm, x_ohm) == 0 or parallel < 1 or not i_max_a > 0:
            raise OutOfRange(f"line {line_id!r}: need r_ohm, x_ohm >= 0 and not both 0, parallel >= 1, "
                             f"i_max_a > 0 (got {r_ohm}, {x_ohm}, {parallel}, {i_max_a})")
        self._claim("line", line_id)
        self._rows["line"].append((line_id, f, t, r_ohm / parallel, x_ohm / parallel, b_s * parallel,
                                   i_max_a * parallel, bool(in_service)))

    def add_transformer(self, transformer_id: str, hv_bus: str | int, lv_bus: str | int, *, sn_va: float,
                        vn_hv_v: float, vn_lv_v: float, vk_percent: float, vkr_percent: float,
                        p0_w: float = 0.0, i0_percent: float = 0.0, tap_ratio: float = 1.0,
                        parallel: int = 1, in_service: bool = True) -> None:
        """Add a two-winding transformer (see the module notes for the model and ``tap_ratio``).

        ``sn_va`` [VA], ``vn_hv_v``/``vn_lv_v`` [V], ``vk_percent``/``vkr_percent``/``i0_percent`` [%],
        ``p0_w`` [W] are the nameplate values of one unit; ``parallel`` identical units are combined.
        """
        h, lo = self._bus(hv_bus), self._bus(lv_bus)
        if h == lo:
            raise TopologyError(f"transformer {transformer_id!r} has both windings on one bus")
        if not (sn_va > 0 and vn_hv_v > 0 and vn_lv_v > 0 and vk_percent > vkr_percent >= 0
                and p0_w >= 0 and i0_percent >= 0 and tap_ratio > 0 and parallel >= 1):
            raise OutOfRange(f"transformer {transformer_id!r}: need sn_va, vn_hv_v, vn_lv_v, tap_ratio > 0, "
                             f"vk_percent > vkr_percent >= 0, p0_w >= 0, i0_percent >= 0, parallel >= 1")
        self._claim("transformer", transformer_id)
        self._rows["transformer"].append((transformer_id, h, lo, sn_va * parallel, vn_hv_v, vn_lv_v, vk_percent,
                                          vkr_percent, p0_w * parallel, i0_percent, tap_ratio, bool(in_service)))

    def add_load(self, load_id: str, bus: str | int, *, p_w: float, q_var: float = 0.0) -> None:
        """Add a constant-power load consuming ``p_w`` [W] and ``q_var`` [var]."""
        self._claim("load", load_id)
        self._rows["load"].append((load_id, self._bus(bus), p_w, q_var))

    def add_shunt(self, shunt_id: str, bus: str | int, *, p_w: float = 0.0, q_var: float = 0.0) -> None:
        """Add a constant-admittance shunt consuming ``p_w`` [W], ``q_var`` [var] at nominal voltage."""
        self._claim("shunt", shunt_id)
        self._rows["shunt"].append((shunt_id, self._bus(bus), p_w, q_var))

    # -- result --------------------------------------------------------------------------------
    def build(self) -> Grid:
        """The :class:`Grid` of every element added so far, in the order added."""
        def columns(kind: str, width: int):
            rows = self._rows[kind]
            if not rows:
                return (), [[] for _ in range(width)]
            cols = list(zip(*rows))
            return tuple(cols[0]), cols[1:]

        ids, c = columns("source", 5)
        sources = Sources(ids, _frozen(c[0], np.int64), *(_frozen(x, float) for x in c[1:]))
        ids, c = columns("generator", 3)
        generators = Generators(ids, _frozen(c[0], np.int64), _frozen(c[1], float), _frozen(c[2], float))
        ids, c = columns("line", 7)
        lines = Lines(ids, _frozen(c[0], np.int64), _frozen(c[1], np.int64),
                      *(_frozen(x, float) for x in c[2:6]), _frozen(c[6], bool))
        ids, c = columns("transformer", 11)
        transformers = Transformers(ids, _frozen(c[0], np.int64), _frozen(c[1], np.int64),
                                    *(_frozen(x, float) for x in c[2:10]), _frozen(c[10], bool))
        ids, c = columns("load", 3)
        loads = BusElements(ids, _frozen(c[0], np.int64), _frozen(c[1], float), _frozen(c[2], float))
        ids, c = columns("shunt", 3)
        shunts = BusElements(ids, _frozen(c[0], np.int64), _frozen(c[1], float), _frozen(c[2], float))
        return Grid(tuple(self._bus_ids), _frozen(self._vn, float), sources, generators, lines, transformers,
                    loads, shunts, self.frequency_hz, dict(self._index))


def take_out_of_service(grid: Grid, branch_ids) -> Grid:
    """A copy of ``grid`` with the lines and transformers named in ``branch_ids`` out of service.

    Parameters
    ----------
    grid : Grid
        The intact network.
    branch_ids : iterable of str
        Ids of lines and/or transformers to take out [-]; unknown ids raise TopologyError.

    Returns
    -------
    grid_out : Grid
        Same buses and elements with those branches out of service, so a load-flow result of
        ``grid`` is a valid warm start for it (N-1 contingencies).

    Examples
    --------
    >>> from retrofit.electrical.network import GridBuilder
    >>> b = GridBuilder(frequency_hz=50.0)
    >>> _ = [b.add_bus(name, v) for name, v in (("Q", 20e3), ("LV", 410.0))]
    >>> b.add_source("Q", "Q", sk_max_va=3**0.5 * 20e3 * 10e3, rx_max=0.1)
    >>> b.add_transformer("T1", "Q", "LV", sn_va=630e3, vn_hv_v=20e3, vn_lv_v=410.0, vk_percent=4.0, vkr_percent=1.03)
    >>> grid = b.build()
    >>> energised_buses(take_out_of_service(grid, ["T1"])).tolist()
    [True, False]
    """
    wanted = set(branch_ids)
    line_out = np.array([i in wanted for i in grid.lines.ids], dtype=bool)
    trafo_out = np.array([i in wanted for i in grid.transformers.ids], dtype=bool)
    unknown = wanted - set(grid.lines.ids) - set(grid.transformers.ids)
    if unknown:
        raise TopologyError("unknown branch id(s): " + ", ".join(sorted(unknown)))
    lines = replace(grid.lines, in_service=_frozen(grid.lines.in_service & ~line_out, bool))
    trafos = replace(grid.transformers, in_service=_frozen(grid.transformers.in_service & ~trafo_out, bool))
    return replace(grid, lines=lines, transformers=trafos)


def energised_buses(grid: Grid) -> np.ndarray:
    """Buses connected to at least one source through in-service branches.

    Parameters
    ----------
    grid : Grid
        The network.

    Returns
    -------
    energised : numpy.ndarray of bool
        True for each bus with a path to a source [-].

    Examples
    --------
    >>> from retrofit.electrical.network import GridBuilder
    >>> b = GridBuilder(frequency_hz=50.0)
    >>> _ = [b.add_bus(name, v) for name, v in (("Q", 20e3), ("LV", 410.0))]
    >>> b.add_source("Q", "Q", sk_max_va=3**0.5 * 20e3 * 10e3, rx_max=0.1)
    >>> b.add_transformer("T1", "Q", "LV", sn_va=630e3, vn_hv_v=20e3, vn_lv_v=410.0, vk_percent=4.0, vkr_percent=1.03)
    >>> grid = b.build()
    >>> energised_buses(grid).tolist()
    [True, True]
    """
    n = grid.n_bus
    f = np.concatenate([grid.lines.from_bus[grid.lines.in_service],
                        grid.transformers.hv_bus[grid.transformers.in_service]])
    t = np.concatenate([grid.lines.to_bus[grid.lines.in_service],
                        grid.transformers.lv_bus[grid.transformers.in_service]])
    graph = sp.csr_matrix((np.ones(len(f)), (f, t)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    fed = np.zeros(labels.max() + 1 if n else 0, dtype=bool)
    fed[labels[grid.sources.bus]] = True
    return fed[labels]
