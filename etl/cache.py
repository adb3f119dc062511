"""The extraction cache: each document's mentions, kept between runs (an I/O edge).

A document is extracted again only when its text, its metadata, the language model
or the ETL itself (code and lexicons) changed, so a re-run after adding a few
articles extracts only those and merges everything again. Entries live under
`<output>/.cache/extract/`, one pickle per document fingerprint, written atomically;
a damaged entry is ignored and re-extracted.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from etl.ingest import Document
from etl.outputs import write_bytes_atomic

CACHE_VERSION = "1"
_ETL_DIR = Path(__file__).resolve().parent


@cache
def code_fingerprint() -> str:
    """A hash of the ETL's code and lexicons: any change invalidates the cache."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for path in sorted([*_ETL_DIR.rglob("*.py"), *_ETL_DIR.glob("lexicons/*.csv")]):
        digest.update(str(path.relative_to(_ETL_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(doc: Document, model: str) -> str:
    parts = (code_fingerprint(), model, doc.doc_id, doc.file, doc.text, doc.title, doc.outlet,
             doc.published.isoformat() if doc.published else "", doc.url)  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class ExtractionCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def of(cls, output_dir: Path) -> ExtractionCache:
        return cls(output_dir / ".cache" / "extract")

    def _path(self, doc: Document, model: str) -> Path:
        return self.folder / f"{fingerprint(doc, model)}.pkl"

    def get(self, doc: Document, model: str) -> Any | None:
        path = self._path(doc, model)
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            path.unlink(missing_ok=True)
            return None

    def put(self, doc: Document, model: str, result: Any) -> None:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        write_bytes_atomic(self._path(doc, model), data)
