"""docs/architecture.md names every app, project-level module and document, so a newcomer finds
each in one hop from it (the architecture audit found it had drifted)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_module_and_document_is_named_in_the_architecture_doc():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = [p.name for p in (ROOT / "tarjotin").iterdir() if (p / "__init__.py").exists()]
    modules = [p.name for p in (ROOT / "tarjotin").glob("*.py")]
    documents = [p.name for p in (ROOT / "docs").glob("*.md") if p.name != "architecture.md"]
    missing = [f"`{name}`" for name in packages if f"`{name}`" not in text]
    missing += [name for name in modules + documents if name not in text]
    assert missing == [], f"not named in docs/architecture.md: {missing}"
