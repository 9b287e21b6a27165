"""The intent model: a softmax regression over the playbook's question vectors."""

from __future__ import annotations

import numpy as np

from channelwise.grounding.intent import IntentModel


def test_a_question_gets_the_entry_whose_questions_it_shares_a_direction_with() -> None:
    rng = np.random.default_rng(7)
    centres = {"leave-x": np.eye(8)[0], "shift-effort-to-youtube": np.eye(8)[1]}
    labels = [label for label in centres for _ in range(20)]
    rows = np.stack([centres[label] + 0.3 * rng.standard_normal(8) for label in labels])
    model = IntentModel(rows.astype(np.float32), labels)
    near_youtube = (0.2 * np.eye(8)[0] + np.eye(8)[1]).astype(np.float32)
    probabilities = model.probabilities(near_youtube / np.linalg.norm(near_youtube))
    assert set(probabilities) == set(centres)
    assert abs(sum(probabilities.values()) - 1.0) < 1e-5
    assert probabilities["shift-effort-to-youtube"] > 0.9


def test_without_questions_it_has_no_entries() -> None:
    model = IntentModel(np.zeros((0, 4), dtype=np.float32), [])
    assert model.probabilities(np.ones(4, dtype=np.float32)) == {}
