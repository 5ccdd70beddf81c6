#!/usr/bin/env python3
"""scripts/samebook.py REF NEW [--show N]: is NEW the same book as REF, code cells aside?

Written for issue 17 (the package in layer folders, chapters as page models): a refactor
changes the chapters' code, never what they show. REF and NEW each hold built books in
sub-folders of the same names (e.g. base, bull, bear, far), built from the two commits with
``scripts/build.py --out REF/base`` and so on, with the same ``_build/bench.json`` (the
methodology page shows it).

For every scenario folder in REF (base, bull, bear, far):
* every file that is not HTML or a notebook source: byte for byte;
* every HTML page: its visible text, each script (the charts' Vega specs and data), each
  image and link target, each table, with the chapters' code cells (the collapsed
  "show code" inputs) taken out;
* every _sources notebook: its cells' outputs, as a sorted multiset (a page model may
  glue in one cell what several cells glued).
The version stamp (commit hash) is normalised, in text and inside base64 data URIs;
old module paths in REF are renamed to the new layer paths.
"""
import base64, json, re, sys, difflib
from pathlib import Path
from bs4 import BeautifulSoup

LAYERS = {
 "inputs": ["config", "errors", "params", "facts", "reported"],
 "model": ["lease", "costs", "termination", "offset", "valuation", "cash", "sensitivity", "keynumbers"],
 "words": ["report", "lease_text", "offset_text", "ipo_text", "summary_text", "answers"],
 "figures": ["charts", "charts_scenarios", "charts_brief", "slideform", "figures"],
 "book": ["build", "warm", "site", "pdf", "slides", "brief", "bench", "a11y", "sphinx_tables", "sphinx_speed", "sphinx_preload"],
}
names = "|".join(sorted((m for ms in LAYERS.values() for m in ms), key=len, reverse=True))
LAYER = {m: l for l, ms in LAYERS.items() for m in ms}
ren = lambda m: "export" if m == "figures" else m
VER = re.compile(r"0\.1\.0\+g[0-9a-f]{10}(\.dirty)?")
EXTRA = []  # (regex, replacement) applied to REF after the module renames: later moves
extra_file = Path(__file__).with_name("samebook-renames.txt")
if extra_file.exists():
    for line in extra_file.read_text().splitlines():
        if "=>" in line and not line.startswith("#"):
            a, b = line.split("=>", 1)
            EXTRA.append((a.strip(), b.strip()))

def b64fix(s):
    def dec(m):
        try:
            return "data:" + m.group(1) + ",DECODED[" + VER.sub("V", base64.b64decode(m.group(2)).decode("utf-8")) + "]"
        except Exception:
            return m.group(0)
    return re.sub(r"data:([a-z/+\-]+(?:;charset=utf-8)?;base64),([A-Za-z0-9+/=]+)", dec, s)

def norm(s, is_ref):
    s = VER.sub("V", b64fix(s))
    s = re.sub(r"V(\\u00b7|,| )", r"V\1", s)
    if is_ref:
        s = re.sub(rf"\bcolossus\.({names})\b(?!\.py)", lambda m: f"colossus.{LAYER[m.group(1)]}.{ren(m.group(1))}", s)
        s = re.sub(rf"\bcolossus/({names})\.py\b", lambda m: f"colossus/{LAYER[m.group(1)]}/{ren(m.group(1))}.py", s)
        for a, b in EXTRA:
            s = re.sub(a, b, s)
    return s

def html_view(s, is_ref):
    soup = BeautifulSoup(s, "html.parser")
    for d in soup.select("div.cell_input"):
        d.decompose()
    for d in soup.select("details.hide"):
        if not d.get_text(strip=True) or d.find("summary"):
            d.decompose()
    parts = {"text": " ".join(soup.get_text(" ").split())}
    parts["scripts"] = [sc.get_text() for sc in soup.find_all("script")]
    parts["links"] = [a.get("href") for a in soup.find_all("a")]
    parts["imgs"] = [i.get("src") for i in soup.find_all("img")]
    parts["tables"] = [str(t) for t in soup.find_all("table")]
    return norm(json.dumps(parts, indent=0, ensure_ascii=False), is_ref)

def nb_view(s, is_ref):
    nb = json.loads(s)
    outs = sorted(json.dumps(o, sort_keys=True) for c in nb["cells"] for o in c.get("outputs", []))
    return norm("\n".join(outs), is_ref)

def search_view(s, is_ref):
    """The search index without its word list: Sphinx indexes the words of the collapsed
    code cells too, which are what the page models change; titles, documents and the
    index of titles must still match."""
    data = json.loads(s[s.index("(") + 1: s.rindex(")")])
    data.pop("terms", None)
    return norm(json.dumps(data, sort_keys=True), is_ref)

def view(path, is_ref):
    s = path.read_bytes().decode("utf-8", "surrogateescape")
    if path.name == "searchindex.js":
        return search_view(s, is_ref)
    if path.suffix == ".html":
        return html_view(s, is_ref)
    if path.suffix == ".ipynb":
        return nb_view(s, is_ref)
    return norm(s, is_ref)

def main():
    ref, new = Path(sys.argv[1]), Path(sys.argv[2])
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 3
    bad = 0
    for scen in sorted(p.name for p in ref.iterdir() if p.is_dir() and not p.name.startswith(".")):
        R, N = ref / scen, new / scen
        rf = {p.relative_to(R) for p in R.rglob("*") if p.is_file()} - {Path(".book-key")}
        nf = {p.relative_to(N) for p in N.rglob("*") if p.is_file()} - {Path(".book-key")}
        if rf != nf:
            print(scen, "file sets differ:", sorted(map(str, rf ^ nf))[:10]); bad += 1
        diffs = []
        for f in sorted(rf & nf):
            if (R / f).read_bytes() == (N / f).read_bytes():
                continue
            if view(R / f, True) != view(N / f, False):
                diffs.append(f)
        print(f"{scen}: {len(rf & nf)} files compared; different: {len(diffs)}")
        for f in diffs[:show]:
            bad += 1
            a, b = view(R / f, True), view(N / f, False)
            sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
            for op in [o for o in sm.get_opcodes() if o[0] != "equal"][:3]:
                print(f"   {f}: {op[0]} ref={a[max(0,op[1]-120):op[2]+60]!r}\n      new={b[max(0,op[3]-120):op[4]+60]!r}")
        bad += len(diffs[show:])
    print("SAME BOOK" if not bad else "DIFFERENT")
    sys.exit(1 if bad else 0)

main()
