"""The code cites documents that are in the repository, and the sections it names exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITATION = re.compile(r"\b(docs/[\w/.-]+\.md)(?:#([\w-]+))?")
OUTSIDE = re.compile(r"(?<![/\w])domain\.md|seed section|issue [0-9]", re.IGNORECASE)
PENDING: set[str] = set()


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(doc: Path) -> set[str]:
    return {_slug(m) for m in re.findall(r"^#+ (.+)$", doc.read_text(), flags=re.M)}


def _sources() -> list[Path]:
    return sorted(ROOT.glob("src/**/*.py"))


def test_every_cited_document_and_section_exists() -> None:
    missing = []
    for path in _sources():
        for doc, anchor in CITATION.findall(path.read_text()):
            target = ROOT / doc
            if not target.exists() or (anchor and anchor not in _anchors(target)):
                missing.append(f"{path.relative_to(ROOT)}: {doc}#{anchor}")
    assert missing == []


def test_no_code_cites_documents_outside_the_repository() -> None:
    hits = []
    for path in _sources():
        rel = str(path.relative_to(ROOT))
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if OUTSIDE.search(line) and rel not in PENDING:
                hits.append(f"{rel}:{n}: {line.strip()}")
    assert hits == []


def test_the_slugs_are_githubs() -> None:
    assert _slug("Chart of accounts (SAT grouping code)") == "chart-of-accounts-sat-grouping-code"
    assert _slug("CFDI 4.0") == "cfdi-40"
    assert "pin-login" in _anchors(ROOT / "docs/domain.md")
