"""The channelwise command line: knowledge base, answers, channel stats and plans.

One module per command group (:mod:`.knowledge`, :mod:`.chat`, :mod:`.stats`,
:mod:`.plans`) and one shared helper module (:mod:`.common`). Commands import their feature
when they run, so ``channelwise --help`` starts in a fraction of a second.
"""

from __future__ import annotations

import typer

from channelwise.cli import chat, knowledge, plans, stats

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__.splitlines()[0])
eval_app = typer.Typer(no_args_is_help=True, help="Evaluate retrieval and answers.")
app.add_typer(eval_app, name="eval")

knowledge.register_commands(app, eval_app)
chat.register_commands(app, eval_app)
stats.register_commands(app)
plans.register_commands(app)


def main() -> None:
    app()
