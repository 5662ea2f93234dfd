"""The ``annual`` and ``compare`` commands.

``retrofit annual FILE [--weather EPW|CSV] [--tariff YAML] [--json PATH] [--pdf PATH] [--chart PDF|SVG|PNG]`` simulates a
design over a weather year (the synthetic typical year of its catalog climate when no file is given) and
prints annual PUE, partial PUE, WUE, water, hours by mode and above limits, peak demand and cost.

``retrofit compare FILE --variant NAME:key=value,... [--variant ...] [--workers N] [--scheduler ADDRESS]
[--csv PATH] [--json PATH] [--chart PDF|SVG|PNG] [--pdf PATH]`` runs each variant (planned when FILE is a site,
swapped when it holds a design), reviews and simulates it, and writes one comparison table; cases run
on a process pool, or on the Dask cluster at ``--scheduler``; progress goes to standard error.

``retrofit batch FILE [FILE ...] [--workers N] [--scheduler ADDRESS] [--design-dir DIR] [--csv PATH] [--json PATH]``
runs many sites the way ``compare`` runs variants: each site planned (or its design taken as given),
reviewed and simulated over its own climate's year, one row per site, on the same process pool or Dask
cluster.

Exit status: 0 done, 2 bad input (files, variants, a scheduler that cannot be reached).
"""
from __future__ import annotations

import argparse

COMMANDS = ("annual", "compare", "batch")

CSV_COLUMNS = ("variant", "spec", "racks", "capex_usd", "pue_annual", "pue_design_point", "water_m3", "wue_l_per_kwh",
               "energy_cost_usd", "energy_mwh", "peak_demand_kw", "hours_above_setpoint", "hours_heat_not_removed",
               "hours_dry", "hours_adiabatic", "hours_chiller", "binding_constraint", "review_verdict", "error")


def _common(p) -> None:
    p.add_argument("--weather", metavar="EPW|CSV", help="EnergyPlus .epw or TMY3 .csv weather file (default: the "
                   "synthetic typical year of the site's catalog climate, labelled SYNTHETIC)")
    p.add_argument("--tariff", metavar="YAML", help="tariff file: energy_usd_per_kwh, demand_usd_per_kw_month, "
                   "water_usd_per_m3 (see docs/annual.md)")
    p.add_argument("--utilisation", type=float, default=1.0, metavar="X",
                   help="IT load as a fraction of the design IT power, every hour (default 1)")
    p.add_argument("--load-profile", metavar="CSV", help="IT load fraction of each hour, one number per line")
    p.add_argument("--reset-max", type=float, default=5.0, metavar="K",
                   help="largest facility supply reset above the design setpoint [K] (default 5; 0 disables)")
    p.add_argument("--chart", metavar="PDF|SVG|PNG", help="write the chart(s) to a .pdf, .svg or .png file")


def _pool_options(p) -> None:
    p.add_argument("--workers", type=int, metavar="N", help="local worker processes (default: CPU count; 1 runs here)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask distributed scheduler address (tcp://host:8786)")


def add_parser(subparsers) -> None:
    """Add the ``annual`` and ``compare`` subcommands to the CLI's subparsers."""
    a = subparsers.add_parser(
        "annual", help="annual energy, PUE, water and cost over a weather year (8,760 hours)",
        description="Simulate the design's cooling plant, pumps, fans and electrical losses at every hour of a weather "
                    "year: annual PUE (energy ratio) and partial PUE, WUE and water, hours in each heat-rejection mode "
                    "and above limits, peak demand and, with a tariff, the energy cost. The design-point PUE is kept "
                    "and labelled as such.")
    a.add_argument("file", help="design YAML file")
    a.add_argument("--json", metavar="PATH", help="write the annual results as JSON")
    a.add_argument("--pdf", metavar="PATH", help="write the annual energy page (tables and charts) as a PDF")
    _common(a)
    c = subparsers.add_parser(
        "compare", help="compare variants of a site: racks, capex, annual PUE, water, cost, binding constraint, review",
        description="Run each variant (heat rejection, facility supply temperature, distribution voltage, backup "
                    "policy, rack count) through planning (a site file) or a swap (a design file), the review and the "
                    "annual simulation, on a process pool or a Dask cluster; write one comparison table and chart. "
                    "A variant is NAME:key=value[,key=value]; keys: heat_rejection=adiabatic|dry|trim|chiller|tower, "
                    "t_fws=DEGC, voltage=415|480, racks=N|max, redundancy=N|N+1|2N|block_redundant, "
                    "backup=none|ride_through|ups:MIN|generator:MIN.")
    c.add_argument("file", help="site (or design) YAML file")
    c.add_argument("--variant", action="append", required=True, metavar="NAME:KEY=VALUE,...",
                   help="a variant; repeat for each")
    _pool_options(c)
    c.add_argument("--csv", metavar="PATH", help="write the comparison table as CSV")
    c.add_argument("--json", metavar="PATH", help="write the comparison rows as JSON")
    c.add_argument("--pdf", metavar="PATH", help="write the comparison table and chart as a PDF")
    c.add_argument("--replan", action="store_true", help="plan anew even when FILE already holds a design")
    _common(c)
    b = subparsers.add_parser(
        "batch", help="many sites at once: each planned, reviewed and simulated over its year, one table",
        description="Run every site (or design) file as compare runs a variant: planned when it is a site, taken as "
                    "given when it holds a design, reviewed and simulated over the synthetic typical year of its own "
                    "climate (or --weather for all); one row per file, on a process pool or a Dask cluster. Every "
                    "file is read and checked before any case starts.")
    b.add_argument("files", nargs="+", metavar="FILE", help="site or design YAML files")
    _pool_options(b)
    b.add_argument("--design-dir", metavar="DIR", help="write each file's final design as DIR/<site name>.yaml")
    b.add_argument("--csv", metavar="PATH", help="write the table as CSV")
    b.add_argument("--json", metavar="PATH", help="write the rows as JSON")
    b.add_argument("--replan", action="store_true", help="plan anew even when a file already holds a design")
    _common(b)


def _options(args, hours: int):
    from ..errors import InputError, Problem
    from .controls import ControlOptions
    from .simulate import AnnualOptions
    from .tariff import read_tariff

    tariff = read_tariff(args.tariff) if args.tariff else None
    profile = None
    if args.load_profile:
        values = []
        try:
            lines = open(args.load_profile, encoding="utf-8").read().splitlines()
        except OSError as exc:
            raise InputError(Problem(args.load_profile, None, "", f"cannot read: {exc.strerror}")) from None
        for i, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                x = float(line.split(",")[-1])
            except ValueError:
                raise InputError(Problem(args.load_profile, i, "load fraction", f"{line!r} is not a number")) from None
            if not 0.0 <= x <= 1.0:
                raise InputError(Problem(args.load_profile, i, "load fraction", f"{x:g}: expected 0..1"))
            values.append(x)
        if len(values) != hours:
            raise InputError(Problem(args.load_profile, None, "load profile",
                                     f"{len(values)} values found, {hours} expected (one per weather hour)"))
        profile = tuple(values)
    if not 0.0 < args.utilisation <= 1.0:
        raise InputError(Problem("--utilisation", None, "utilisation", f"{args.utilisation:g}: expected 0 < x <= 1"))
    if not 0.0 <= args.reset_max <= 20.0:
        raise InputError(Problem("--reset-max", None, "reset", f"{args.reset_max:g} K: expected 0..20 K"))
    return AnnualOptions(utilisation=args.utilisation, load_profile=profile, tariff=tariff,
                         controls=ControlOptions(supply_reset_max_k=args.reset_max))


def _write_chart(path: str, drawings: list) -> None:
    from reportlab import rl_config
    from reportlab.graphics import renderPDF, renderSVG
    from reportlab.graphics.shapes import Drawing

    from ..errors import InputError, Problem
    from ..io.atomic import write_atomic

    width = max(d.width for d in drawings)
    height = sum(d.height for d in drawings)
    page = Drawing(width, height)
    y = height
    for d in drawings:
        y -= d.height
        d.translate(0, y)
        page.add(d)
    if path.lower().endswith(".pdf"):
        rl_config.invariant = 1
        write_atomic(path, renderPDF.drawToString(page))
    elif path.lower().endswith(".svg"):
        write_atomic(path, renderSVG.drawToString(page))
    elif path.lower().endswith(".png"):
        from reportlab.graphics import renderPM

        try:
            png = renderPM.drawToString(page, fmt="PNG", dpi=144)
        except Exception as exc:  # noqa: BLE001 - reportlab raises its own error when no PNG backend is installed
            raise InputError(Problem(path, None, "--chart", f"PNG needs a reportlab bitmap backend (rlPyCairo), "
                                     f"which is not installed ({type(exc).__name__}); write .pdf or .svg")) from None
        write_atomic(path, png)
    else:
        raise InputError(Problem(path, None, "--chart", "expected a .pdf, .svg or .png file"))


def _annual_text(r) -> str:
    j = r.to_json()
    cost = j["cost"].get("total_usd")
    lines = [f"{j['site']}: {j['weather']['label']}",
             f"  annual PUE {j['pue_annual']:.4f} (energy ratio); design-point PUE {j['design_point'].get('pue')} "
             f"(at the design ambient, not annual)",
             f"  IT {j['energy_kwh']['it'] / 1e3:,.0f} MWh, facility {j['energy_kwh']['facility'] / 1e3:,.0f} MWh, "
             f"peak demand {j['peak_demand_kw']:,.0f} kW",
             f"  water {j['water_m3']:,.0f} m3, WUE {j['wue_l_per_kwh']:.3f} L/kWh",
             "  hours by mode: " + ", ".join(f"{k} {v:,}" for k, v in j["hours_by_mode"].items()),
             f"  hours above setpoint {j['hours_above']['facility_supply_above_setpoint']:,}, heat not removed "
             f"{j['hours_above']['heat_not_removed']:,}, TCS above rack limit {j['hours_above']['tcs_supply_above_rack_limit']:,}",
             "  partial PUE: " + ", ".join(f"{k} {v:.4f}" for k, v in j["partial_pue"].items()),
             f"  energy cost: {'%s USD' % format(cost, ',.0f') if cost is not None else 'n/a (no tariff given)'}"]
    return "\n".join(lines)


def _table_text(rows: list[dict], key: str = "variant") -> str:
    w = max([14, *(len(str(r[key])) for r in rows)])
    head = f"{key:<{w}} {'racks':>5} {'capex M$':>9} {'PUE':>6} {'water m3':>10} {'cost M$':>8} {'h>sp':>5}  review"
    out = [head]
    for r in rows:
        if "error" in r:
            out.append(f"{r[key]:<{w}} not built: {r['error']}")
            continue
        capex = f"{r['capex_usd'] / 1e6:9.2f}" if r.get("capex_usd") is not None else f"{'n/a':>9}"
        cost = f"{r['energy_cost_usd'] / 1e6:8.2f}" if r.get("energy_cost_usd") is not None else f"{'n/a':>8}"
        out.append(f"{r[key]:<{w}} {r['racks'] if r['racks'] is not None else 'n/a':>5} {capex} "
                   f"{r['pue_annual']:6.3f} {r['water_m3']:10,.0f} {cost} {r['hours_above_setpoint']:5d}  "
                   f"{r['review_verdict']}")
    return "\n".join(out)


def _csv_text(rows: list[dict], columns: tuple = CSV_COLUMNS) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        modes = r.get("hours_by_mode") or {}
        flat = {**r, **{f"hours_{k}": v for k, v in modes.items()}}
        w.writerow(["" if flat.get(k) is None else flat.get(k) for k in columns])
    return buf.getvalue()


def _pdf(path: str, title: str, subject: str, command: str, story_of) -> None:
    from .. import __version__
    from ..io.atomic import write_atomic
    from ..report.document import Headings, Metadata, PlanDocument, build_pdf

    story = story_of(Headings(), PlanDocument.text_width("letter"))
    meta = Metadata(title=title, subject=subject, author=f"retrofit {__version__}",
                    creator=f"retrofit {__version__} (retrofit {command})", header_left=title,
                    footer_left=f"retrofit {__version__}")
    write_atomic(path, build_pdf(story, meta))


def _comparison_pdf(path: str, site: str, rows: list[dict]) -> None:
    from ..report.annual_pages import comparison_flowables
    from ..report.document import paragraph

    _pdf(path, f"Comparison of variants: {site}", "Annual energy, water and cost of design variants", "compare",
         lambda h, width: [h.section(f"Comparison of variants: {site}"),
                           paragraph(f"Weather: {rows[0].get('weather', 'n/a') if rows else 'n/a'}.", "body"),
                           *comparison_flowables(rows, width)])


def _annual_pdf(path: str, result) -> None:
    from ..report.annual_pages import annual_flowables

    _pdf(path, f"Annual energy: {result.site}", "Annual energy, water and cost over a weather year", "annual",
         lambda h, width: [h.section(f"Annual energy, water and cost: {result.site}"),
                           *annual_flowables(result, width)])


def _check_workers(args) -> None:
    from ..errors import InputError, Problem

    if args.workers is not None and args.workers < 1:
        raise InputError(Problem("--workers", None, "workers", f"{args.workers}: expected >= 1"))


def _slug(name: str) -> str:
    """File-name form of a site name: lower case, runs of other characters as one hyphen."""
    import re

    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "site"


def _batch(args: argparse.Namespace) -> int:
    """``retrofit batch``: every file read, checked and given its weather before any case runs."""
    from pathlib import Path

    from ..errors import RetrofitError
    from ..io.load import load
    from ..io.results import write_json
    from .scenarios import CaseSpec, run_cases
    from .variants import Variant
    from .weather_source import weather_for

    _check_workers(args)
    designs = [load(f) for f in args.files]
    slugs = [_slug(d.site.name) for d in designs]
    if len(set(slugs)) != len(slugs):
        raise RetrofitError("batch sites must have distinct names (each names its row and its design file): "
                            + ", ".join(f"{f}: {d.site.name}" for f, d in zip(args.files, designs)))
    weathers = [weather_for(d, args.weather) for d in designs]
    options = _options(args, weathers[0].hours)
    if args.load_profile and any(w.hours != weathers[0].hours for w in weathers):
        raise RetrofitError("--load-profile needs every site's weather year to have the same number of hours")
    out = Path(args.design_dir) if args.design_dir else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    specs = [CaseSpec(str(f), Variant(name=d.site.name, spec=str(f)), w, options, args.replan,
                      str(out / f"{slug}.yaml") if out is not None else None)
             for f, d, w, slug in zip(args.files, designs, weathers, slugs)]
    rows = [{"site": r.pop("variant"), "file": r.pop("spec"), **r}
            for r in run_cases(specs, workers=args.workers, scheduler=args.scheduler, label="batch")]
    print(_table_text(rows, "site"))
    if args.csv:
        from ..io.atomic import write_atomic

        write_atomic(args.csv, _csv_text(rows, ("site", "file", *CSV_COLUMNS[2:])))
        print(f"batch table: {args.csv}")
    if args.json:
        write_json(args.json, {"rows": rows})
        print(f"batch rows: {args.json}")
    if out is not None:
        print(f"designs: {out}/")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``annual``, ``compare`` or ``batch``; returns the exit status (input errors propagate to the CLI:
    exit 2). ``compare`` and ``batch`` plan whole sites, so they run with the collector thresholds of
    :mod:`retrofit.gc_thresholds`, as ``plan`` does."""
    if args.command == "annual":
        return _run(args)
    import gc

    from ..gc_thresholds import collect_less_often

    before = collect_less_often()   # a campus is millions of long-lived objects: see retrofit.gc_thresholds
    try:
        return _batch(args) if args.command == "batch" else _run(args)
    finally:
        gc.set_threshold(*before)


def _run(args: argparse.Namespace) -> int:
    """``annual`` or ``compare``."""
    from ..io.load import load
    from ..io.results import write_json
    from .weather_source import weather_for

    design = load(args.file)
    weather = weather_for(design, args.weather)
    options = _options(args, weather.hours)
    if args.command == "annual":
        from ..report.annual_pages import mode_chart, monthly_charts
        from .simulate import design_basis, simulate_year

        result = simulate_year(design_basis(design), weather, options)
        print(_annual_text(result))
        if args.json:
            write_json(args.json, result.to_json())
            print(f"annual results: {args.json}")
        if args.chart:
            _write_chart(args.chart, [*monthly_charts(result.to_json()["monthly"], 520),
                                      mode_chart(result.hourly.t_dry_bulb_c, result.hourly.mode, 520)])
            print(f"charts: {args.chart}")
        if args.pdf:
            _annual_pdf(args.pdf, result)
            print(f"annual PDF: {args.pdf}")
        return 0
    from ..errors import RetrofitError
    from ..report.annual_pages import comparison_chart
    from .scenarios import CaseSpec, run_cases
    from .variants import parse_variant

    variants = [parse_variant(text) for text in args.variant]
    names = [v.name for v in variants]
    if len(set(names)) != len(names):
        raise RetrofitError("variant names must be distinct: " + ", ".join(names))
    _check_workers(args)
    specs = [CaseSpec(str(args.file), v, weather, options, args.replan) for v in variants]
    rows = run_cases(specs, workers=args.workers, scheduler=args.scheduler)
    print(_table_text(rows))
    if args.csv:
        from ..io.atomic import write_atomic

        write_atomic(args.csv, _csv_text(rows))
        print(f"comparison table: {args.csv}")
    if args.json:
        write_json(args.json, {"site": design.site.name, "weather": weather.label(), "rows": rows})
        print(f"comparison rows: {args.json}")
    if args.chart:
        _write_chart(args.chart, [comparison_chart(rows, 520)])
        print(f"chart: {args.chart}")
    if args.pdf:
        _comparison_pdf(args.pdf, design.site.name, rows)
        print(f"comparison PDF: {args.pdf}")
    return 0


__all__ = ["COMMANDS", "add_parser", "run"]
