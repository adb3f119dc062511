"""The review log in SQLite (`data/review.sqlite`): an I/O edge.

Every correction is one row, appended in its own transaction (`BEGIN IMMEDIATE`,
with a busy timeout), so two sessions editing at once never lose each other's
work: SQLite serialises the writes and both rows land. Rows are never updated or
deleted; a revert is a new row. The same rows are the audit trail.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from etl.review import Action, Override, ReviewError

STORE_NAME = "review.sqlite"
SETTINGS_NAME = "settings.toml"
AUDIT_COLUMNS = ("id", "at", "user", "action", "event_id", "fields", "before", "note", "reverts")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    event_id TEXT NOT NULL,
    anchor TEXT NOT NULL,
    other TEXT NOT NULL DEFAULT '[]',
    fields TEXT NOT NULL DEFAULT '{}',
    before TEXT NOT NULL DEFAULT '{}',
    note TEXT NOT NULL DEFAULT '',
    reverts INTEGER REFERENCES review_log(id)
)
"""


class StoreError(RuntimeError):
    """The review store cannot be opened or written."""


def user_name(settings_file: Path | None = None, env: Mapping[str, str] | None = None) -> str:
    """Who is editing: $REVIEW_USER, else `[review] user` in settings.toml, else the login."""
    env = os.environ if env is None else env
    if env.get("REVIEW_USER", "").strip():
        return env["REVIEW_USER"].strip()
    path = Path(env["CONFLICT_SETTINGS"]) if env.get("CONFLICT_SETTINGS") else settings_file
    path = path or Path(__file__).resolve().parent.parent / SETTINGS_NAME
    if path.is_file():
        try:
            name = tomllib.loads(path.read_text("utf-8")).get("review", {}).get("user", "")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise StoreError(f"{path}: not a readable settings file ({exc})") from exc
        if str(name).strip():
            return str(name).strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class ReviewStore:
    """The append-only review log of one data folder."""

    def __init__(self, path: Path, timeout_s: float = 30.0) -> None:
        self.path = path
        self.timeout_s = timeout_s

    @classmethod
    def of(cls, data_dir: Path) -> ReviewStore:
        return cls(data_dir / STORE_NAME)

    @contextmanager
    def _connect(self, write: bool) -> Iterator[sqlite3.Connection]:
        if not write and not self.path.exists():
            yield sqlite3.connect(":memory:")
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the review store {self.path}: {exc}") from exc
        try:
            con.execute(_SCHEMA)
            yield con
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the review store {self.path} cannot be used: {exc}") from exc
        finally:
            con.close()

    def record(
        self,
        action: Action,
        anchor: Sequence[str],
        *,
        user: str,
        event_id: str = "",
        other: Sequence[str] = (),
        fields: Mapping[str, Any] | None = None,
        before: Mapping[str, Any] | None = None,
        note: str = "",
        reverts: int | None = None,
    ) -> int:
        """Append one correction in its own transaction; returns its id."""
        if not anchor and action is not Action.REVERT:
            raise ReviewError("the event has no mentions to anchor a correction to")
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect(write=True) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                cur = con.execute(
                    "INSERT INTO review_log (at, user, action, event_id, anchor, other, fields,"
                    " before, note, reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (at, user, action.value, event_id, _json(list(anchor)), _json(list(other)),
                     _json(dict(fields or {})), _json(dict(before or {})), note, reverts),
                )  # fmt: skip
                con.execute("COMMIT")
            except sqlite3.Error:
                con.execute("ROLLBACK")
                raise
        return int(cur.lastrowid or 0)

    def log(self) -> list[Override]:
        """Every entry, oldest first."""
        with self._connect(write=False) as con:
            if not self.path.exists():
                return []
            rows = con.execute(
                "SELECT id, action, anchor, event_id, other, fields, before, user, at, note,"
                " reverts FROM review_log ORDER BY id"
            ).fetchall()
        return [
            Override(id=r[0], action=Action(r[1]), anchor=tuple(json.loads(r[2])), event_id=r[3],
                     other=tuple(json.loads(r[4])), fields=json.loads(r[5]),
                     before=json.loads(r[6]), user=r[7], at=r[8], note=r[9], reverts=r[10])
            for r in rows
        ]  # fmt: skip

    def revision(self) -> tuple[int, int]:
        """(entries, last id): changes whenever anything is recorded, for cache keys."""
        if not self.path.exists():
            return (0, 0)
        with self._connect(write=False) as con:
            count, last = con.execute(
                "SELECT count(*), coalesce(max(id), 0) FROM review_log"
            ).fetchone()
        return int(count), int(last)


def audit_frame(log: Sequence[Override]) -> pd.DataFrame:
    """The audit trail as a table: who, when, what, before, on which event."""
    rows = [
        {"id": o.id, "at": o.at, "user": o.user, "action": o.action.value,
         "event_id": o.event_id, "fields": _json(dict(o.fields)) if o.fields else "",
         "before": _json(dict(o.before)) if o.before else "", "note": o.note,
         "reverts": o.reverts}
        for o in log
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
