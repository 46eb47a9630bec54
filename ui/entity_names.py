"""What the window calls each kind of record in its own sentences (新建空间资源, 删除需求清单 …).

The rule of the English interface (README, "The interface language"): the program's own words are
translated, the names of the ledgers included; what is inside a ledger — its field names, their
values and the records — stays Chinese, as in the Excel sheets, the PDFs and the command line.
In Chinese each name is the ledger's own label (app.domain.entities), which a test checks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.entities import ENTITIES

_NOUNS: dict[str, Any] = {  # QT_TRANSLATE_NOOP gives its text back (typed object)
    "district": QT_TRANSLATE_NOOP("entity_names", "district"),
    "zone": QT_TRANSLATE_NOOP("entity_names", "development zone"),
    "street": QT_TRANSLATE_NOOP("entity_names", "street"),
    "community": QT_TRANSLATE_NOOP("entity_names", "community"),
    "space": QT_TRANSLATE_NOOP("entity_names", "space"),
    "function_status": QT_TRANSLATE_NOOP("entity_names", "function status"),
    "demand": QT_TRANSLATE_NOOP("entity_names", "demand"),
    "project": QT_TRANSLATE_NOOP("entity_names", "project"),
    "operator": QT_TRANSLATE_NOOP("entity_names", "operator"),
    "evaluation": QT_TRANSLATE_NOOP("entity_names", "evaluation"),
}


def entity_noun(name: str) -> str:
    """A kind of record (its spec name, "space") as the interface names it in a sentence."""
    noun = _NOUNS.get(name)
    if noun is None:
        return ENTITIES[name].label if name in ENTITIES else name
    return QCoreApplication.translate("entity_names", noun)
