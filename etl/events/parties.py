"""An event's parties through the parse: who did it (subject, "by" agent, nationality
modifier, the speaker a pronoun stands for) and to whom, never a report's sources."""

from __future__ import annotations

from etl.actors import ActorLexicon, ActorMention
from etl.events.lexicon import EventLexicon
from etl.events.syntax import governing_verb, path_length, subject_of
from etl.events.triggers import agent_slots
from etl.nlp import Sentence


def source_tokens(sent: Sentence, reporting: set[int], trigger: int | None = None) -> set[int]:
    """Where a sentence names its sources rather than the event's parties: "according
    to French newswire AFP", the description of a reporting verb's speaker ("the Civil
    Defence, first responders *who operate under the Hamas-run government*, said"), and
    the speaker itself when the reported clause names its own doer ("*Houthi-run TV*
    reported that US aircraft carried out strikes")."""
    out: set[int] = set()
    for t in sent.tokens:
        if t.dep == "prep" and t.lower == "according":
            out.update(sent.subtree(t.i))
    doer = _named_doer(sent, trigger) if trigger is not None else False
    for verb in reporting:
        told = trigger is not None and verb in sent.ancestors(trigger)
        for c in sent.children[verb]:
            if sent.tokens[c].dep not in ("nsubj", "nsubjpass"):
                continue
            if told and doer:
                out.update(sent.subtree(c))
                continue
            for d in sent.subtree(c):
                if sent.tokens[d].dep in ("relcl", "acl", "appos") and d != c:
                    out.update(sent.subtree(d))
    return out


SELF_PRONOUNS = frozenset({"it", "they", "we"})


def speaker_as_doer(
    sent: Sentence, trigger: int, reporting: set[int], actors: list[ActorMention]
) -> str:
    """ "Russia said *it* struck Kyiv": the speaker, when the reported clause's subject is
    a pronoun that stands for it; '' otherwise."""
    verbs = _verbs_above(sent, trigger)
    subject = subject_of(sent, verbs[0]) if verbs else None
    if subject is None or sent.tokens[subject].lower not in SELF_PRONOUNS:
        return ""
    for verb in verbs[1:]:
        if verb not in reporting:
            continue
        speaker = subject_of(sent, verb)
        if speaker is None:
            return ""
        span = set(sent.subtree(speaker))
        found = [a for a in actors if sent.span_head(a.start, a.end) in span and a.actor.maps_to]
        return found[0].actor.maps_to if found else ""
    return ""


def _verbs_above(sent: Sentence, i: int) -> list[int]:
    """The verbs from token `i` up to the root: its own clause's first."""
    return [t for t in (i, *sent.ancestors(i)) if sent.tokens[t].pos in ("VERB", "AUX")]


def _named_doer(sent: Sentence, trigger: int) -> bool:
    """Whether the trigger's clause has a subject that is a noun, not "it" or "its"."""
    verbs = _verbs_above(sent, trigger)
    subject = subject_of(sent, verbs[0]) if verbs else None
    return subject is not None and sent.tokens[subject].pos in ("NOUN", "PROPN")


def office_holders(sent: Sentence, lex: EventLexicon) -> set[int]:
    """Names that say whose office someone holds or where someone is from, parties and
    homes rather than places of the event: "the president *of Belarus*", "the government
    of Sudan", "a resident *of the Lugansk region*"."""
    out = set()
    for t in sent.tokens:
        if t.dep == "pobj" and sent.tokens[t.head].lower == "of":
            holder = sent.tokens[sent.tokens[t.head].head]
            if holder.pos == "NOUN" and (
                lex.is_a(holder.lemma, "political") or lex.is_a(holder.lemma, "belonging")
            ):
                out.add(t.i)
    return out


def actor_roles(
    sent: Sentence,
    trigger: int,
    actors: list[ActorMention],
    place_spans: list[tuple[int, int]],
    lexicon: ActorLexicon,
    judges: frozenset[str] = frozenset(),
) -> tuple[str, str, list[str]]:
    """actor1 (who did it), actor2 (to whom) and all event-level actors."""
    usable = [a for a in actors if a.actor.maps_to]
    slots = set(agent_slots(sent, trigger, judges))
    heads = {id(a): sent.span_head(a.start, a.end) for a in usable}
    agent = next((a for a in usable if heads[id(a)] in slots), None)
    verb = governing_verb(sent, trigger)
    judged = verb is not None and sent.tokens[verb].lemma in judges
    if agent is None and not judged:  # "X *termed* the strike …": X judged, did not act
        before = [a for a in usable if a.end <= sent.tokens[trigger].start]
        before = [a for a in before if not any(s <= a.start < e for s, e in place_spans)]
        agent = before[-1] if before else None
    actor1 = agent.actor.maps_to if agent else ""
    if agent is None or agent not in [a for a in usable if heads[id(a)] in slots]:
        # "hit by *Russian* drones": a nationality word in the agent slot names the side
        for j in sorted(slots):
            nat = lexicon.nationality_of(sent.tokens[j].text)
            if nat is not None:
                actor1 = nat.forces or nat.country
                break
    others = [a for a in usable if a is not agent and a.actor.maps_to != actor1]

    def distance(a: ActorMention) -> int:
        h = heads[id(a)]
        return path_length(sent, trigger, h) if h is not None else 99

    others.sort(key=distance)
    actor2 = others[0].actor.maps_to if others else ""
    names = list(
        dict.fromkeys([n for n in (actor1, actor2) if n] + [a.actor.maps_to for a in usable])
    )
    return actor1, actor2, names
