"""Sourced figures in words: a fact's value as a reader writes it with its citation, the
contract terms and the source conflicts side by side, the parameters appendix, and the one
rule for a value that is either the sourced one or set in a build (:func:`sourced`).

These render the inputs layer (:mod:`colossus.inputs.facts`, :mod:`colossus.inputs.params`,
:mod:`colossus.inputs.reported`) for the pages; the inputs themselves never format prose.
"""
from __future__ import annotations

import pandas as pd

from ..inputs.facts import cite, fact, load_all
from ..inputs.params import Parameters, _fmt, flatten, outside_explored, spec, specs
from . import report
from .report import escape, usd


def sourced(text: str, value, reported, citation: str, *, reported_text: str | None = None,
            flag: str = "this build's value", name: str | None = None, differs: str | None = None) -> str:
    """A value in words with its source when the build uses the sourced (reported) value,
    or flagged as this build's own when it does not: the one rule every page and wording
    module follows.

    ``text`` is the value as written (empty when only the source or the flag is wanted),
    ``value`` the build's value, ``reported`` the sourced one, ``citation`` the MyST
    citation. When the values differ, the flag is ``flag``, then the parameter's ``name``
    when given, then the reported value with its citation when ``reported_text`` is given;
    or, when ``differs`` is given, ``differs`` itself (words that state both values in a
    sentence of their own, e.g. :func:`colossus.words.lease_text.rent_sentence`).

    >>> sourced("$135", 135.0, 135.0, "{cite:p}`x`", reported_text="$135")
    '$135 {cite:p}`x`'
    >>> sourced("$140", 140.0, 135.0, "{cite:p}`x`", reported_text="$135")
    "$140 (this build's value; reported: $135 {cite:p}`x`)"
    >>> sourced("", 2.0, 2.0, "[c]"), sourced("", 2.5, 2.0, "[c]", flag="set in this build")
    ('[c]', '(set in this build)')
    >>> sourced("-$1.9 billion", -1.0, -1.9, "[c]", flag="set in this build", name="xai.anchor")
    '-$1.9 billion (set in this build, `xai.anchor`)'
    >>> sourced("$2", 2.0, 2.0, "[c]", differs="$3 here; $2 [c] reported"), sourced("$2", 3.0, 2.0, "[c]", differs="$3")
    ('$2 [c]', '$3')
    """
    sep = " " if text else ""
    if value == reported:
        return f"{text}{sep}{citation}"
    if differs is not None:
        return differs
    tail = f", `{name}`" if name else ""
    if reported_text is not None:
        tail += f"; reported: {reported_text} {citation}"
    return f"{text}{sep}({flag}{tail})"


def _count_words(v: float) -> str:
    """A large count in words, four significant digits: ``13.05 billion``, ``555.6 million``.

    >>> _count_words(13_046_262_963), _count_words(555.6e6), _count_words(12_000)
    ('13.05 billion', '555.6 million', '12,000')
    """
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            return f"{v / scale:.4g} {word}"
    return f"{v:,.0f}"


def formatted(fact_id: str) -> str:
    """A fact's value as a reader would write it, from its unit.

    >>> formatted("lease_lifetime_value"), formatted("customer_b_share_q2_2026")
    ('$40 billion', '19.5%')
    >>> formatted("spacex_shares_outstanding"), formatted("compute_value_ms_per_gw")
    ('13.05 billion shares', '$16.5 billion per GW')
    """

    row = fact(fact_id)
    unit, raw = row["unit"], row["value"]
    if unit in ("text", "YYYY-MM"):
        return raw
    v = float(raw)
    return {
        "USD": lambda: report.usd_exact(v),
        "USD/month": lambda: report.usd_exact(v) + " a month",
        "USD/GPU-hour": lambda: f"${v:.2f} per GPU-hour",
        "USD/GPU": lambda: f"${v:,.0f} per GPU",
        "USD/share": lambda: f"${v:,.2f} a share",
        "USD/GW": lambda: report.usd_exact(v) + " per GW",
        "GPUs": lambda: f"{v:,.0f} GPUs",
        "MW": lambda: f"{v:,.0f} MW",
        "GW": lambda: f"{v:g} GW",
        "shares": lambda: _count_words(v) + " shares",
        "share": lambda: f"{v * 100:.4g}%",
        "months": lambda: f"{v:g} months",
        "days": lambda: f"{v:g} days",
        "years": lambda: f"{v:g} years",
        "x": lambda: f"{v:g}x",
    }[unit]()


def with_citation(fact_id: str) -> str:
    """``"$2.35 per GPU-hour {cite:p}`techreaderdaily2026`"`` for MyST output."""
    return f"{formatted(fact_id)} {cite(fact_id)}"


#: The contract terms as each family of sources tells them:
#: (aspect, seed fact, S-1 fact, amended-filings fact); ``None`` where a source is silent.
TERMS_SIDE_BY_SIDE = (
    ("Monthly payment", "lease_monthly_rent_seed", "lease_monthly_rent", None),
    ("Term", "lease_term_seed", "lease_term_s1", "lease_term_amended"),
    ("Lock-in", "lease_lock_seed", "lease_lock_s1", "lease_lock_amended"),
    ("Notice", None, "lease_notice_s1", "lease_notice_amended"),
    ("Ramp-up discount", None, "lease_ramp", "lease_ramp_text_amended"),
    ("First paid month", None, None, "lease_ramp_amended"),
    ("Capacity", "lease_scope_seed", "lease_scope_s1_reading", "lease_gpus_amended"),
    ("Who asked", "lease_initiator", None, None),
    ("Stated intent", "lease_intent_musk", None, None),
)


def cited(fact_id: str) -> str:
    """A fact's formatted value with its citation, as MyST for a table cell."""

    return f"{escape(formatted(fact_id))} {cite(fact_id)}"


def terms_table() -> pd.DataFrame:
    """The contract terms side by side: the Deep News article, the S-1 reporting and the amended
    filings (S-1/A, 424B4), which the base scenario follows."""
    rows = []
    for aspect, seed_id, s1_id, amended_id in TERMS_SIDE_BY_SIDE:
        rows.append({"Term": aspect,
                     "Deep News article (June 2026)": cited(seed_id) if seed_id else "not stated",
                     "S-1, as reported": cited(s1_id) if s1_id else "not stated",
                     "Amended filings": cited(amended_id) if amended_id else "not restated"})
    return pd.DataFrame(rows)


def model_uses(topic: str, p=None, numbers: dict | None = None) -> str:
    """What this build's model uses for a topic of ``conflicts.yml``, computed from the
    parameters ``p`` (default: the base case) and the key numbers ``numbers``: each
    parameter with its value and whether it is the base's sourced value, each key number
    with its value, or that the topic is not a model input.

    >>> model_uses("gpu_count")
    '`lease.gpus` = 325,000 GPUs, the base value, from fact `lease_gpus_amended`'
    >>> from colossus.inputs.loading import validate
    >>> model_uses("gpu_count", validate({"lease": {"gpus": 220000}}))
    '`lease.gpus` = **220,000** GPUs, set in this build (base: 325,000, from fact `lease_gpus_amended`)'
    >>> model_uses("q1_loss")
    'the reported `2026Q1/spacex/operating_income_usd` in `data/reported_quarters.csv`: -$1.94 billion'
    >>> model_uses("funding")
    'not a model input; the book cites `xai_funding_seed000`: &#36;42 billion'
    """

    entry = load_all()[2][topic]
    p = Parameters() if p is None else p
    values = flatten(p)
    parts = []
    for item in entry.get("model", []):
        if item.startswith("key:"):
            key = item[4:]
            if numbers is None:
                from ..model.keynumbers import compute

                numbers = compute(p).numbers
            v = numbers.get(key)
            text = ("n/a" if v is None else usd(v) if key.endswith("_usd") else
                    f"${v:,.2f}" if "_usd_per_" in key else escape(str(v)))
            parts.append(f"the model's `{key}`: {text}")
            continue
        if item.startswith("reported:"):
            from ..inputs.reported import figure

            quarter, entity, measure = item[9:].split("/")
            v = figure(quarter, entity, measure)
            parts.append(f"the reported `{item[9:]}` in `data/reported_quarters.csv`: "
                         f"{'n/a' if v is None else usd(v)}")
            continue
        sp = spec(item)
        v = values[item]
        if v is None and sp.reported:
            parts.append(f"`{item}` empty: the figure reported for the anchor quarter, "
                         f"`{p.model.anchor_quarter}`")
            continue
        src = f", from fact `{sp.fact}`" if sp.fact else " (an assumption)"
        if v == sp.default:
            parts.append(f"`{item}` = {escape(_fmt(v))} {escape(sp.unit)}, the base value{src}")
        else:
            parts.append(f"`{item}` = **{escape(_fmt(v))}** {escape(sp.unit)}, set in this build "
                         f"(base: {escape(_fmt(sp.default))}{src})")
    if not parts:
        return f"not a model input; the book cites `{entry['base_uses']}`: {escape(formatted(entry['base_uses']))}"
    return "; ".join(parts)


def conflicts_table(model_notes: dict[str, str] | None = None, p=None, numbers: dict | None = None) -> pd.DataFrame:
    """"Where the sources disagree", from ``conflicts.yml`` and the facts with a topic.

    ``model_notes`` adds a computed line to a topic (for example the model's contracted
    revenue beside the reported deal values). The "This build uses" column is computed
    from the parameters ``p`` (default: the base case) by :func:`model_uses`; the version
    of the sources the base follows is marked in the list of what the sources say."""

    f, _, conflicts = load_all()
    model_notes = model_notes or {}
    rows = []
    for topic, entry in conflicts.items():
        members = f[f["topic"] == topic]
        reports = [f"• {cited(fid)}" + (f" ({escape(note)})" if note else "")
                   + (" **(the base's reading)**" if fid == entry["base_uses"] else "")
                   for fid, note in zip(members.index, members["note"])]
        if topic in model_notes:
            reports.append("• " + escape(model_notes[topic]))
        rows.append({"Topic": entry["title"],
                     "What the sources say": "<br>".join(reports),
                     "This build uses": model_uses(topic, p, numbers),
                     "Why": escape(" ".join(entry["why"].split()))})
    return pd.DataFrame(rows)


def parameter_table(p: Parameters) -> "pd.DataFrame":
    """The parameters appendix: one row per parameter with its name and description, its
    value in this build with the unit (the value in bold, with the default, where it
    differs; flagged where it is outside the explored range), the bear and bull values,
    the allowed bounds, and its provenance (a cited fact, or an assumption)."""
    from ..inputs import reported

    values = flatten(p)
    anchor_q = (reported.latest_anchor_quarter() if p.model.anchor_quarter == "latest"
                else p.model.anchor_quarter)
    outside = {line.split(" = ")[0] for line in outside_explored(p)}
    rows = []
    for s in specs():
        v = values[s.name]
        changed = v != s.default
        if s.reported:
            q = anchor_q if s.from_anchor else s.reported[0]
            what = f"{s.reported[1]} {s.reported[2]}, {q}" + (" (the anchor quarter)" if s.from_anchor else "")
            try:
                prov = f"reported: {what}, data/reported_quarters.csv {reported.cite(q, *s.reported[1:])}"
            except KeyError:
                prov = f"reported: {what}; not in data/reported_quarters.csv, so 0"
        elif s.name == "model.anchor_quarter":
            prov = f"a reported quarter of data/reported_quarters.csv (latest: {reported.latest_anchor_quarter()})"
        else:
            prov = f"fact `{s.fact}` {cite(s.fact)}" if s.fact else "assumption"
        if s.from_anchor and v is None:
            value = f"the reported figure of {anchor_q}<br>{s.unit}"
        elif s.from_anchor:
            value = f"**{_fmt(v)}**<br>{s.unit}<br>(default: the reported figure)"
        else:
            value = (f"**{_fmt(v)}**<br>{s.unit}<br>(default {_fmt(s.default)})" if changed
                     else f"{_fmt(v)}<br>{s.unit}")
        if s.name == "model.anchor_quarter" and v == "latest":
            value += f"<br>(here {anchor_q})"
        if s.name in outside:
            value += "<br>*outside the explored range*"
        scen = ("not varied" if s.bear == s.default == s.bull or s.from_anchor
                else f"{_fmt(s.bear)} / {_fmt(s.default)} / {_fmt(s.bull)}")
        rows.append({
            "Parameter": f"`{s.name}`<br>{escape(s.description)}",
            "Value in this build": value,
            "Bear / base / bull": scen,
            "Allowed": escape(s.bounds),
            "Source": prov,
        })
    return pd.DataFrame(rows)
