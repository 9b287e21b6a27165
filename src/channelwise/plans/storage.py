"""Plans as stored documents: the schema version, the upgraders, and the way back.

The store keeps a plan version as a JSON-ready document (:func:`plan_document`): the
:class:`~channelwise.plans.records.Plan` without ``id`` and ``version`` (the store's columns)
and with ``"schema": PLAN_SCHEMA``. Versions of that document:

1. every plan stored before schema versions: no ``schema`` key, ``id`` and ``version``
   inside the document too;
2. ``schema``; ``id`` and ``version`` only in the store's columns.

Reading one (:func:`plan_from_document`):

* a document of a newer version than this code knows is refused with a
  :class:`StoredPlanError` that says to update channelwise, never guessed at;
* an older one is upgraded one version at a time (``UPGRADES[n]`` turns version ``n`` into
  ``n + 1``), then validated against today's :class:`Plan` with **unknown keys ignored** at
  every level. So a field removed from the model needs no upgrader: the rows that still
  carry it load, and its value is dropped. Code that makes or changes a plan (the form,
  :func:`~channelwise.plans.records.make_inputs`, revisions) still validates with
  ``extra="forbid"``, so a misspelt field fails there;
* a field that is renamed or moved, or whose type or meaning changes, needs the next
  version: raise ``PLAN_SCHEMA``, add ``UPGRADES[PLAN_SCHEMA - 1]`` and a fixture of the
  old rows (``tests/fixtures/db``). A field added with a default needs neither: older rows
  take the default, and an older channelwise sharing the database ignores it;
* a document that still does not validate is a :class:`StoredPlanError` naming the plan
  and version (the other versions and plans still open).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from channelwise.plans.errors import StoredPlanError
from channelwise.plans.records import Plan

log = logging.getLogger(__name__)

Document = dict[str, Any]

SCHEMA_KEY = "schema"
#: The version of the documents :func:`plan_document` writes.
PLAN_SCHEMA = 2


def plan_document(plan: Plan) -> Document:
    """The plan as the store keeps it: JSON-ready, with its schema version, without the id
    and version the store keeps in its columns."""
    return {SCHEMA_KEY: PLAN_SCHEMA, **plan.model_dump(mode="json", exclude={"id", "version"})}


def plan_from_document(document: Mapping[str, Any], *, plan_id: str, version: int) -> Plan:
    """The plan stored as ``document`` (any known schema version) under ``plan_id`` and
    ``version``; a :class:`StoredPlanError` for a newer or damaged document."""
    data = upgrade(document, plan_id=plan_id, version=version)
    data.pop(SCHEMA_KEY, None)
    try:
        return Plan.model_validate({**data, "id": plan_id, "version": version}, extra="ignore")
    except ValidationError as err:
        log.error("stored plan %s version %s does not validate", plan_id, version, exc_info=err)
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in err.errors()[:3]
        )
        raise StoredPlanError(
            f"Version {version} of plan '{plan_id}' cannot be read ({problems}). The other "
            "versions and plans still open; open another version, or ask whoever runs "
            "channelwise to check this one (the server log has the details).",
            f"Version {version} von Plan „{plan_id}“ lässt sich nicht lesen ({problems}). Die "
            "anderen Versionen und Pläne lassen sich weiter öffnen; öffnen Sie eine andere "
            "Version oder bitten Sie die Betreuung von channelwise, diese zu prüfen (Details "
            "im Server-Log).",
        ) from None


def _drop_id_and_version(data: Document) -> Document:
    """1 -> 2: the id and the version live only in the store's columns."""
    return {k: v for k, v in data.items() if k not in ("id", "version")}


#: ``UPGRADES[n]`` turns a document of version ``n`` into version ``n + 1`` (it does not
#: set ``schema``; :func:`upgrade` does). Append; never edit one that has shipped.
UPGRADES: dict[int, Callable[[Document], Document]] = {
    1: _drop_id_and_version,
}


def schema_of(document: Mapping[str, Any]) -> int:
    """The document's schema version: 1 without the key (plans stored before versions)."""
    found = document.get(SCHEMA_KEY, 1)
    if isinstance(found, bool) or not isinstance(found, int) or found < 1:
        raise StoredPlanError(
            f"A stored plan has no valid format version ({SCHEMA_KEY}={found!r}), so it "
            "cannot be read. Ask whoever runs channelwise to check the database.",
            f"Ein gespeicherter Plan hat keine gültige Formatversion ({SCHEMA_KEY}={found!r}) "
            "und lässt sich nicht lesen. Bitten Sie die Betreuung von channelwise, die "
            "Datenbank zu prüfen.",
        )
    return found


def upgrade(
    document: Mapping[str, Any],
    *,
    plan_id: str = "?",
    version: int | None = None,
    current: int = PLAN_SCHEMA,
    steps: Mapping[int, Callable[[Document], Document]] = UPGRADES,
) -> Document:
    """``document`` (a copy) upgraded to schema version ``current`` through ``steps``;
    ``plan_id`` and ``version`` only name the plan in the error for a newer document."""
    found = schema_of(document)
    if found > current:
        which_en = f"Version {version} of plan" if version is not None else "Plan"
        which_de = f"Version {version} von Plan" if version is not None else "Plan"
        raise StoredPlanError(
            f"{which_en} '{plan_id}' was saved by a newer version of channelwise (plan "
            f"format {found}; this one reads up to {current}). Update channelwise (pull the "
            "new version and run `make setup`, or `pip install -U channelwise`) on every "
            "machine that uses this database; the plan itself is unchanged.",
            f"{which_de} „{plan_id}“ wurde von einer neueren Version von channelwise "
            f"gespeichert (Planformat {found}; diese liest bis {current}). Aktualisieren Sie "
            "channelwise (neue Version holen und `make setup` ausführen, oder "
            "`pip install -U channelwise`) auf jedem Rechner, der diese Datenbank nutzt; der "
            "Plan selbst bleibt unverändert.",
        )
    data = dict(document)
    for step in range(found, current):
        data = steps[step](data)
    data[SCHEMA_KEY] = current
    return data
