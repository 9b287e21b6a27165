"""Follow-ups as the app sees them: after channelwise's own previous answer, not the one the
eval file carries (the active index; `channelwise ingest` first).

    uv run python -m bench.own_follow_ups [--split tune] [--show]

For every follow-up of the split, the previous user question is answered first (no model),
then the follow-up with that answer in the history. Printed: how many follow-up answers open
with a sentence the previous answer already said, how many of their sentences repeat it, and
how many hold every key fact and concept group. The eval files' earlier answers are written
by hand, so `channelwise eval answers` cannot see an answer that repeats the one before.
"""

from __future__ import annotations

import argparse

from channelwise.chat.answer_eval import _fact_present
from channelwise.chat.followup import Turn
from channelwise.chat.stream import answer
from channelwise.config import load_settings
from channelwise.grounding.compose import plain_sentences, said_in
from channelwise.knowledge.retrieval_eval import load_questions, split_files
from channelwise.services import build_services


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="tune")
    parser.add_argument("--show", action="store_true", help="list the repeating answers")
    args = parser.parse_args()
    engine = build_services(load_settings()).chat().without_model()
    questions = [q for q in load_questions(split_files(args.split)) if q.history]
    opening = repeated = total = right = 0
    for q in questions:
        before = [text for role, text in q.history if role == "user"][-1]
        previous = answer(engine, before, [])
        history = [Turn("user", before), Turn("assistant", previous.text)]
        found = answer(engine, q.text, history)
        said = said_in(previous.text)
        own = plain_sentences(found.text)
        again = [s for s in own if s in said]
        opening += bool(own) and own[0] in said
        repeated += len(again)
        total += len(own)
        right += all(_fact_present(g, found.text) for g in (*q.facts, *q.concepts))
        if args.show and again:
            print(f"{q.qid}: {len(again)}/{len(own)} repeated | {before} => {q.text}")
    n = len(questions)
    print(f"{n} follow-ups of {args.split}, each after channelwise's own previous answer")
    print(f"  open with a sentence already said   {opening} ({opening / n:.0%})")
    print(f"  sentences already said              {repeated} of {total} ({repeated / total:.0%})")
    print(f"  every key fact and concept          {right} ({right / n:.0%})")


if __name__ == "__main__":
    main()
