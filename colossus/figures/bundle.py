"""The Vega script every page loads: Vega, Vega-Lite and vega-embed from vl-convert-python,
as one classic script that works from file:// (see :func:`write_vega_bundle`).

Apart from :mod:`colossus.figures.charts` so that the build can stage it without importing
Altair or vl-convert.
"""
from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

BUNDLE_NAME = "vega-offline-bundle.js"


def write_vega_bundle(static_dir: Path, cache_dir: Path | None = None) -> Path:
    """Write Vega + Vega-Lite + vega-embed as one classic script that defines only
    ``window.vegaEmbed``.

    ``vl_convert.javascript_bundle()`` is an ES module; its top-level names would clash
    with Sphinx's globals (``_``) as a classic script, and ``<script type=module>`` is
    blocked for pages opened from disk (file://). So its one ``export`` is turned into
    an assignment and the whole is wrapped in a function scope.
    """
    static_dir.mkdir(parents=True, exist_ok=True)
    out = static_dir / BUNDLE_NAME
    # the installed distribution's version names the cache: no import of vl-convert (a large
    # native module) when the bundle is cached
    cached = cache_dir / f"vega-bundle-vl-convert-{version('vl-convert-python')}.js" if cache_dir else None
    if cached is not None and cached.exists():  # generating the bundle takes seconds
        data = cached.read_bytes()
        if not out.exists() or out.read_bytes() != data:
            out.write_bytes(data)
        return out
    import vl_convert as vlc

    src = vlc.javascript_bundle().rstrip()
    idx = src.rfind("export {")
    if idx >= 0:  # an ES-module export clause: turn it into window assignments
        clause = src[idx:]
        assigns = []
        for item in clause[len("export {"):clause.index("}")].split(","):
            local, _, exported = item.strip().partition(" as ")
            if local:
                assigns.append(f"window.{(exported or local).strip()} = {local.strip()};")
        src = src[:idx] + "\n" + "\n".join(assigns)
    if "window.vegaEmbed" not in src:
        raise RuntimeError("vl-convert's JavaScript bundle does not define window.vegaEmbed")
    wrapped = ("/* Vega, Vega-Lite and vega-embed from vl-convert-python, in a function scope so that\n"
               "   its top-level names do not clash with the page's (Sphinx's `_`) */\n"
               "(function () {\n" + src + "\n}).call(window);\n")
    if not out.exists() or out.read_text() != wrapped:
        out.write_text(wrapped)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(wrapped)
        tmp.replace(cached)
    return out
