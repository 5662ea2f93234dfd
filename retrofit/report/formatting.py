"""Number and text formatting for the PDF plan: fixed formats, a plain "n/a" for absent values, and text
restricted to the characters the standard PDF fonts can show.

Nothing here computes a result: a value is printed as the results dict holds it, in the unit its key names.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

# Characters outside the WinAnsi encoding of the standard PDF fonts, and what is printed instead.
_REPLACEMENTS = {
    "\u2264": "<=", "\u2265": ">=", "\u2260": "!=", "\u2248": "~", "\u0394": "delta ", "\u03b5": "eps",
    "\u03b7": "eta", "\u03ba": "kappa", "\u03c1": "rho", "\u03bc": "\u00b5", "\u03a9": "ohm", "\u2192": "->",
    "\u2190": "<-", "\u2194": "<->", "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2032": "'", "\u2033": '"',
    "\u221a": "sqrt", "\u2009": " ", "\u202f": " ", "\u00a0": " ", "\u2074": "^4", "\u2075": "^5",
    "\u207b": "^-", "\u2080": "0", "\u2081": "1", "\u2082": "2", "\u2083": "3", "\u22c5": "\u00b7",
    "\u2715": "x", "\u2713": "ok", "\u2717": "x", "\u221e": "inf",
}
# WinAnsi (cp1252) is what reportlab's standard fonts encode; anything else is replaced.
_CODEC = "cp1252"


def plain(text: object) -> str:
    """``text`` as a string the standard PDF fonts can show (no markup)."""
    s = "" if text is None else str(text)
    if s.isascii():
        return s
    out = []
    for ch in s:
        if ch in _REPLACEMENTS:
            out.append(_REPLACEMENTS[ch])
            continue
        try:
            ch.encode(_CODEC)
            out.append(ch)
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


def markup(text: object) -> str:
    """``text`` escaped for a reportlab Paragraph (``&``, ``<``, ``>``) and restricted to the font's characters."""
    return escape(plain(text))


def number(value: object, spec: str = ".1f", unit: str = "") -> str:
    """A number in a fixed format with its unit, or ``n/a`` when it is absent.

    Parameters
    ----------
    value : float or int or None
        The value as the results dict holds it [unit of its key].
    spec : str
        Format specification, for example ``".1f"`` or ``",.0f"``.
    unit : str
        Unit printed after the number, separated by a space (``"kW"``, ``"%"``).
    """
    if value is None or isinstance(value, bool):
        return "n/a" if value is None else ("yes" if value else "no")
    try:
        text = format(value, spec)
    except (TypeError, ValueError):
        return plain(value)
    if text in ("nan", "inf", "-inf"):
        return "n/a"
    return f"{text} {unit}" if unit else text


def money(usd: object) -> str:
    """A capex figure as every page prints it: millions of US dollars to two decimals (``27.52 M USD``).

    Parameters
    ----------
    usd : float or None
        The amount as the results hold it [USD].
    """
    if not isinstance(usd, (int, float)) or isinstance(usd, bool):
        return "n/a"
    return f"{usd / 1e6:,.2f} M USD"


def verdict(ok: object) -> str:
    """``ok`` / ``FAIL`` / ``n/a`` for a boolean check result."""
    if ok is None:
        return "n/a"
    return "ok" if ok else "FAIL"


def count_noun(n: int, singular: str, plural: str | None = None) -> str:
    """``"1 rack"``, ``"12 racks"``, ``"1,984 racks"``."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def ids_text(ids, limit: int = 6) -> str:
    """A comma-separated list of ids, shortened to ``limit`` with the number left out."""
    ids = [str(i) for i in ids]
    if len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit]) + f" and {len(ids) - limit:,} more"


# Unit suffixes of result keys (``rating_kva``) and how a table heading names them.
_SUFFIXES = (
    ("_m3_s", "m³/s"), ("_m3s", "m³/s"), ("_l_h", "L/h"), ("_lpm", "L/min"), ("_kvar", "kvar"), ("_kva", "kVA"), ("_mva", "MVA"),
    ("_kw", "kW"), ("_mw", "MW"), ("_ka", "kA"), ("_kv", "kV"), ("_kpa", "kPa"), ("_pu", "pu"),
    ("_percent", "%"), ("_usd", "USD"), ("_m2", "m²"), ("_mm", "mm"), ("_kg", "kg"), ("_deg", "deg"),
    ("_weeks", "weeks"), ("_days", "days"), ("_months", "months"), ("_m_s", "m/s"), ("_a", "A"), ("_v", "V"),
    ("_m", "m"), ("_c", "°C"), ("_k", "K"),
)


#: Words of result keys that are initialisms, written as the field writes them in a heading.
_INITIALISMS = {"it": "IT", "gpu": "GPU", "mv": "MV", "lv": "LV", "pue": "PUE", "cdu": "CDU", "cdus": "CDUs",
                "tcs": "TCS", "ups": "UPS", "bess": "BESS", "npv": "NPV", "irr": "IRR", "ats": "ATS", "crah": "CRAH",
                "crahs": "CRAHs", "bms": "BMS"}


def _words(key: str) -> str:
    return " ".join(_INITIALISMS.get(w, w) for w in key.split("_"))


def field_words(text: object) -> str:
    """``text`` with the initialisms of the field written as the field writes them (``Procure lv switchgear`` ->
    ``Procure LV switchgear``, ``cdus`` -> ``CDUs``)."""
    return " ".join(_INITIALISMS.get(w, w) if w != "it" else w for w in plain(text).split(" "))


def sentence_case(text: str) -> str:
    """``text`` with its first letter upper case and the rest as written (``str.capitalize`` would lower
    ``kW`` to ``kw``)."""
    return text[:1].upper() + text[1:]


#: Sizing constraints whose words differ from their key with spaces (``retrofit size`` keys them by name).
_CONSTRAINT_WORDS = {"residual_air": "residual air (room cooling)", "rack_distribution": "rack distribution (busway, PDU)",
                     "slab_load": "slab loading"}


def constraint_name(name: object) -> str:
    """A sizing constraint as the plan names it: ``utility_service`` -> ``utility service``, ``lv_switchgear`` ->
    ``LV switchgear``; a name with words already (``transformers 415 V wye``) is kept."""
    key = plain(name)
    if " " in key:
        return key
    return _CONSTRAINT_WORDS.get(key) or _words(key)


#: Values of enumerated input fields (winding configurations, earthing systems) in words.
_ENUM_WORDS = {"wye_grounded": "wye, grounded", "wye_ungrounded": "wye, ungrounded", "delta_3w": "delta, 3-wire",
               "wye_4w": "wye, 4-wire", "wye_3w": "wye, 3-wire", "delta_4w": "delta, 4-wire (high leg)",
               "exhaust_fan": "exhaust fan", "heat_rejection": "heat rejection", "mv_breaker": "MV breaker",
               "lvpcb": "LV power CB", "iccb": "insulated-case CB", "mccb": "moulded-case CB",
               "busway_tap": "busway tap", "plug_in": "plug-in", "overhead_track": "overhead track",
               "tap_box": "tap box", "rack_pdu": "rack PDU", "pdu": "PDU", "rpp": "RPP"}


def enum_text(value: object) -> str:
    """An enumerated value in words (``wye_grounded`` -> ``wye, grounded``); anything else as it is."""
    text = plain(value)
    return _ENUM_WORDS.get(text, text)


def ambient_name(basis: object) -> str:
    """A climate design condition in words, as the input schema describes it: ``extreme_max_db_n20`` ->
    ``20-year return extreme maximum dry bulb``; an unknown key is printed as it is."""
    from ..model.site import Climate

    field = Climate.model_fields.get(str(basis))
    return plain(field.description) if field is not None and field.description else plain(basis)


def heading(key: str) -> str:
    """A table heading for a result key: ``rating_kva`` -> ``rating [kVA]``, ``gpu_demand_kva`` ->
    ``GPU demand [kVA]``."""
    for suffix, unit in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return f"{_words(key[: -len(suffix)])} [{unit}]"
    return _words(key)


def value_text(key: str, value: object) -> str:
    """A result value as a table cell, in a format chosen by its key's unit and its size."""
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,d}" if key.endswith("_usd") else str(value)
    if isinstance(value, float):
        if key.endswith("_usd"):
            return number(value, ",.0f")
        if key.endswith("_percent"):
            return number(value, ".1f")
        if key.endswith("_pu"):
            return number(value, ".4f")
        size = abs(value)
        spec = ",.0f" if size >= 1000 else ".0f" if size >= 100 else ".1f" if size >= 10 else ".3g"
        return number(value, spec)
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (dict, list, tuple)) for v in value):
            return count_noun(len(value), "item")
        return _cap(ids_text([value_text(key, v) for v in value], limit=8))
    if isinstance(value, dict):
        return _cap("; ".join(f"{heading(k)}: {value_text(k, v)}" for k, v in list(value.items())[:6]) + (
            "; ..." if len(value) > 6 else ""))
    return _cap(enum_text(value))


#: Longest text a table cell holds; longer values are cut with an ellipsis (the JSON has them whole).
CELL_MAX = 400


def _cap(text: str) -> str:
    return text if len(text) <= CELL_MAX else text[: CELL_MAX - 1] + "\u2026"


def sheet_identity(design, number_: str) -> str:
    """The identity line of a drawing's title block: the project, the revision and issue date the input gives,
    and the sheet number (``Washington 18 MW hall  |  rev B  |  issued 2026-12-01  |  sheet E-1``)."""
    site = design.site
    parts = [site.name] + ([f"rev {site.revision}"] if site.revision else []) \
        + ([f"issued {site.issued}"] if site.issued else []) + [f"sheet {number_}"]
    return plain("  |  ".join(parts))


__all__ = ["ambient_name", "constraint_name", "count_noun", "enum_text", "field_words", "heading", "ids_text",
           "markup", "money", "number", "plain", "sentence_case", "sheet_identity", "value_text", "verdict"]
