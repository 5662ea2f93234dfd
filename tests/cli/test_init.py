"""``retrofit init``: a site file from flags or answers, which validates and plans.

The flags describe a small two-transformer hall; the file written must pass ``retrofit validate`` and
``retrofit plan-design`` (exit 0). Wrong or missing facts exit 2 naming the flag, and the interactive
questionnaire reads its answers from standard input, asking again after a wrong answer.
"""
from __future__ import annotations

import io

import pytest

from retrofit import cli
from retrofit.init_site.questions import QUESTIONS
from retrofit.io.load import load

FLAGS = ["--name", "Small hall", "--location", "Wenatchee, WA", "--climate", "wenatchee-wa", "--altitude", "250 m",
         "--service-voltage", "13.8 kV", "--service-capacity", "5 MVA", "--service-sk", "250 MVA",
         "--transformers", "2", "--transformer-rating", "2500 kVA", "--transformer-secondary", "415 V",
         "--mv-cable-size", "1/0 AWG", "--mv-cable-length", "60 m", "--mv-cable-voltage", "15 kV",
         "--switchboard-rating", "4000 A", "--switchboard-sccr", "65 kA",
         "--mv-breaker-rating", "600 A", "--mv-breaker-interrupting", "25 kA",
         "--hall-length", "40 m", "--hall-width", "24 m", "--clear-height", "6 m", "--slab-rating", "12 kPa",
         "--miner-model", "antminer-s21", "--miners", "601", "--shelving-rows", "6",
         "--fan-model", "exhaust-fan-50in", "--fans", "12", "--racks", "4"]


def _with(flags: list[str], **changes: str | None) -> list[str]:
    """The flags with some values changed (None drops the flag)."""
    out = list(flags)
    for name, value in changes.items():
        flag = "--" + name.replace("_", "-")
        if flag not in out:
            out += [flag, value]
            continue
        i = out.index(flag)
        if value is None:
            del out[i:i + 2]
        else:
            out[i + 1] = value
    return out


def test_flags_write_a_site_that_validates_and_plans(tmp_path, capsys):
    site = tmp_path / "site.yaml"
    assert cli.main(["init", "-o", str(site), "--no-input", *FLAGS]) == 0
    text = site.read_text(encoding="utf-8")
    assert text.startswith("# Small hall: an existing mining site")
    assert "model: padmount-2500kva-13.8kv-415y240" in text  # the catalog transformer of the rating and voltages
    design = load(site)
    assert [g.count for g in design.loads.miners] == [301, 300]
    assert [b.id for b in design.electrical.buses] == ["mv-swgr", "mv-t1", "mv-t2", "sb1", "sb2"]
    assert [(b.id, b.protects) for b in design.electrical.breakers] == [("cb-mv1", "mvc1"), ("cb-mv2", "mvc2")]
    assert design.goal.count == 4 and design.goal.power_redundancy == "2N"
    assert cli.main(["validate", str(site)]) == 0
    assert cli.main(["plan-design", str(site), "-o", str(tmp_path / "design.yaml"), "--no-phases",
                     "--no-contingencies"]) == 0
    assert (tmp_path / "design.yaml").exists()
    # an existing file is kept unless --force
    capsys.readouterr()
    assert cli.main(["init", "-o", str(site), "--no-input", *FLAGS]) == 2
    assert "exists; give --force" in capsys.readouterr().err


@pytest.mark.parametrize("changes, flag, words", [
    ({"service_voltage": "20 MVA"}, "--service-voltage", "voltage"),
    ({"miners": "many"}, "--miners", "whole number"),
    ({"climate": "moses-lake"}, "--climate", "did you mean 'moses-lake-wa'"),
    ({"power_redundancy": "3N"}, "--power-redundancy", "one of N, N+1, 2N, block_redundant"),
    ({"hall_length": "5000 m"}, "--hall-length", "2000 m"),
    ({"transformer_rating": "2600 kVA"}, "--transformer-rating", "the catalogs hold"),
    ({"name": None, "altitude": None}, "--altitude", "missing"),
    ({"mv_breaker_interrupting": None}, "--mv-breaker-interrupting", "--mv-breaker-rating is given"),
    ({"mv_breaker_rating": None, "mv_breaker_interrupting": None, "mv_breaker_closing": "65 kA"}, "--mv-breaker-closing",
     "given without the breakers it rates"),
], ids=["kind", "count", "catalog", "choice", "bound", "no-transformer", "missing", "half-a-breaker", "closing-alone"])
def test_bad_flags_exit_2_naming_the_flag(tmp_path, capsys, changes, flag, words):
    site = tmp_path / "site.yaml"
    assert cli.main(["init", "-o", str(site), "--no-input", *_with(FLAGS, **changes)]) == 2
    err = capsys.readouterr().err
    assert f"command line: {flag}:" in err and words in err, err
    assert not site.exists()


def test_interactive_answers_from_standard_input(tmp_path, monkeypatch, capsys):
    given = _with(FLAGS, name=None, miners=None, location=None, shelving_rows=None)
    # the questions come in the order of the questionnaire; those not answered here are left blank (Enter):
    # their defaults apply (power redundancy 2N) or, optional, they are left out (location); 'lots' is
    # refused and the question asked again
    replies = {"name": ["Questionnaire hall"], "miners": ["lots", "900"]}
    lines = [line for q in QUESTIONS if q.flag not in given for line in replies.get(q.name, [""])]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    site = tmp_path / "site.yaml"
    assert cli.main(["init", "-o", str(site), "--interactive", *given]) == 0
    out = capsys.readouterr().out
    assert "Site name:" in out and "Number of miners:" in out
    assert "found 'lots'; expected a whole number" in out
    design = load(site)
    assert design.site.name == "Questionnaire hall" and design.site.location is None
    assert sum(g.count for g in design.loads.miners) == 900
    assert design.goal.power_redundancy == "2N"


def test_interactive_input_that_ends_early_is_an_input_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["init", "-o", str(tmp_path / "s.yaml"), "--interactive", *_with(FLAGS, name=None)]) == 2
    assert "--name: the input ended" in capsys.readouterr().err


def test_the_getting_started_command_writes_the_washington_site(tmp_path, capsys):
    """docs/getting-started.md runs ``retrofit init`` with the facts of examples/washington-18mw/site.yaml."""
    import shlex
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    text = (root / "docs" / "getting-started.md").read_text(encoding="utf-8")
    block = text[text.index("```sh\nretrofit init"):]
    command = shlex.split(block[len("```sh\n"):block.index("```", 6)].replace("\\\n", " "))
    assert command[:2] == ["retrofit", "init"]
    args = command[2:]
    args[args.index("-o") + 1] = str(tmp_path / "site.yaml")
    assert cli.main(["init", *args]) == 0
    written, example = load(tmp_path / "site.yaml"), load(root / "examples" / "washington-18mw" / "site.yaml")
    assert written.site.name == example.site.name and written.site.climate == example.site.climate
    assert [t.rating for t in written.electrical.transformers] == [t.rating for t in example.electrical.transformers]
    assert sum(g.count for g in written.loads.miners) == sum(g.count for g in example.loads.miners)
    assert sum(f.count for f in written.cooling.exhaust_fans) == sum(f.count for f in example.cooling.exhaust_fans)
    assert (written.halls[0].length, written.halls[0].width) == (example.halls[0].length, example.halls[0].width)
    assert written.goal == example.goal
    assert sorted((b.kind, b.rating, b.interrupting) for b in written.electrical.breakers) == sorted(
        (b.kind, b.rating, b.interrupting) for b in example.electrical.breakers)


def test_a_site_whose_switchboards_are_unrated_is_sized_without_counting_them(tmp_path, capsys):
    """Regression: switchboards with neither a bus rating nor a main breaker gave an infinite capacity and a
    NaN rack count inside the sizing (exit 3); their constraint is now reported as not counted, naming them."""
    written = tmp_path / "written.yaml"
    assert cli.main(["init", "-o", str(written), "--no-input", *FLAGS]) == 0
    capsys.readouterr()
    site = tmp_path / "site.yaml"
    site.write_text(written.read_text(encoding="utf-8").replace(", bus_rating: 4000 A", ""), encoding="utf-8")
    assert "bus_rating" not in "".join(line for line in site.read_text(encoding="utf-8").splitlines(True)
                                       if line.lstrip().startswith("- {id: sb"))
    assert cli.main(["size", str(site)]) == 0
    out = capsys.readouterr().out
    assert "lv_switchgear: not counted: sb1, sb2 have neither a bus rating nor a main breaker" in out


def test_the_mv_breakers_closing_and_latching_rating_is_written(tmp_path):
    """``--mv-breaker-closing`` gives the MV breakers their peak closing-and-latching rating, so that their
    first-cycle duty is checked (ELEC-DUTY-001)."""
    from retrofit.units import magnitude

    site = tmp_path / "site.yaml"
    assert cli.main(["init", "-o", str(site), "--no-input", *_with(FLAGS, mv_breaker_closing="65 kA")]) == 0
    breakers = load(site).electrical.breakers
    assert breakers and all(magnitude(b.closing_latching, "kA") == 65.0 and b.closing_latching_basis == "peak"
                            for b in breakers)
