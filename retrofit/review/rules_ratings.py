"""Rating rules: transformers held to their rating derated for the design ambient, in normal operation
and after every single outage, and switchboards and busways to their rating at the room's ambient.

The ratings are those of :mod:`retrofit.electrical.ratings`, reported per transformer in
``results["electrical"]["ratings"]``; the rules compare the load flow and the N-1 study with them and
compute nothing physical beyond the ambient factor of an indoor item's rating.
"""
from __future__ import annotations

from ..electrical.ratings import BUSWAY_MAX_C, SWITCHBOARD_BUS_MAX_C, equipment_ambient_factor
from .findings import Outcome, evidence
from .registry import Context, magnitude, rule
from .rules_electrical import worst_transformer_outages
from .studies import CONTINGENCIES, TRANSFORMER_RATINGS, study_results


_NEEDS_RATING = ("the transformer's cooling class and losses (no_load_loss, load_loss) from which its IEEE C57.91 "
                 "capability at the design ambient is computed")


def _ride_through(o: dict, transformer: str) -> str:
    """The outage's ride-through note for the transformer, as a clause (empty without one)."""
    note = o.get("transformer_ride_through") or {}
    if note.get("transformer") != transformer or note.get("time_to_limit_s") is None:
        return ""
    return (f"; its hot spot reaches {note['t_hot_spot_limit_c']:g} °C {note['time_to_limit_s'] / 3600.0:.1f} h "
            f"after the outage (IEC 60076-7 thermal time constants, from {note['loading_before_percent']:g} %; "
            "a note: the steady state decides)")


def _consequence(o: dict) -> str:
    lost = o.get("lost_loads") or []
    return (f"{len(lost)} load(s) lost ({', '.join(lost[:4])}{' ...' if len(lost) > 4 else ''})" if lost
            else "no load lost")


@rule("ELEC-RATING-001", title="Transformer within its ambient-derated rating after a single outage",
      category="electrical",
      clause="IEEE C57.91-2011 Clause 7 (steady-state hot spot at the design ambient, 110 °C for normal ageing)",
      severity="critical",
      reads=("electrical.ratings[<transformer>].contingency_limit_percent",
             "electrical.contingencies.outages[*].max_loading_element",
             "electrical.contingencies.outages[*].max_loading_percent",
             "electrical.contingencies.outages[*].transformer_ride_through"),
      limit="goal.criteria.max_transformer_loading_contingency (default 100 %) of the nameplate derated for the "
            "design ambient; above 100 % only with goal.criteria.emergency_rating_basis")
def transformer_derated_contingency(ctx: Context):
    """After each single outage of the N-1 study, each transformer's loading, in percent of its nameplate,
    shall not exceed its contingency limit: the criterion times the rating derated for the design ambient
    (the load at which its hot spot reaches 110 °C in the steady state of IEEE C57.91 Clause 7). An outage
    lasts until a repair, long enough for the oil to reach its steady state, so the steady state at the
    design ambient decides. A transformer's worst loading is taken over the outages in which it is the
    most loaded branch; one that never is passes when the most loaded branch of every outage is within
    its limit, and is reported untested otherwise."""
    e = ctx.electrical()
    ratings = study_results(ctx, TRANSFORMER_RATINGS)
    outages = study_results(ctx, CONTINGENCIES)["outages"]
    loading = worst_transformer_outages(outages, e["load_flow"])
    worst, overall = loading.worst, loading.overall
    for t in sorted(ctx.design.electrical.transformers, key=lambda t: t.id):
        r = ratings.get(t.id)
        if r is None:
            yield Outcome("untested", (t.id,), (), f"no derated rating for {t.id}")
            continue
        limit = r["contingency_limit_percent"]
        if limit is None:
            yield Outcome("untested", (t.id,), (evidence("design ambient", r["ambient_c"], "°C", element=t.id),),
                          f"{t.id} has no derated rating at {r['ambient_c']} °C ({r['basis']})", needs=_NEEDS_RATING)
            continue
        common = (evidence("design ambient", r["ambient_c"], "°C", element=t.id),
                  evidence("derated rating", r["derated_rating_percent"], "% of nameplate", element=t.id))
        if t.id in worst:
            value, outage_id = worst[t.id].loading_percent, worst[t.id].outage
            ok = value <= limit
            ev = (evidence(f"loading after the outage of {outage_id}", value, "%", limit=limit, relation="<=",
                           element=t.id),) + common
            yield Outcome("pass" if ok else "fail", (t.id, outage_id), ev,
                          f"{t.id} loaded {value:g} % of nameplate when {outage_id} is out "
                          f"({_consequence(outages[outage_id])})"
                          + ("" if ok else f", above its {limit:g} % limit at {r['ambient_c']:g} °C ({r['basis']})"
                             + _ride_through(outages[outage_id], t.id)))
        elif overall is not None and overall.loading_percent <= limit:
            yield Outcome("pass", (t.id,), common + (
                evidence("most loaded branch over every outage", overall.loading_percent, "%", limit=limit, relation="<=",
                         element=overall.branch),),
                f"{t.id} is never the most loaded branch; the most loaded over every outage is {overall.branch} "
                f"at {overall.loading_percent:g} % (outage of {overall.outage})")
        else:
            yield Outcome("untested", (t.id,), common,
                          f"{t.id} is never the most loaded branch and another branch exceeds {limit:g} %: its own "
                          "loading after an outage is not in the results")


@rule("ELEC-RATING-002", title="Transformer within its ambient-derated rating in normal operation",
      category="electrical", clause="IEEE C57.91-2011 Clause 7 (steady-state hot spot at the design ambient)",
      severity="major",
      reads=("electrical.ratings[<transformer>].loading_percent", "electrical.ratings[<transformer>].normal_limit_percent"),
      limit="goal.criteria.max_transformer_loading (default 100 %) of the nameplate derated for the design ambient")
def transformer_derated_normal(ctx: Context):
    """Each transformer's loading in normal operation, in percent of its nameplate, shall not exceed the
    normal criterion times its rating derated for the design ambient."""
    ratings = study_results(ctx, TRANSFORMER_RATINGS)
    for t in sorted(ctx.design.electrical.transformers, key=lambda t: t.id):
        r = ratings.get(t.id)
        if r is None or r.get("loading_percent") is None or r.get("normal_limit_percent") is None:
            yield Outcome("untested", (t.id,), (), f"no loading or derated rating for {t.id}",
                          needs="" if r is None or r.get("normal_limit_percent") is not None else _NEEDS_RATING)
            continue
        value, limit = r["loading_percent"], r["normal_limit_percent"]
        ok = value <= limit
        ev = (evidence("loading", value, "%", limit=limit, relation="<=", element=t.id),
              evidence("design ambient", r["ambient_c"], "°C", element=t.id))
        yield Outcome("pass" if ok else "fail", (t.id,), ev,
                      f"{t.id} loaded {value:g} % of nameplate; derated limit {limit:g} % at {r['ambient_c']:g} °C"
                      + ("" if ok else f" ({r['basis']})"))


@rule("ELEC-RATING-003", title="Switchboards and busways within their rating at the room ambient",
      category="electrical",
      clause="UL 891 / UL 857 ratings at 40 °C ambient; conductor heat balance of NEC 310.15(B) Equation 310.15(B) above it",
      severity="major",
      reads=("electrical.feeders[<busway>].i_a", "electrical.load_flow.branches[<transformer>].i_to_a"),
      limit="rating x ambient factor at goal.criteria.electrical_room_ambient (default 40 °C: factor 1); busways "
            "also within goal.criteria.max_busway_loading")
def equipment_room_ambient(ctx: Context):
    """A switchboard's bus shall carry the secondary current of the transformer feeding it, and a busway
    its load-flow current, within their ratings derated for the electrical room's ambient (1 up to the
    40 °C their listings assume; above it by the square root of the remaining conductor temperature
    margin). Busways are also held to the continuous-loading criterion."""
    lf = ctx.load_flow()
    feeders = ctx.electrical_section("feeders")
    room = magnitude(ctx.criteria.electrical_room_ambient, "degC")
    k_bus = magnitude(ctx.criteria.max_busway_loading, "dimensionless")
    f_sw = equipment_ambient_factor(room, SWITCHBOARD_BUS_MAX_C)
    f_bw = equipment_ambient_factor(room, BUSWAY_MAX_C)
    feeding = {t.lv_bus: t for t in ctx.design.electrical.transformers}
    for bus in sorted(ctx.design.electrical.buses, key=lambda b: b.id):
        t = feeding.get(bus.id)
        if bus.bus_rating is None or t is None:
            continue
        current = (lf["branches"].get(t.id) or {}).get("i_to_a")
        if current is None:
            continue
        limit = magnitude(bus.bus_rating, "A") * f_sw
        ok = current <= limit
        yield Outcome("pass" if ok else "fail", (bus.id, t.id),
                      (evidence("bus current", current, "A", limit=round(limit, 1), relation="<=", element=bus.id),
                       evidence("room ambient", room, "°C", element=bus.id)),
                      f"{bus.id} carries {current:g} A from {t.id}; {limit:.0f} A at {room:g} °C")
    for bw in sorted(ctx.design.electrical.busways, key=lambda b: b.id):
        f = feeders.get(bw.id)
        if f is None or f.get("i_a") is None:
            continue
        limit = magnitude(bw.rating, "A") * f_bw * k_bus
        ok = f["i_a"] <= limit
        yield Outcome("pass" if ok else "fail", (bw.id,),
                      (evidence("current", f["i_a"], "A", limit=round(limit, 1), relation="<=", element=bw.id),
                       evidence("room ambient", room, "°C", element=bw.id)),
                      f"{bw.id} carries {f['i_a']:g} A; {limit:.0f} A at {room:g} °C and {k_bus:.0%} continuous")
