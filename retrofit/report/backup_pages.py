"""The backup-power page of the PDF plan: the backup policies compared on the proposed design.

Reads ``results["backup_policies"]`` (:func:`retrofit.planning.backup.compare_policies`, as plain data) and,
when the goal sets a policy, ``results["backup"]`` (:func:`retrofit.resilience.backup_ride_through`);
formats, computes nothing.
"""
from __future__ import annotations

from .document import paragraph
from .formatting import money, number
from .tables import Column, data_table

POLICY_COLUMNS = [Column("policy", 1.6), Column("GPU racks", 0.6, "RIGHT"), Column("UPS losses [GPU racks' power]", 0.8, "RIGHT"),
                  Column("backup capex", 0.9, "RIGHT"), Column("PUE added", 0.6, "RIGHT"),
                  Column("UPS and battery room", 0.8, "RIGHT"), Column("yard", 0.6, "RIGHT"),
                  Column("scenarios the GPU racks ride through", 1.0, "RIGHT"),
                  Column("scenarios racks lose cooling", 0.9, "RIGHT")]

POLICY_TEXT = {"none": "none: every load stops with the utility (a mining hall's)",
               "ride_through": "ride-through only: PSU hold-up and the GB300 power-shelf storage",
               "ups_5min": "UPS, 5 minutes of battery, every class of load",
               "generator": "UPS bridging 5 minutes, then N+1 standby generators and their transfer equipment"}

SCENARIO_COLUMNS = [Column("scenario", 1.3), Column("voltage left", 0.6, "RIGHT"), Column("duration", 0.6, "RIGHT"),
                    Column("loads that drop", 1.6), Column("racks' cooling", 2.2)]


def backup_section(ctx) -> list:
    """The section: the policies compared, then the ride-through of the goal's own policy when it sets one."""
    rows = ctx.results.get("backup_policies")
    if not rows:
        return []
    out = [ctx.headings.section("Backup power policies"),
           paragraph("Each policy gives every class of load (GPU racks, network racks, cooling pumps, CDUs, controls) "
                     "the same backup. The comparison comes from the backup sizing alone, on the proposed design as "
                     "planned (no re-plan per policy): the racks, one-line and cooling stay the same, and the power "
                     "the UPS losses take is shown as the number of GPU racks it would otherwise feed. UPS modules "
                     "N+1 per class, batteries for the minutes stated, generators N+1 of the catalog model whose plant "
                     "costs least where it can connect: a low-voltage plant behind 4,000 A ATSs, an MV plant at the "
                     "service behind paralleling switchgear with an open-transition transfer pair; the ride-through "
                     "scenarios are the ITI (CBEMA) curve and SEMI F47 points and two utility outages (1 min, 1 h).")]
    table = [[POLICY_TEXT.get(r["policy"], r["policy"]), number(r["racks"], ",d"),
              number(r["racks_power_taken"], ".2f"), money(r["capex_usd"]),
              number(r["pue_added"], ".3f"), number(r["electrical_room_m2"], ",.0f", "m²"),
              number(r["yard_m2"], ",.0f", "m²"), f"{r['scenarios_gpu_ride']} of {r['scenarios']}",
              f"{r['scenarios_overheat']} of {r['scenarios']}"] for r in rows]
    out.append(data_table(POLICY_COLUMNS, table, ctx.width, failing=[r["scenarios_overheat"] > 0 for r in rows]))
    study = ctx.results.get("backup")
    if study:
        out.append(ctx.headings.sub("Ride-through with the goal's backup policy"))
        srows, hot = [], []
        for sid, s in study["scenarios"].items():
            dropped = [c for c, o in s["classes"].items() if not o["rides_through"]]
            srows.append([sid, number(s["residual_voltage_pu"] * 100, ".0f", "%"), number(s["duration_s"], ",g", "s"),
                          ", ".join(dropped) or "none", s["thermal"]])
            hot.append(s["racks_overheat"])
        out.append(data_table(SCENARIO_COLUMNS, srows, ctx.width, failing=hot))
        out += [paragraph(n, "note") for n in study.get("notes", [])]
    return out
