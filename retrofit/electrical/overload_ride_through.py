"""How long a transformer carries the load an outage moves onto it before its hot spot reaches 110 °C.

A note beside the N-1 verdict, never the verdict: an outage lasts until a repair, so the steady state at
the design ambient decides (:mod:`retrofit.electrical.ratings`). Where a transformer ends above its
contingency limit after an outage, the time its oil and windings take to get there
(:func:`retrofit.electrical.transformer_dynamics.time_to_hot_spot`) says how long the operators have to
shed or transfer load. The transformer starts from the steady state of its loading before the outage, at
the design ambient, with the recommended time constants of IEC 60076-7 for its cooling and size.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Transformer
from ..units import magnitude
from .ratings import TransformerLimits, transformer_thermal_parameters
from .transformer_dynamics import has_thermal_dynamics, steady_state, thermal_dynamics, time_to_hot_spot
from .transformer_thermal import T_HOT_SPOT_NORMAL_LIFE_K

KELVIN = 273.15


@dataclass(frozen=True)
class TransformerRideThrough:
    """The time a transformer takes to reach its hot-spot limit after an outage loads it more.

    Attributes
    ----------
    transformer : str
        Transformer id.
    loading_before_percent, loading_after_percent : float
        Its loading before and after the outage, in percent of nameplate [%].
    ambient_c : float
        Design ambient [°C].
    t_hot_spot_before_c, t_hot_spot_after_c : float
        Steady hot spot at the loading before and after [°C].
    t_hot_spot_limit_c : float
        The limit, 110 °C (the basis of the derated rating) [°C].
    time_to_limit_s : float
        Time from the outage until the hot spot reaches the limit [s]; infinite when it never does.
    time_constants : str
        The source of the time constants used.
    """

    transformer: str
    loading_before_percent: float
    loading_after_percent: float
    ambient_c: float
    t_hot_spot_before_c: float
    t_hot_spot_after_c: float
    t_hot_spot_limit_c: float
    time_to_limit_s: float
    time_constants: str

    def as_json(self) -> dict:
        """The note as JSON (``time_to_limit_s`` is null when the limit is never reached)."""
        return {"transformer": self.transformer, "loading_before_percent": round(self.loading_before_percent, 2),
                "loading_after_percent": round(self.loading_after_percent, 2), "ambient_c": round(self.ambient_c, 2),
                "t_hot_spot_before_c": round(self.t_hot_spot_before_c, 2),
                "t_hot_spot_after_c": round(self.t_hot_spot_after_c, 2),
                "t_hot_spot_limit_c": round(self.t_hot_spot_limit_c, 2),
                "time_to_limit_s": round(self.time_to_limit_s, 1) if math.isfinite(self.time_to_limit_s) else None,
                "time_constants": self.time_constants}


def transformer_ride_through(transformer: Transformer, loading_before_percent: float, loading_after_percent: float,
                             ambient_c: float) -> TransformerRideThrough:
    """Time for one transformer's hot spot to reach 110 °C after its load steps up.

    Parameters
    ----------
    transformer : Transformer
        The transformer (cooling class, rating and losses are read).
    loading_before_percent : float
        Loading before the outage, held long enough to be in steady state [%].
    loading_after_percent : float
        Loading after the outage [%].
    ambient_c : float
        Design ambient [°C].

    Returns
    -------
    TransformerRideThrough
        The steady hot spots before and after and the time to the limit.

    Examples
    --------
    A 2,500 kVA ONAN pad-mount at 60 % that takes its twin's load at 43 °C:

    >>> t = Transformer(id="t", hv_bus="a", lv_bus="b", rating="2500 kVA", v_primary="12.47 kV",
    ...                 v_secondary="415 V", z_percent="5.75 %", xr_ratio=8.0, no_load_loss="2.1 kW",
    ...                 load_loss="16.8 kW", cooling_class="ONAN")
    >>> round(transformer_ride_through(t, 60.0, 120.0, 43.0).time_to_limit_s / 60.0, 1)
    56.0
    """
    params = transformer_thermal_parameters(transformer)
    dynamics = thermal_dynamics(transformer.cooling_class, magnitude(transformer.rating, "VA"))
    t_ambient = ambient_c + KELVIN
    before = steady_state(loading_before_percent / 100.0, t_ambient, params, dynamics)
    after = steady_state(loading_after_percent / 100.0, t_ambient, params, dynamics)
    time = time_to_hot_spot(before, loading_after_percent / 100.0, t_ambient, T_HOT_SPOT_NORMAL_LIFE_K, params, dynamics)
    return TransformerRideThrough(transformer.id, loading_before_percent, loading_after_percent, ambient_c,
                                  before.t_hot_spot - KELVIN, after.t_hot_spot - KELVIN,
                                  T_HOT_SPOT_NORMAL_LIFE_K - KELVIN, time, dynamics.source)


def outage_ride_through(transformers: list[Transformer], outages: dict, loading_before_percent: dict[str, float],
                        limits: dict[str, TransformerLimits]) -> dict[str, TransformerRideThrough]:
    """The ride-through note of each outage that leaves a transformer above its contingency limit.

    Parameters
    ----------
    transformers : list of Transformer
        The design's transformers [-].
    outages : dict
        Outage element -> N-1 result as JSON (``max_loading_element``, ``max_loading_percent``) [-].
    loading_before_percent : dict
        Transformer id -> loading in normal operation [%].
    limits : dict
        Transformer id -> its limits at the design ambient (:func:`~.ratings.transformer_limits`) [-].

    Returns
    -------
    dict
        Outage element -> note, for the outages whose most loaded branch is a transformer above its
        contingency limit; identical (transformer, loadings) pairs are computed once. A transformer whose
        cooling class has no sourced time constants (forced oil) gets no note.
    """
    by_id = {t.id: t for t in transformers}
    done: dict[tuple, TransformerRideThrough] = {}
    out = {}
    for element in sorted(outages):
        o = outages[element]
        tid, after = o.get("max_loading_element"), o.get("max_loading_percent")
        if tid not in by_id or tid not in limits or after is None or not math.isfinite(after):
            continue
        if after <= 100.0 * limits[tid].contingency + 1e-9:
            continue
        before = loading_before_percent.get(tid, math.nan)
        if not math.isfinite(before):
            continue
        if not has_thermal_dynamics(by_id[tid].cooling_class):
            continue
        key = (tid, round(before, 6), round(after, 6))
        if key not in done:
            done[key] = transformer_ride_through(by_id[tid], before, after, limits[tid].ambient_c)
        out[element] = done[key]
    return out


__all__ = ["TransformerRideThrough", "outage_ride_through", "transformer_ride_through"]
