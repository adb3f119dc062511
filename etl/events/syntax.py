"""Walking the dependency parse of one `Sentence`: paths, clauses and argument slots.

Pure functions over the plain token records of `etl.nlp`; no spaCy objects.
"""

from __future__ import annotations

from etl.nlp import Sentence

SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "obj", "attr", "oprd", "dative"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "pcomp"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod", "poss", "appos"})
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "on", "over", "around", "across", "into", "onto",
     "to", "toward", "towards", "against", "of", "from", "through", "throughout", "along",
     "within", "off", "north", "south", "east", "west", "beyond", "behind", "under"}
)  # fmt: skip


def path_length(sent: Sentence, a: int, b: int) -> int:
    """Arcs between tokens `a` and `b` in the dependency tree."""
    up_a = [a, *sent.ancestors(a)]
    up_b = [b, *sent.ancestors(b)]
    pos_b = {t: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t in pos_b:
            return n + pos_b[t]
    return len(up_a) + len(up_b)


def lowest_common_ancestor(sent: Sentence, a: int, b: int) -> int | None:
    up_b = {b, *sent.ancestors(b)}
    for t in [a, *sent.ancestors(a)]:
        if t in up_b:
            return t
    return None


def clause_head(sent: Sentence, i: int) -> int:
    """The verb (or root) whose clause token `i` belongs to: `i` itself for a verb."""
    j = i
    for _ in range(len(sent.tokens)):
        t = sent.tokens[j]
        if t.pos in ("VERB", "AUX") or t.head == j:
            return j
        j = t.head
    return j


def governing_verb(sent: Sentence, i: int) -> int | None:
    """For a noun: the verb it is an argument of ("launched an *attack*"), through a
    preposition where needed ("hit by a *strike*"); None for a verb or a free noun."""
    t = sent.tokens[i]
    if t.pos in ("VERB", "AUX"):
        return None
    j = t.head
    if j == i:
        return None
    head = sent.tokens[j]
    if head.pos == "ADP" and head.head != j:
        j = head.head
        head = sent.tokens[j]
    return j if head.pos in ("VERB", "AUX") else None


def children(sent: Sentence, i: int, deps: frozenset[str] | None = None) -> list[int]:
    return [c for c in sent.children[i] if deps is None or sent.tokens[c].dep in deps]


def prep_objects(sent: Sentence, i: int) -> list[tuple[str, int]]:
    """(preposition, object) pairs attached to token `i` ("struck *on* X", "hit *by* Y")."""
    out: list[tuple[str, int]] = []
    for c in sent.children[i]:
        tok = sent.tokens[c]
        if tok.dep in ("prep", "agent"):
            for g in sent.children[c]:
                if sent.tokens[g].dep in ("pobj", "pcomp"):
                    out.append((tok.lower, g))
    return out


def arguments(sent: Sentence, i: int, depth: int = 2) -> list[int]:
    """Tokens in the argument structure of `i` up to `depth` arcs down, not entering
    embedded clauses; for a noun also its governing verb's subject and object."""
    seen: list[int] = []
    frontier = [i]
    for _ in range(depth):
        nxt: list[int] = []
        for j in frontier:
            for c in sent.children[j]:
                if sent.tokens[c].dep in CLAUSE_DEPS and c != i:
                    continue
                seen.append(c)
                nxt.append(c)
        frontier = nxt
    verb = governing_verb(sent, i)
    if verb is None and sent.tokens[i].dep == "xcomp" and sent.tokens[i].head != i:
        verb = sent.tokens[i].head  # "drones attempted to *strike*": the controller's subject
    if verb is not None:
        for c in sent.children[verb]:
            if sent.tokens[c].dep in SUBJECTS | OBJECTS | PASSIVE_SUBJECTS | {"agent", "prep"}:
                seen.extend(sent.subtree(c)[:12])
    return sorted(set(seen) - {i})


def with_words_present(sent: Sentence, i: int, words: frozenset[str]) -> bool:
    """Whether a particle, object, modifier or prepositional object of `i` is one of
    `words`, or, for a prepositional object, its preposition ("*in* control of")."""
    near = list(sent.children[i])
    if sent.tokens[i].dep in ("pobj", "dobj"):  # "*in* control of", "*took* control of"
        near.append(sent.tokens[i].head)
    for c in sent.children[i]:
        if sent.tokens[c].dep in ("prep", "agent", "dobj"):
            near.extend(sent.children[c])
    return any(sent.tokens[c].lemma in words or sent.tokens[c].lower in words for c in near)


def subject_of(sent: Sentence, i: int) -> int | None:
    for c in sent.children[i]:
        if sent.tokens[c].dep in SUBJECTS:
            return c
    return None


def objects_of(sent: Sentence, i: int) -> list[int]:
    """Direct objects, passive subjects and, for nouns, the subject of a copula/passive."""
    out = [c for c in sent.children[i] if sent.tokens[c].dep in OBJECTS | PASSIVE_SUBJECTS]
    for c in sent.children[i]:
        if sent.tokens[c].dep == "xcomp":
            out.append(c)
            out.extend(x for x in sent.children[c] if sent.tokens[x].dep in OBJECTS)
    out.extend(o for p, o in prep_objects(sent, i) if p in ("for", "on", "of", "to"))
    expanded: list[int] = []
    for o in out:
        expanded.append(o)
        expanded.extend(x for x in sent.children[o] if sent.tokens[x].dep in ("conj", "compound"))
        expanded.extend(o2 for p, o2 in prep_objects(sent, o) if p == "of")
    return expanded
