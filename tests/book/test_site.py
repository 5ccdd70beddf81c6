"""``make site``: base, bull and bear in one site, switched in a real browser on the same
page and anchor; the root opens base; each scenario keeps its own banner and numbers; bad
input leaves the previous site untouched."""
import json
import os
import subprocess
import sys

import pytest

from ..conftest import ROOT

pytestmark = [pytest.mark.book]


def run_site(args, work):
    env = {**os.environ, "COLOSSUS_WORK_DIR": str(work)}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "site.py"), *args],
                          capture_output=True, text=True, env=env, cwd="/")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    proc = run_site(["--out", str(tmp / "site")], tmp / "work")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return tmp / "site", tmp / "work"


def test_every_scenario_is_a_whole_book_with_its_own_numbers(site):
    from colossus.inputs import loading
    from colossus.model.keynumbers import key_numbers

    out, _ = site
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["base", "bear", "bull"]
    for name in ("base", "bull", "bear"):
        on_disk = json.loads((out / name / "data" / "key_numbers.json").read_text())
        r = loading.resolve(name)
        assert on_disk == json.loads(json.dumps(key_numbers(r.parameters, r.label)))
        page = (out / name / "chapters" / "lease.html").read_text()
        assert f'<code class="colossus-fingerprint">{r.fingerprint}</code>' in page
        assert f'<strong aria-current="page">{name}</strong>' in page


def test_unchanged_site_is_a_no_op_and_bad_input_changes_nothing(site):
    from ..conftest import tree_digest

    out, work = site
    before = tree_digest(out)
    again = run_site(["--out", str(out)], work)
    assert again.returncode == 0 and "nothing to do" in again.stderr
    bad = run_site(["--out", str(out), "--set", "lease.monthly_notice_probability=1.5"], work)
    assert bad.returncode == 2 and "lease.monthly_notice_probability" in bad.stderr
    assert tree_digest(out) == before


@pytest.mark.browser
def test_switching_scenario_keeps_the_page_and_the_anchor(site):
    from playwright.sync_api import sync_playwright

    from colossus.book.a11y import READY

    from .test_browser import ARGS, AXE, AXE_RUN, CHROMIUM

    out, _ = site
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width in (1280, 390):
                ctx = browser.new_context(viewport={"width": width, "height": 900})
                errors, external = [], []
                ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                    ("file://", "data:", "blob:")) else (external.append(route.request.url), route.abort()))
                page = ctx.new_page()
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.goto((out / "index.html").as_uri())
                page.wait_for_url("**/base/index.html")           # the root opens base
                page.wait_for_function(READY, timeout=120_000)
                page.goto((out / "base" / "chapters" / "offset.html").as_uri())
                page.wait_for_function(READY, timeout=120_000)
                anchor = page.eval_on_selector(".bd-article section section[id]", "el => el.id")
                page.goto((out / "base" / "chapters" / "offset.html").as_uri() + f"#{anchor}")
                page.locator("a.colossus-switch", has_text="bull").click()
                page.wait_for_url(f"**/bull/chapters/offset.html#{anchor}")
                page.wait_for_function(READY, timeout=120_000)
                assert page.locator(".colossus-scenario").inner_text() == "bull"
                assert not errors and not external, (errors, external)   # before axe's own requests
                page.add_script_tag(path=str(AXE))
                serious = page.evaluate(AXE_RUN)
                assert not serious, f"@{width}: {serious}"
                ctx.close()
        finally:
            browser.close()
