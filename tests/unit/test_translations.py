"""The interface is Dutch: every string has a Dutch translation and the compiled catalogue
matches its source."""

import ast
import subprocess
from pathlib import Path

import dwarsverbinder

LOCALE = Path(dwarsverbinder.__file__).parent / "conf" / "locale"
NL_PO = LOCALE / "nl" / "LC_MESSAGES" / "django.po"


def _entries(path: Path) -> list[dict]:
    """A small .po reader: enough to see every msgid, its msgstr(s) and its flags."""
    entries, current, key = [], {}, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current:
                entries.append(current)
            current, key = {}, None
        elif line.startswith("#,"):
            current.setdefault("flags", line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return [e for e in entries if e.get("msgid")]


def test_every_string_has_a_dutch_translation():
    entries = _entries(NL_PO)
    assert len(entries) > 100
    untranslated = [
        e["msgid"] for e in entries if not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in [f.strip() for f in e.get("flags", [])]]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_its_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(NL_PO)], check=True)
    assert compiled.read_bytes() == (NL_PO.with_suffix(".mo")).read_bytes(), (
        "Run `make messages` and commit the .mo file."
    )


def test_pages_speak_dutch(client, db):
    content = client.get("/accounts/login/").content.decode()
    assert "Inloggen" in content
    assert "Wachtwoord" in content
    assert "Skip to content" not in content
