"""Fuzzing the Markdown renderer and sanitiser: whatever a page holds, the reader's HTML has
no script, no event handler, no dangerous element and loads nothing remote."""

from __future__ import annotations

import re

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.assetrefs import asset_ref
from app.domain.render import ASSET_URL_PREFIX, render_markdown, sanitize_html
from tests.fuzzing import examples

ATTACKS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.test/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>", "<img src='https://evil.test/pixel.gif'>",
    "<img srcset='https://evil.test/a.png 2x'>", '<svg onload="alert(1)"><circle/></svg>',
    "<iframe src=https://evil.test></iframe>", "<object data=https://evil.test/x></object>",
    "<embed src=https://evil.test/x>", "<link rel=stylesheet href=https://evil.test/a.css>",
    "<style>body{background:url(https://evil.test/b)}</style>",
    '<p style="background:url(https://evil.test/c)">x</p>', "<base href=https://evil.test/>",
    "<meta http-equiv=refresh content='0;url=https://evil.test'>", "<form action=//evil.test>",
    "<a href=javascript:alert(1)>j</a>", "<a href='&#106;avascript:alert(1)'>e</a>",
    "<a href=' javascript:alert(1)'>s</a>", "<a href=data:text/html,<script>x</script>>d</a>",
    "<video poster=https://evil.test/p.png src=https://evil.test/v.mp4></video>",
    "<audio src=https://evil.test/a.mp3>", "<math><mi xlink:href=javascript:alert(1)>m</mi></math>",
    "<details open ontoggle=alert(1)>", "<table background=https://evil.test/t.png><tr><td>t",
    "[click](javascript:alert(1))", "![img](https://evil.test/x.png)", "<javascript:alert(1)>",
    "[ref][r]\n\n[r]: javascript:alert(1)", "![r][i]\n\n[i]: //evil.test/y.png",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></p></noscript>",
    "<!--<img src=x onerror=alert(1)>-->", "<div><p>unclosed", "</p></div></body>",
    "```\n<script>alert(1)</script>\n```", "<input autofocus onfocus=alert(1)>",
    "<a href=\"https://ok.test/\" onclick=\"alert(1)\">ok</a>", "<img src=asset:zz>",
    f"![ok]({asset_ref('a' * 64)})", "<bdo dir=rtl onmouseover=alert(1)>x</bdo>",
]  # fmt: skip
MARKDOWN_BITS = ["# ", "## ", "* ", "1. ", "> ", "**", "_", "`", "\n", "\n\n", "---", "|", " "]
_LOADING = {"src", "srcset", "poster", "data", "background", "href", "action", "formaction"}
_FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "input",
    "svg", "math", "video", "audio", "frame", "frameset", "applet", "noscript", "template",
}  # fmt: skip

pieces = st.one_of(
    st.sampled_from(ATTACKS),
    st.sampled_from(MARKDOWN_BITS),
    st.text(max_size=20),
    st.sampled_from(["<", ">", '"', "'", "=", "&", "&#", "javascript:", "on", "://", "\x00"]),
)
documents = st.lists(pieces, max_size=12).map("".join)


def assert_inert(output: str) -> None:
    assert not re.search(r"<\s*(script|iframe|object|embed|style|base|meta|link)\b", output, re.I)
    if not output.strip():
        return
    for element in lxml.html.fragments_fromstring(f"<div>{output}</div>")[0].iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag.lower() not in _FORBIDDEN_TAGS, element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (name, value)
            assert name.lower() != "style", value
            if name.lower() == "href":
                assert re.match(r"(https?://|mailto:|#)", value.strip(), re.I), value
            elif name.lower() in _LOADING:
                # Only the library's own stored files load; nothing from the network.
                assert value.startswith(ASSET_URL_PREFIX), (name, value)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents)
def test_rendered_markdown_is_inert(document: str) -> None:
    assert_inert(render_markdown(document))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents)
def test_sanitised_html_is_inert_and_stable(document: str) -> None:
    once = sanitize_html(document)
    assert_inert(once)
    assert_inert(sanitize_html(once))


def test_every_listed_attack_alone_is_inert() -> None:
    for attack in ATTACKS:
        assert_inert(render_markdown(attack))
        assert_inert(sanitize_html(attack))
