"""Event extraction: parsed sentences in, event mentions out.

The flow of one document, module by module:
`lexicon` (trigger lemmas, word classes and factuality cues, from data files) →
`places` (place candidates) → `triggers` (lemma + POS, checked for sense) →
`factuality` (negated, planned, claimed, background) → `arguments` (place, date and
actors through the parse) → `statements` (reporting verbs) → `extractor` (document
frames, confidence, the mentions). `syntax` walks the parse for all of them.
"""

from etl.events.extractor import THRESHOLD, Extractor
from etl.events.lexicon import EventLexicon, default_event_lexicon

__all__ = ["THRESHOLD", "EventLexicon", "Extractor", "default_event_lexicon"]
