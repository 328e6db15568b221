"""Content-Security-Policy: every page carries it, and no template needs it loosened."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=""", re.IGNORECASE)
HTMX_ON = re.compile(r"""\s(?:data-)?hx-on""", re.IGNORECASE)


def test_a_page_carries_the_policy(client, staff):
    client.force_login(staff)
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"


@pytest.mark.django_db
def test_the_login_page_carries_it_too(client):
    assert "script-src 'self'" in client.get("/accounts/login/")["Content-Security-Policy"]


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def _offences(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if "src=" not in attributes and 'type="application/json"' not in attributes:
            found.append(f"inline script: {match.group(0)}")
    found += [f"event handler: {m.group(0)[-40:]}" for m in HANDLER.finditer(text)]
    found += [f"htmx handler: {m.group(0)}" for m in HTMX_ON.finditer(text)]
    if "javascript:" in text.lower():
        found.append("javascript: URL")
    return found


def test_no_template_has_inline_script():
    offences = {
        str(path.relative_to(TEMPLATES)): found
        for path in _templates()
        if (found := _offences(path.read_text()))
    }
    assert offences == {}


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<select class="x" onchange="this.form.submit()">',
        '<a href="javascript:history.back()">',
        '<div hx-on:click="x()">',
    ],
)
def test_the_check_finds_each_kind(html):
    assert _offences(html)


def test_the_check_lets_data_blocks_and_files_through():
    assert not _offences('<script id="c" type="application/json">{}</script>')
    assert not _offences('<script src="/static/js/app.js" defer></script>')
    assert not _offences('<button data-confirm="确定？" class="online">')
