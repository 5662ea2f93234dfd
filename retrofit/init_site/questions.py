"""The questionnaire of ``retrofit init``: the facts an engineer has on hand about a mining site, each with
its flag, its question, what kind of answer it takes and how the answer is checked.

An answer is checked when it is given (a quantity of the right kind, a catalog id of the right kind, a
choice, a whole number); the bounds of the schema are checked once the site file is assembled, by the
same loader as ``retrofit validate`` (:func:`retrofit.init_site.site_file.check_site`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import CatalogEntryNotFound, UnitError


@dataclass(frozen=True)
class Question:
    """One fact of the site.

    Attributes
    ----------
    name : str
        Attribute of the answers (``service_voltage``); its flag is ``--service-voltage``.
    prompt : str
        The question asked in interactive mode.
    kind : str
        ``text``, ``number`` (above 0), ``count`` (whole number ≥ 1), ``racks`` (``max`` or a count), ``choice``, ``catalog:<kind>``
        (a catalog id of that kind) or ``quantity:<dimension>`` (a number with a unit of that dimension, see
        :data:`retrofit.units.DIMENSIONS`).
    default : str or None
        Used when the question is not answered; None when it must be answered (or may be left out, when
        ``required`` is False).
    required : bool
        The site file cannot be written without it.
    choices : tuple of str
        The answers allowed, for ``choice``.
    help : str
        What the fact is and where to find it (shown in ``--help`` and before the question).
    when : tuple of (str, tuple of str), optional
        Ask only when another answer is one of these values (the exhaust fans of an air-cooled hall).
    """

    name: str
    prompt: str
    kind: str
    default: str | None = None
    required: bool = True
    choices: tuple[str, ...] = ()
    help: str = ""
    when: tuple[str, tuple[str, ...]] | None = None

    @property
    def flag(self) -> str:
        """The command-line flag of the question."""
        return "--" + self.name.replace("_", "-")


REDUNDANCY_POWER = ("N", "N+1", "2N", "block_redundant")
REDUNDANCY_COOLING = ("N", "N+1")
COOLING = ("air", "hydro", "immersion")
SECONDARY = ("wye_grounded", "delta")
DESIGN_AMBIENT = ("cooling_db_04", "extreme_max_db_n20", "extreme_max_db_n50")

QUESTIONS: tuple[Question, ...] = (
    Question("name", "Site name", "text", help="a name for the site, printed on the plan"),
    Question("location", "Location (town, state)", "text", required=False, help="town, state or coordinates"),
    Question("climate", "Climate (catalog id)", "catalog:climate",
             help="ASHRAE design conditions of the nearest station; `retrofit catalog list climate`"),
    Question("altitude", "Site altitude", "quantity:length", help="above sea level, for example 356 m"),
    Question("service_voltage", "Utility service voltage", "quantity:voltage",
             help="nominal line-to-line voltage of the utility service, for example 13.8 kV"),
    Question("service_capacity", "Utility service capacity", "quantity:apparent power",
             help="capacity of the service in the utility agreement, for example 20 MVA"),
    Question("service_sk", "Available fault level at the service", "quantity:apparent power",
             help="three-phase short-circuit power from the utility's fault-duty letter, for example 300 MVA"),
    Question("service_xr", "X/R of the utility source", "number", required=False,
             help="from the same letter; left out, the schema default (10) applies"),
    Question("transformers", "Number of service transformers", "count",
             help="the MV/LV transformers, one switchboard behind each"),
    Question("transformer_rating", "Transformer rating", "quantity:apparent power",
             help="nameplate self-cooled rating, for example 2500 kVA"),
    Question("transformer_secondary", "Transformer secondary voltage", "quantity:voltage",
             help="line-to-line secondary voltage, for example 415 V or 480 V"),
    Question("secondary_config", "Transformer secondary winding", "choice", default="wye_grounded", choices=SECONDARY,
             help="wye_grounded gives a neutral (415Y/240, 480Y/277); delta has none"),
    Question("transformer_z", "Transformer impedance %Z", "quantity:ratio", required=False,
             help="from the nameplate, for example 5.75 %; left out, the catalog transformer's nominal %Z applies"),
    Question("mv_cable_size", "MV feeder cable size", "text",
             help="conductor size of the cable from the MV switchgear to each transformer, for example 1/0 AWG "
                  "or 500 kcmil"),
    Question("mv_cable_material", "MV feeder conductor", "choice", default="Cu", choices=("Cu", "Al"),
             help="conductor material of the MV feeders"),
    Question("mv_cable_length", "MV feeder length", "quantity:length",
             help="typical route length from the MV switchgear to a transformer, for example 80 m"),
    Question("mv_cable_voltage", "MV feeder insulation class", "quantity:voltage",
             help="voltage class of the MV cable insulation, for example 15 kV"),
    Question("switchboard_rating", "Switchboard bus rating", "quantity:current",
             help="continuous bus rating of each switchboard, for example 4000 A"),
    Question("switchboard_sccr", "Switchboard short-circuit rating", "quantity:current", required=False,
             help="withstand rating (SCCR) of each switchboard, for example 65 kA"),
    Question("mv_breaker_rating", "MV feeder breaker rating", "quantity:current", required=False,
             help="continuous rating of the MV breaker of each feeder, for example 600 A (switchgear schedule)"),
    Question("mv_breaker_interrupting", "MV feeder breaker interrupting rating", "quantity:current", required=False,
             help="symmetrical interrupting rating of those breakers, for example 25 kA"),
    Question("mv_breaker_closing", "MV feeder breaker closing-and-latching rating (peak)", "quantity:current",
             required=False, help="peak closing-and-latching (momentary) capability of those breakers from their "
             "nameplate, for example 65 kA (IEEE C37.04-1999: 2.6 times the interrupting rating at 60 Hz); "
             "without it their first-cycle duty is not checked"),
    Question("main_breaker_rating", "Switchboard main breaker rating", "quantity:current", required=False,
             help="rating of the main breaker of each switchboard, for example 4000 A (switchboard schedule)"),
    Question("main_breaker_interrupting", "Switchboard main breaker interrupting rating", "quantity:current",
             required=False, help="interrupting rating of those main breakers, for example 65 kA"),
    Question("hall_length", "Hall length", "quantity:length", help="inside length of the hall, for example 180 m"),
    Question("hall_width", "Hall width", "quantity:length", help="inside width, for example 50 m"),
    Question("clear_height", "Hall clear height", "quantity:length", help="clear height under the roof, for example 7 m"),
    Question("slab_rating", "Slab live-load rating", "quantity:floor load",
             help="uniform live-load rating of the floor slab, for example 12 kPa (from the structural drawings)"),
    Question("shelving_rows", "Miner shelving rows", "count", required=False,
             help="rows of miner shelving in the hall"),
    Question("miner_model", "Miner model (catalog id)", "catalog:miner",
             help="`retrofit catalog list miner`, for example antminer-s21"),
    Question("miners", "Number of miners", "count", help="miners installed, shared evenly among the switchboards"),
    Question("cooling", "Hall cooling", "choice", default=None, required=False, choices=COOLING,
             help="air (exhaust fans), hydro (water-cooled miners) or immersion; left out, the miner model's"),
    Question("fan_model", "Exhaust fan model (catalog id)", "catalog:fan", when=("cooling", ("air",)),
             help="`retrofit catalog list fan`, for example exhaust-fan-50in"),
    Question("fans", "Number of exhaust fans", "count", when=("cooling", ("air",)),
             help="exhaust fans in the hall, shared evenly among the switchboards"),
    Question("rack_model", "Target rack model (catalog id)", "catalog:rack", default="gb300-nvl72",
             help="the liquid-cooled rack to convert to; `retrofit catalog list rack`"),
    Question("racks", "Target racks (a number, or max)", "racks", default="max",
             help="how many racks the conversion must reach, or max for as many as the site allows"),
    Question("power_redundancy", "Power redundancy", "choice", default="2N", choices=REDUNDANCY_POWER,
             help="redundancy of the rack power"),
    Question("cooling_redundancy", "Cooling redundancy", "choice", default="N+1", choices=REDUNDANCY_COOLING,
             help="redundancy of CDUs, pumps and heat rejection"),
    Question("design_ambient", "Design ambient", "choice", required=False, choices=DESIGN_AMBIENT,
             help="which climate condition the cooling must meet; left out, the schema default "
                  "(extreme_max_db_n20)"),
)
QUESTION_BY_NAME = {q.name: q for q in QUESTIONS}


def check_answer(question: Question, text: str, catalog) -> str:
    """The answer normalised (stripped, choice case as listed), or UnitError/ValueError saying what is wrong.

    Parameters
    ----------
    question : Question
        The question answered.
    text : str
        The answer as typed.
    catalog : Catalog
        The equipment catalogs (for ``catalog:<kind>`` answers).

    Returns
    -------
    str
        The answer to write in the site file.
    """
    answer = text.strip()
    if not answer:
        raise ValueError("no answer given")
    kind = question.kind
    if kind == "text":
        return answer
    if kind == "number":
        try:
            value = float(answer)
        except ValueError:
            raise ValueError(f"found {answer!r}; expected a number such as 12") from None
        if not 0 < value < float("inf"):
            raise ValueError(f"found {answer}; expected a number above 0")
        return answer
    if kind == "count":
        if not answer.isdigit() or int(answer) < 1:
            raise ValueError(f"found {answer!r}; expected a whole number of at least 1")
        return str(int(answer))
    if kind == "racks":
        if answer.lower() == "max":
            return "max"
        if not answer.isdigit() or int(answer) < 1:
            raise ValueError(f"found {answer!r}; expected max or a whole number of at least 1")
        return str(int(answer))
    if kind == "choice":
        for choice in question.choices:
            if answer.lower() == choice.lower():
                return choice
        raise ValueError(f"found {answer!r}; expected one of {', '.join(question.choices)}")
    if kind.startswith("catalog:"):
        entry_kind = kind.split(":", 1)[1]
        try:
            catalog.get(answer, entry_kind)
        except CatalogEntryNotFound as exc:
            if exc.near:
                raise ValueError(str(exc)) from None
            ids = ", ".join(e.id for e in catalog.list(entry_kind))
            raise ValueError(f"{exc}; the {entry_kind} entries are: {ids}") from None
        return answer
    if kind.startswith("quantity:"):
        from ..units import parse_quantity

        q = parse_quantity(answer, kind.split(":", 1)[1])  # UnitError names the kind expected
        if not q.magnitude > 0:
            raise UnitError(f"found {answer!r}; expected a value above 0")
        return answer
    raise AssertionError(f"unknown kind of question {kind!r}")  # pragma: no cover - the table above is fixed


__all__ = ["COOLING", "DESIGN_AMBIENT", "QUESTIONS", "QUESTION_BY_NAME", "Question", "check_answer"]
