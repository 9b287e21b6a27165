"""Calibrate the answer policy on the TUNE split (never on test or test-blind).

    uv run python -m bench.tune_answers [--grid] [--show]

Every tune question is matched once (with its follow-up readings); then each policy of the
grid chooses and composes the answers (no model: the composed answer is what a user sees
first) and is scored: in-scope questions whose answer holds every key fact and concept,
labelled playbook entries hit, out-of-scope questions flagged, in-scope questions refused.
Without ``--grid`` it scores the policy in ``grounding.policy`` and prints the table
``channelwise eval answers`` prints.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
from collections.abc import Iterable
from pathlib import Path

from channelwise.chat.answer_eval import evaluate_answers, summarise
from channelwise.chat.followup import Turn, readings
from channelwise.cli.chat import format_summary
from channelwise.config import load_settings
from channelwise.grounding.compose import Composed
from channelwise.grounding.grounder import Grounder, answered_from
from channelwise.grounding.matching import Matches
from channelwise.grounding.policy import (
    DEFAULT_POLICY,
    Choice,
    Policy,
    choose,
    covered,
    strength,
)
from channelwise.i18n import Language
from channelwise.knowledge.retrieval_eval import Question, load_questions, split_files
from channelwise.services import build_services

MAX_REFUSED = 0.03


@dataclasses.dataclass
class Case:
    question: Question
    language: Language
    matches: list[Matches]
    foreign: list[str]
    swaps: list[bool]
    """For each reading after the typed question: whether it swaps a platform in."""
    carried: list[bool]
    """For each reading after the typed question: whether it only adds the platform."""
    refers: bool
    """The follow-up refers back without naming a platform."""
    topic: frozenset[str] = frozenset()
    """The documents the previous question's answer rests on (``Grounder.topic``)."""


def _present(alternatives: Iterable[str], text: str) -> bool:
    lowered = text.casefold()
    return any(a.casefold() in lowered for a in alternatives)


_MEMO: dict[tuple[str, int, str, str], Composed] = {}


def _composed(grounder: Grounder, case: Case, index: int, choice: Choice, figure: bool) -> Composed:
    """The composed answer, computed once per question, reading and choice."""
    target = (
        choice.playbook.entry.entry_id
        if choice.playbook
        else str(choice.section.key)
        if choice.section
        else ""
    )
    key = (case.question.qid, index, choice.kind, target)
    if key not in _MEMO:
        matches = case.matches[index]
        language = case.language
        evidence = grounder.evidence(case.question.text, matches.query, matches, language)
        composed = grounder.compose(choice, matches, evidence.items, language, {})
        figure_checked = grounder.checked_figure(
            case.question.text, composed, evidence.items, language
        )
        _MEMO[key] = composed
        _MEMO[(*key[:3], key[3] + "#figure")] = figure_checked
    return _MEMO[(*key[:3], key[3] + "#figure")] if figure else _MEMO[key]


def _on_topic(case: Case, index: int, policy: Policy) -> float:
    """``Grounder.on_topic`` of the case's ``index``-th reading under ``policy``."""
    on = answered_from(case.matches[index], policy) & case.topic
    return policy.on_topic if on else 0.0


def score(grounder: Grounder, cases: list[Case], policy: Policy) -> dict[str, float]:
    correct = inside = refused = flagged = outside = hits = labelled = 0
    for case in cases:
        q = case.question
        bonus = -policy.refer_bonus if case.refers else policy.typed_bonus
        index, best = 0, strength(case.matches[0]) + bonus + _on_topic(case, 0, policy)
        others = zip(case.matches[1:], case.swaps, case.carried, strict=True)
        for i, (other, swap, carried) in enumerate(others, 1):
            if swap:
                index = i
                break
            score = strength(other) + _on_topic(case, i, policy)
            score -= policy.carried_handicap if carried else 0.0
            if score > best and (
                not policy.covered_reading
                or covered(other, policy)
                or not covered(case.matches[index], policy)
            ):
                index, best = i, score
        choice = choose(case.matches[index], policy)
        if policy.foreign_names and case.foreign:
            choice = Choice("not_covered")
        composed = _composed(grounder, case, index, choice, policy.figure_check)
        if q.playbook:
            labelled += 1
            hits += composed.entry_id == q.playbook
        if not q.in_scope:
            outside += 1
            flagged += composed.mode == "not_covered"
            continue
        refused += composed.mode == "not_covered"
        if q.facts or q.concepts:  # older retrieval questions name passages only
            inside += 1
            correct += all(_present(f, composed.text) for f in q.facts) and all(
                _present(c, composed.text) for c in q.concepts
            )
    inside_all = sum(1 for c in cases if c.question.in_scope)
    return {
        "correct": correct / inside if inside else 0.0,
        "playbook": hits / labelled if labelled else 0.0,
        "flagged": flagged / outside if outside else 0.0,
        "refused": refused / inside_all if inside_all else 0.0,
    }


def grid() -> Iterable[Policy]:
    for (
        playbook,
        margin,
        fact,
        sure,
        least,
        uncovered,
        refer,
        topic,
        declined,
    ) in itertools.product(
        (0.5, 0.55, 0.6),
        (0.2, 0.3, 0.4),
        (-0.2, -0.1),
        (0.85, 0.9, 0.95),
        (0.55, 0.6, 0.65),
        (0.45, 0.5, 0.52, 0.55),
        (0.0, 0.1, 0.2),
        (0.0, 0.2),
        (0.05, 0.075, 0.1),
    ):
        yield dataclasses.replace(
            DEFAULT_POLICY,
            playbook=playbook,
            playbook_margin=margin,
            fact_margin=fact,
            section_sure=sure,
            covered_question=least,
            uncovered_question=uncovered,
            refer_bonus=refer,
            on_topic=topic,
            declined_margin=declined,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid", action="store_true", help="search the policy grid")
    parser.add_argument("--show", action="store_true", help="print every answer")
    parser.add_argument(
        "--questions", nargs="*", help="other tune question files (default: eval/tune)"
    )
    parser.add_argument("--blend", type=float, help="MatchWeights.blend for this run")
    parser.add_argument("--lexical", type=float, help="MatchWeights.lexical for this run")
    parser.add_argument("--penalty", type=float, help="MatchWeights.other_platform")
    parser.add_argument("--intent", type=float, help="MatchWeights.intent")
    parser.add_argument("--follow", type=float, help="MatchWeights.follow")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a Policy field"
    )
    args = parser.parse_args()
    services = build_services(load_settings())
    fields = {f.name: f.type for f in dataclasses.fields(Policy)}
    changes = {}
    for item in args.set:
        name, _, value = item.partition("=")
        changes[name] = value == "true" if fields[name] in (bool, "bool") else float(value)
    services.grounder.policy = dataclasses.replace(DEFAULT_POLICY, **changes)
    grounder = services.grounder
    tweaks = {
        "blend": args.blend,
        "lexical": args.lexical,
        "other_platform": args.penalty,
        "intent": args.intent,
        "follow": args.follow,
    }
    weights = {k: v for k, v in tweaks.items() if v is not None}
    grounder.matcher.weights = dataclasses.replace(grounder.matcher.weights, **weights)
    questions = load_questions([Path(p) for p in args.questions or ()] or split_files("tune"))
    if not args.grid:
        engine = services.chat().without_model()
        results = evaluate_answers(engine, questions)
        if args.show:
            for r in results:
                print(f"\n{r.question.qid} [{r.answer.mode} {r.answer.entry_id or ''}] "
                      f"facts {r.facts_found}/{r.facts_total} concepts "
                      f"{r.concepts_found}/{r.concepts_total}")  # fmt: skip
                print(f"  Q: {r.question.text}")
                print(f"  A: {' '.join(r.answer.text.split())[:500]}")
        print(format_summary(summarise(engine.label, results)))
        return
    engine = services.chat()
    cases = []
    for q in questions:
        history = [Turn(role, text) for role, text in q.history]
        language = engine.answer_language(q.text, history, None)
        context = " ".join(t.content for t in history[-2:])
        others = readings(q.text, history)
        found = [grounder.matcher.match(q.text, context)]
        meaningful = covered(found[0], grounder.policy)
        found += [
            grounder.matcher.match(r.text, "" if r.swap else context, r.typed if meaningful else "")
            for r in others
        ]
        swaps = [r.swap for r in others]
        carried = [r.carried for r in others]
        refers = any(r.refers for r in others)
        previous = [text for role, text in q.history if role == "user"]
        topic = grounder.topic(previous[-1]) if others and previous else frozenset()
        cases.append(
            Case(q, language, found, grounder.foreign(q.text), swaps, carried, refers, topic)
        )
    print(f"{len(cases)} tune questions matched", file=sys.stderr)
    rows = []
    for policy in grid():
        result = score(grounder, cases, policy)
        rows.append((policy, result))
    if args.show:  # the best policy per refusal level: what each extra refusal buys
        for cap in (0.0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12):
            within = [r for r in rows if r[1]["refused"] <= cap]
            if within:
                policy, result = max(within, key=lambda r: r[1]["flagged"] + r[1]["correct"])
                print(f"refused<={cap:.2f}:", "  ".join(f"{k}={v:.3f}" for k, v in result.items()),
                      dataclasses.astuple(policy))  # fmt: skip
    allowed = [r for r in rows if r[1]["refused"] <= MAX_REFUSED] or rows
    best = sorted(
        allowed,
        key=lambda r: -(r[1]["correct"] + r[1]["playbook"] + r[1]["flagged"]),
    )[:10]
    for policy, result in best:
        print(
            "  ".join(f"{k}={v:.3f}" for k, v in result.items()),
            dataclasses.astuple(policy),
        )


if __name__ == "__main__":
    main()
