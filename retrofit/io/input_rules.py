"""Every input rule a solver relies on, checked while loading, each problem with its file, line and field.

Two stages, both run by :func:`retrofit.io.load.load`:

* :func:`bound_problems` walks the raw (catalog-merged) data along the schema and checks each quantity
  against :data:`retrofit.model.limits.FIELD_BOUNDS` and each count against
  :data:`~retrofit.model.limits.COUNT_LIMITS`. It needs no valid Design, so its problems come out
  together with the schema's and the references'.
* :func:`design_problems` checks rules across elements of a valid Design: the system frequency, pump
  curves (points, shape, a fit the hydraulics can use), every facility loop with a pump, coolant temperatures
  within the property model's range, CDU and heat-rejection ratings, a CDU's B bus only on a unit with two
  power inputs, conductor sizes and ampacity-table
  columns, transformer tap positions, a closing-and-latching rating only on MV breakers, the power
  topology (every bus and load fed from a source, one voltage per branch, no closed loop) and
  plausible sizes (racks that the halls can hold, a goal the utility can feed).

The solvers keep their own checks as assertions of their invariants; a design that passes here does not
meet them.
"""
from __future__ import annotations

import math
import typing
from functools import lru_cache
from collections.abc import Iterator
from typing import Any

import numpy as np
from pydantic import BaseModel

from ..errors import Problem, RetrofitError
from ..model import Design
from ..model.limits import (COUNT_LIMITS, FIELD_BOUNDS, MAX_CURVE_POINTS, MAX_ELEMENTS_PER_LIST, MAX_GOAL_RACKS,
                            MAX_RACKS, Bound)
from ..units import magnitude, parse_quantity
from .yaml_source import SourceMap, format_path


# --- bounds on the raw data -------------------------------------------------------------------------

def _annotation_models(annotation: Any) -> list[type[BaseModel]]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _annotation_models(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union) or (origin is not None and "UnionType" in str(origin)):
        out = []
        for arg in typing.get_args(annotation):
            out += _annotation_models(arg)
        return out
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


@lru_cache(maxsize=None)
def _field_models(model: type[BaseModel], name: str) -> tuple[type[BaseModel], ...]:
    return tuple(_annotation_models(model.model_fields[name].annotation))


@lru_cache(maxsize=None)
def _dimension(model: type[BaseModel], name: str) -> str | None:
    """The declared unit kind of a quantity field (from its JSON Schema), else None."""
    try:
        schema = model.model_fields[name]
    except KeyError:
        return None
    for meta in list(schema.metadata) + list(_metadata(schema.annotation)):
        dim = getattr(meta, "json_schema", None)
        if isinstance(dim, dict) and "x-dimension" in dim:
            return dim["x-dimension"]
    return None


def _metadata(annotation: Any) -> Iterator[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from typing.get_args(annotation)[1:]
    elif origin is not None:
        for arg in typing.get_args(annotation):
            yield from _metadata(arg)


def _walk(model: type[BaseModel], data: Any, path: tuple) -> Iterator[tuple[type[BaseModel], str, Any, tuple]]:
    """(record class, field name, raw value, path) of every field given in ``data`` below ``model``."""
    if not isinstance(data, dict):
        return
    for name, value in data.items():
        if not isinstance(name, str) or name not in model.model_fields:
            continue
        yield model, name, value, path + (name,)
        models = _field_models(model, name)
        if not models:
            continue
        inner = models[0]
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _walk(inner, item, path + (name, i))
        elif isinstance(value, dict):
            yield from _walk(inner, value, path + (name,))


def bound_problems(data: dict, smap: SourceMap) -> list[Problem]:
    """Quantities outside their bounds and counts beyond their limits, in the raw (merged) data."""
    problems: list[Problem] = []
    for model, name, value, path in _walk(Design, data, ()):
        if isinstance(value, list) and len(value) > MAX_ELEMENTS_PER_LIST:
            problems.append(_problem(smap, path, f"{len(value):,} items; expected at most "
                                     f"{MAX_ELEMENTS_PER_LIST:,} in one list"))
        limit = COUNT_LIMITS.get((model.__name__, name))
        if limit is not None:
            problems += _count_problems(smap, path, value, *limit)
        if value is None or not isinstance(value, (str, int, float)) or name not in FIELD_BOUNDS.get(model.__name__, {}):
            continue
        message = _bound_message(model, name, value)
        if message:
            problems.append(_problem(smap, path, message))
    return problems


@lru_cache(maxsize=8192)
def _bound_message(model: type[BaseModel], name: str, value: str | int | float) -> str | None:
    """The message for ``value`` of ``model.name`` outside its bound (cached: files repeat their values)."""
    bound = FIELD_BOUNDS[model.__name__][name]
    dimension = _dimension(model, name)
    if dimension is None:
        return None
    try:
        q = parse_quantity(value, dimension)
    except (RetrofitError, ValueError, TypeError):
        return None  # the schema says what is wrong with it
    return check_bound(q, bound, dimension, value)


def _count_problems(smap: SourceMap, path: tuple, value: Any, limit: int, what: str) -> list[Problem]:
    if isinstance(value, dict):  # fittings: name -> count
        return [p for key, count in value.items() for p in _count_problems(smap, path + (key,), count, limit, what)]
    if isinstance(value, bool) or not isinstance(value, int):
        return []
    if value > limit:
        return [_problem(smap, path, f"found {value:,}; expected at most {limit:,} {what}")]
    if value < 0 and path[-2:-1] == ("fittings",):
        return [_problem(smap, path, f"found {value}; expected a count of 0 or more")]
    return []


def check_bound(q, bound: Bound, dimension: str, shown: Any) -> str | None:
    """The message for a quantity outside ``bound`` (None when inside)."""
    from ..units import DIMENSIONS

    dim = DIMENSIONS[dimension]
    unit = dim.si_unit if not dim.temperature else "K"
    value = float(q.to(unit).magnitude)
    text = f'"{shown}"' if isinstance(shown, str) else repr(shown)
    expected = f"expected {dim.name} {bound.text()}" + (f" ({bound.why})" if bound.why else "")
    if bound.values:
        allowed = [float(parse_quantity(v, dimension).to(unit).magnitude) for v in bound.values]
        if not any(math.isclose(value, a, rel_tol=1e-9) for a in allowed):
            return f"found {text}; {expected}"
        return None
    if bound.low is not None:
        low = _limit(bound.low, dimension, unit)
        if value < low or (value == low and not bound.low_inclusive):
            return f"found {text}; {expected}"
    if bound.high is not None:
        high = _limit(bound.high, dimension, unit)
        if value > high or (value == high and not bound.high_inclusive):
            return f"found {text}; {expected}"
    return None


def _limit(text: str | float, dimension: str, unit: str) -> float:
    if isinstance(text, (int, float)):
        return float(text)
    return float(parse_quantity(text, dimension).to(unit).magnitude)


def _problem(smap: SourceMap, path: tuple, message: str) -> Problem:
    return Problem(smap.file, smap.line_of(path), format_path(path), message)


# --- rules across elements of a valid design ---------------------------------------------------------

def design_problems(design: Design, smap: SourceMap) -> list[Problem]:
    """Rules across elements (see the module docstring); ``design`` passed the schema and references."""
    problems: list[Problem] = []
    problems += _plausible_sizes(design, smap)
    problems += _pump_curves(design, smap)
    problems += _loops_have_pumps(design, smap)
    problems += _coolant_temperatures(design, smap)
    problems += _heat_rejection_ratings(design, smap)
    problems += _cdu_ratings(design, smap)
    problems += _cdu_second_inputs(design, smap)
    problems += _fittings(design, smap)
    problems += _transformers(design, smap)
    problems += _breakers(design, smap)
    problems += _cables(design, smap)
    problems += _power_topology(design, smap)
    problems += _utility_schedule(design, smap)
    return problems


def _utility_schedule(design: Design, smap: SourceMap) -> list[Problem]:
    """Utility capacity steps rise, none above the contracted capacity, the last equal to it (the final
    design is planned on it)."""
    sched = design.goal.schedule if design.goal is not None else None
    if sched is None or not sched.utility_capacity:
        return []
    out = []
    contracted = magnitude(design.utility.capacity, "VA")
    path = ("goal", "schedule", "utility_capacity")
    caps = [magnitude(s.capacity, "VA") for s in sched.utility_capacity]
    for i, (a, b) in enumerate(zip(caps, caps[1:]), start=1):
        if b < a:
            out.append(_problem(smap, path + (i, "capacity"), f"found {b / 1e6:,.1f} MVA after {a / 1e6:,.1f} MVA; "
                                "expected capacity that does not fall from one step to the next"))
    for i, c in enumerate(caps):
        if c > contracted * (1 + 1e-9):
            out.append(_problem(smap, path + (i, "capacity"), f"found {c / 1e6:,.1f} MVA; expected at most the "
                                f"{contracted / 1e6:,.1f} MVA utility capacity"))
    if abs(caps[-1] - contracted) > contracted * 1e-6 and caps[-1] <= contracted:
        out.append(_problem(smap, path + (len(caps) - 1, "capacity"), f"found {caps[-1] / 1e6:,.1f} MVA in the last "
                            f"step; expected the {contracted / 1e6:,.1f} MVA utility capacity the design is planned on"))
    return out


def _plausible_sizes(design: Design, smap: SourceMap) -> list[Problem]:
    out = []
    total = sum(g.count for g in design.loads.racks)
    if total > MAX_RACKS:
        out.append(_problem(smap, ("loads", "racks"), f"{total:,} racks in all; expected at most {MAX_RACKS:,}"))
    halls = {h.id: h for h in design.halls}
    floor = {h.id: magnitude(h.length, "m") * magnitude(h.width, "m") for h in design.halls}
    used: dict[str | None, float] = {}
    first: dict[str | None, int] = {}
    for i, g in enumerate(design.loads.racks):
        footprint = magnitude(g.width, "m") * magnitude(g.depth, "m")
        key = g.hall if g.hall in halls else None
        used[key] = used.get(key, 0.0) + g.count * footprint
        first.setdefault(key, i)
    for key, area in sorted(used.items(), key=lambda kv: str(kv[0])):
        available = floor[key] if key is not None else sum(floor.values())
        if floor and area > available:
            i = first[key]
            where = f"{key}" if key is not None else "the halls"
            out.append(_problem(smap, ("loads", "racks", i, "count"),
                                f"racks covering {area:,.0f} m² of floor; expected no more than the "
                                f"{available:,.0f} m² of {where} can hold"))
    goal = design.goal
    if goal is not None and isinstance(goal.count, int):
        if goal.count < 1:
            out.append(_problem(smap, ("goal", "count"), f"found {goal.count}; expected at least 1 rack, or max"))
        elif goal.count > MAX_GOAL_RACKS:
            out.append(_problem(smap, ("goal", "count"), f"found {goal.count:,}; expected at most "
                                f"{MAX_GOAL_RACKS:,} racks, or max"))
        elif floor:
            # the target rack's footprint: the goal's catalog model
            from ..catalog import load_catalog

            try:
                data = load_catalog().get(goal.rack_model, "rack").data
                w = magnitude(parse_quantity(data.get("width", "600 mm"), "length"), "m")
                d = magnitude(parse_quantity(data.get("depth", "1200 mm"), "length"), "m")
                p_rack = magnitude(parse_quantity(data.get("p_peak") or data["p_design"], "active power"), "W")
                s_rack = p_rack / float(data.get("power_factor", 1.0) or 1.0)
            except (RetrofitError, KeyError, ValueError, TypeError, ZeroDivisionError):
                w, d, s_rack = 0.6, 1.2, 0.0
            s_service = magnitude(design.utility.capacity, "VA")
            if goal.count * s_rack > s_service:
                out.append(_problem(smap, ("goal", "count"),
                                    f"{goal.count:,} racks alone need {goal.count * s_rack / 1e6:,.1f} MVA of the "
                                    f"{s_service / 1e6:,.1f} MVA service; expected a count the utility capacity "
                                    "can feed, or max"))
            if goal.count * w * d > sum(floor.values()):
                out.append(_problem(smap, ("goal", "count"),
                                    f"{goal.count:,} racks need {goal.count * w * d:,.0f} m² of floor; expected no "
                                    f"more than the {sum(floor.values()):,.0f} m² of the halls can hold, or max"))
    return out


def _pump_curves(design: Design, smap: SourceMap) -> list[Problem]:
    from ..cooling.pumps import PumpCurve  # the kernel the hydraulics fits, without loading the network solver

    out = []
    curves = [(("cooling", "cdus", i, "pump_curve"), c.pump_curve) for i, c in enumerate(design.cooling.cdus)]
    curves += [(("cooling", "pumps", i, "curve"), p.curve) for i, p in enumerate(design.cooling.pumps)]
    for path, points in curves:
        message = curve_shape_problem(points)
        if message is None:
            try:
                curve = PumpCurve.from_points([magnitude(p.flow, "m**3/s") for p in points],
                                              [magnitude(p.head, "m") for p in points])
                if not all(math.isfinite(v) for v in (curve.shutoff_head, curve.linear_coefficient,
                                                      curve.quadratic_coefficient)):
                    raise ValueError("the points give no finite curve")
            except RetrofitError as exc:
                message = f"{exc}; expected published points of a head that falls with flow"
            except (ValueError, ArithmeticError, np.linalg.LinAlgError):
                message = ("the points give no finite head-flow curve (values too large or too small to fit); "
                           "expected published points of a head that falls with flow")
        if message:
            out.append(_problem(smap, path, message))
    return out


def curve_shape_problem(points) -> str | None:
    """Why a pump curve's points cannot be a pump curve, or None: count, order, falling head."""
    if not points:
        return "no points; expected at least one (flow, head) point"
    if len(points) > MAX_CURVE_POINTS:
        return f"{len(points)} points; expected at most {MAX_CURVE_POINTS}"
    flows = [magnitude(p.flow, "m**3/s") for p in points]
    heads = [magnitude(p.head, "m") for p in points]
    if len(points) == 1:
        if not (flows[0] > 0 and heads[0] > 0):
            return "a one-point curve needs a flow and a head above zero (its design point)"
        return None
    if any(b <= a for a, b in zip(flows, flows[1:])):
        return "flows must increase from point to point; expected the points in order of flow, each flow once"
    if any(b >= a for a, b in zip(heads, heads[1:])):
        return "head must fall as flow rises; expected a lower head at each higher flow"
    if heads[0] <= 0:
        return "the first point has no head; expected a head above zero"
    return None


def _loops_have_pumps(design: Design, smap: SourceMap) -> list[Problem]:
    out = []
    # A TCS loop's pumps are its CDUs'. A TCS loop with racks and no CDU is how an electrical-only model
    # describes its racks' cooling (their cooling power as other loads); the cooling analysis reports
    # such a loop as not cooled, so it is not refused here.
    pumped = {p.loop for p in design.cooling.pumps}
    on_facility = {c.facility_loop for c in design.cooling.cdus} | {h.loop for h in design.cooling.heat_rejection}
    for i, loop in enumerate(design.cooling.loops):
        if loop.kind == "facility" and loop.id not in pumped and loop.id in on_facility:
            out.append(_problem(smap, ("cooling", "loops", i, "id"),
                                f"facility loop \"{loop.id}\" has no pump; expected a cooling.pumps entry with "
                                f"loop: {loop.id}"))
    return out


def _coolant_temperatures(design: Design, smap: SourceMap) -> list[Problem]:
    """Each liquid temperature of a loop lies within its coolant's property range (freezing point to 100 degC).

    Water freezes highest of the coolants, so a temperature from 0 to 100 degC is in range for every one and
    the property model (CoolProp, slow to load) is asked only about colder or hotter temperatures.
    """
    from ..cooling.coolant import MAXIMUM_TEMPERATURE, WATER_FREEZING_POINT, coolant

    out = []
    loops = {loop.id: loop for loop in design.cooling.loops}
    ranges: dict[str, tuple[float, float] | None] = {}

    def valid_range(name: str):
        if name not in ranges:
            try:
                ranges[name] = coolant(name).valid_range()
            except (RetrofitError, ValueError):
                ranges[name] = None  # a catalog coolant or a name the reference check reports
        return ranges[name]

    def check(path: tuple, q, loop_id: str | None) -> None:
        loop = loops.get(loop_id) if loop_id else None
        if q is None or loop is None:
            return
        t = magnitude(q, "K")
        if WATER_FREEZING_POINT <= t <= MAXIMUM_TEMPERATURE:
            return
        span = valid_range(loop.coolant)
        if span is None:
            return
        if not span[0] <= t <= span[1]:
            out.append(_problem(smap, path, f"{magnitude(q, 'degC'):g} degC is outside the range of the {loop.coolant} "
                                f"property model of loop \"{loop.id}\"; expected {span[0] - 273.15:.1f} to "
                                f"{span[1] - 273.15:.1f} degC (the coolant's freezing point to its upper limit)"))

    for i, loop in enumerate(design.cooling.loops):
        check(("cooling", "loops", i, "t_supply_setpoint"), loop.t_supply_setpoint, loop.id)
    for i, c in enumerate(design.cooling.cdus):
        check(("cooling", "cdus", i, "t_supply_setpoint"), c.t_supply_setpoint, c.tcs_loop)
    for i, h in enumerate(design.cooling.heat_rejection):
        check(("cooling", "heat_rejection", i, "t_fluid_in_rated"), h.t_fluid_in_rated, h.loop)
        check(("cooling", "heat_rejection", i, "t_fluid_out_rated"), h.t_fluid_out_rated, h.loop)
    if design.goal is not None:
        crit = design.goal.criteria
        for loop in design.cooling.loops:
            field = "t_supply_tcs" if loop.kind == "tcs" else "t_fws_setpoint"
            check(("goal", "criteria", field), getattr(crit, field), loop.id)
    return out


# Highest coolant temperature change across a CDU side at its rated capacity and flow [K]. Rack loops run
# at about 10 K; a rating implying more than this is a mistyped flow or capacity, and the exchanger
# model (epsilon-NTU from the rated point) has no solution near it.
MAX_RATED_RISE_K = 30.0


def _cdu_ratings(design: Design, smap: SourceMap) -> list[Problem]:
    from ..cooling.coolant import LOWEST_RHO_CP_30C, coolant

    loops = {loop.id: loop for loop in design.cooling.loops}
    out = []
    for i, c in enumerate(design.cooling.cdus):
        problem = _cdu_counterflow(c, loops)
        if problem:
            out.append(_problem(smap, ("cooling", "cdus", i, "approach"), problem))
        for field, loop_id in (("flow_tcs_rated", c.tcs_loop), ("flow_fws_rated", c.facility_loop)):
            flow = magnitude(getattr(c, field), "m**3/s")
            if magnitude(c.capacity, "W") / (LOWEST_RHO_CP_30C * flow) <= MAX_RATED_RISE_K:
                continue  # within the limit for any coolant; the property model is not needed
            loop = loops.get(loop_id)
            try:
                fluid = coolant(loop.coolant if loop else "PG25")
                rho_cp = float(fluid.density(303.15) * fluid.specific_heat(303.15))
            except (RetrofitError, ValueError):
                continue
            rise = magnitude(c.capacity, "W") / (rho_cp * flow)
            if rise > MAX_RATED_RISE_K:
                out.append(_problem(smap, ("cooling", "cdus", i, field),
                                    f"{getattr(c, field):~P} carries the rated {magnitude(c.capacity, 'kW'):g} kW only "
                                    f"with a {rise:,.0f} K temperature change; expected a rated flow giving at most "
                                    f"{MAX_RATED_RISE_K:g} K"))
    return out


#: Smallest hot-end temperature difference of a CDU's rating accepted [K]: the conductance of a counterflow
#: rating grows without bound as it goes to zero, and the analysis evaluates the coolants at its own
#: temperatures, a few tenths of a kelvin from the 30 degC of this check.
MIN_RATED_HOT_END_K = 0.5


def _cdu_counterflow(c, loops: dict) -> str | None:
    """Why a CDU's rating cannot be met in counterflow (the hot-end temperature difference, TCS return minus
    facility return, approach + Q/C_tcs - Q/C_fws, is not positive), or None. Decided from coolant bounds when
    they suffice, from the property model otherwise."""
    from ..cooling.coolant import HIGHEST_RHO_CP, LOWEST_RHO_CP_30C, coolant

    q, approach = magnitude(c.capacity, "W"), magnitude(c.approach, "K")
    v_tcs, v_fws = magnitude(c.flow_tcs_rated, "m**3/s"), magnitude(c.flow_fws_rated, "m**3/s")
    if approach + q / (HIGHEST_RHO_CP * v_tcs) - q / (LOWEST_RHO_CP_30C * v_fws) > MIN_RATED_HOT_END_K:
        return None  # holds for any coolant on either side
    tcs, fws = loops.get(c.tcs_loop), loops.get(c.facility_loop)
    try:
        rho_cp = [float(f.density(303.15) * f.specific_heat(303.15)) for f in
                  (coolant(tcs.coolant if tcs else "PG25"), coolant(c.coolant_fws_rated or (fws.coolant if fws else "PG25")))]
    except (RetrofitError, ValueError):
        return None  # the coolant itself is reported by its own rule
    hot_end = approach + q / (rho_cp[0] * v_tcs) - q / (rho_cp[1] * v_fws)
    if hot_end > MIN_RATED_HOT_END_K:
        return None
    return (f"the rating is impossible in counterflow: {magnitude(c.capacity, 'kW'):g} kW at {c.approach:~P} approach "
            f"with {c.flow_tcs_rated:~P} (TCS) and {c.flow_fws_rated:~P} (facility) leaves a hot-end temperature "
            f"difference of {hot_end:.2f} K; expected rated flows and approach giving more than "
            f"{MIN_RATED_HOT_END_K:g} K (a larger facility flow or approach, or the datasheet's TCS flow)")


def _cdu_second_inputs(design: Design, smap: SourceMap) -> list[Problem]:
    """A CDU fed from a second (B) bus must be a unit with two power inputs, as its catalog entry (or the
    design itself) states with ``power_inputs: 2``, and the B bus must differ from the A bus."""
    out = []
    for i, c in enumerate(design.cooling.cdus):
        if c.bus_b is None:
            continue
        path = ("cooling", "cdus", i, "bus_b")
        if c.power_inputs != 2:
            told = f"its catalog entry {c.model}" if c.model else "the design"
            out.append(_problem(smap, path, f"CDU {c.id} has a B bus \"{c.bus_b}\" but {told} states "
                                f"{c.power_inputs if c.power_inputs is not None else 'no'} power inputs; expected a unit "
                                "with power_inputs: 2 (A/B inputs and a transfer switch), or no bus_b"))
        elif c.bus_b == c.bus:
            out.append(_problem(smap, path, f"\"{c.bus_b}\" is also the CDU's A bus; expected a second, independent bus"))
    return out


def _heat_rejection_ratings(design: Design, smap: SourceMap) -> list[Problem]:
    from ..cooling.unit_rating import unit_rating

    out = []
    for i, h in enumerate(design.cooling.heat_rejection):
        path = ("cooling", "heat_rejection", i)
        if h.kind in ("dry_cooler", "adiabatic_cooler") and h.airflow_rated is None:
            out.append(_problem(smap, path, f"missing airflow_rated; a {h.kind} needs its rated airflow"))
            continue
        if h.kind == "chiller" and h.cop_rated is None:
            out.append(_problem(smap, path, "missing cop_rated; a chiller needs its rated COP"))
            continue
        try:
            # the flows of a rating do not depend on the coolant's heat capacity (flow = Q / (cp dT))
            rating = unit_rating(h, 3800.0)
            for name in ("ua_rated_w_k", "conductance_rated_kg_s"):
                if hasattr(type(rating), name):
                    getattr(rating, name)
        except (RetrofitError, ValueError, ZeroDivisionError) as exc:
            out.append(_problem(smap, path + ("capacity",), f"{exc}; expected a rated capacity, flows and "
                                "temperatures a unit of this kind can reach"))
    for i, h in enumerate(design.cooling.heat_rejection):
        t_in, t_out = magnitude(h.t_fluid_in_rated, "K"), magnitude(h.t_fluid_out_rated, "K")
        t_air = magnitude(h.t_ambient_rated, "K")
        path = ("cooling", "heat_rejection", i)
        if not t_in > t_out:
            out.append(_problem(smap, path + ("t_fluid_out_rated",), "the rated leaving fluid is not cooler than the "
                                "entering fluid; expected t_fluid_out_rated below t_fluid_in_rated"))
        elif h.kind != "chiller" and not t_out > t_air:
            out.append(_problem(smap, path + ("t_ambient_rated",), "the rated ambient is not below the leaving fluid; "
                                "expected t_ambient_rated below t_fluid_out_rated (heat flows to cooler air)"))
    return out


def _fittings(design: Design, smap: SourceMap) -> list[Problem]:
    import difflib

    from ..cooling.fittings import fitting_k, fitting_names
    from ..errors import OutOfRange

    names = fitting_names()
    out = []
    for i, loop in enumerate(design.cooling.loops):
        for run_name in ("main", "header", "branch"):
            run = getattr(loop, run_name)
            for name, count in run.fittings.items():
                path = ("cooling", "loops", i, run_name, "fittings", name)
                if name not in names:
                    near = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
                    hint = "; did you mean " + ", ".join(f'"{n}"' for n in near) + "?" if near else ""
                    out.append(Problem(smap.file, smap.key_line_of(path), format_path(path),
                                       f"unknown fitting \"{name}\"; expected a name of `retrofit catalog show "
                                       f"fittings`{hint}"))
                elif count < 0:
                    out.append(_problem(smap, path, f"found {count}; expected a count of 0 or more"))
                elif count:
                    try:  # the loss coefficient the hydraulics will take, in the run's diameter
                        fitting_k(name, magnitude(run.diameter, "m"))
                    except OutOfRange as exc:
                        out.append(Problem(smap.file, smap.key_line_of(path), format_path(path),
                                           f"no loss coefficient in a {magnitude(run.diameter, 'mm'):g} mm pipe: {exc} "
                                           f"(expected a fitting the table gives at this diameter, or another diameter)"))
    return out


def _transformers(design: Design, smap: SourceMap) -> list[Problem]:
    out = []
    for i, t in enumerate(design.electrical.transformers):
        if abs(t.taps.position) > t.taps.steps:
            out.append(_problem(smap, ("electrical", "transformers", i, "taps", "position"),
                                f"found {t.taps.position}; expected a position from -{t.taps.steps} to {t.taps.steps}"))
    return out


def _breakers(design: Design, smap: SourceMap) -> list[Problem]:
    """A closing-and-latching rating only on MV breakers, where the first-cycle duty is judged."""
    return [_problem(smap, ("electrical", "breakers", i, "closing_latching"),
                     f"found a closing-and-latching rating on a {b.kind}; expected it only on an mv_breaker "
                     "(low-voltage devices are judged by their interrupting rating and multiplying factor)")
            for i, b in enumerate(design.electrical.breakers) if b.closing_latching is not None and b.kind != "mv_breaker"]


def _cables(design: Design, smap: SourceMap) -> list[Problem]:
    """Sizes, insulation and termination ratings and ambients the ampacity and impedance tables cover."""
    from ..electrical.conductor_check import cable_problem

    out = []
    for i, c in enumerate(design.electrical.cables):
        found = cable_problem(c)
        if found is not None:
            field, message = found
            out.append(_problem(smap, ("electrical", "cables", i, field), message))
    return out


def _power_topology(design: Design, smap: SourceMap) -> list[Problem]:
    from ..topology import check_every_load_fed, check_no_loops, check_voltage_levels, power_graph

    where = _element_paths(design)
    g = power_graph(design)
    out = []
    for finding in check_voltage_levels(design) + check_no_loops(design, g) + check_every_load_fed(design, g):
        elements = [e for e in finding.elements if e in where] or list(finding.elements)
        anchor = next((e for e in elements if e in where), None)
        path = where.get(anchor, ("electrical",))
        expected = {"check_voltage_levels": "expected one voltage at both ends of a cable, busway, PDU or UPS",
                    "check_no_loops": "expected a radial network (one path from each source to each bus)",
                    "check_every_load_fed": "expected a path from the utility or a running generator"}[finding.check]
        out.append(_problem(smap, path + ("id",), f"{finding.message}; {expected}"))
    return out


def _element_paths(design: Design) -> dict[str, tuple]:
    out: dict[str, tuple] = {design.utility.id: ("utility",)}
    for section in ("electrical", "loads", "cooling"):
        block = getattr(design, section)
        for list_name in type(block).model_fields:
            for i, element in enumerate(getattr(block, list_name)):
                out.setdefault(element.id, (section, list_name, i))
    for group_index, group in enumerate(design.loads.racks):
        for n in range(1, group.count + 1):
            out.setdefault(f"{group.id}.{n:02d}", ("loads", "racks", group_index))
    return out
