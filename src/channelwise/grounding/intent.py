"""Which playbook entry a question asks for, learnt from the entries' own questions.

The nearest curated question ranks by surface likeness: "sollen wir bei x bleiben oder
lieber löschen?" lands on "sollen wir inaktive abonnenten löschen?" (newsletter
deliverability). A softmax regression over the question vectors of all entries (about
2,160 questions, 72 entries; trained in well under a second on first use) weighs what
separates one entry's questions from the others'. Its probability re-ranks the matcher's
playbook candidates (``MatchWeights.intent``, tune split).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from channelwise.knowledge.sentence_index import Vector

SCALE = 10.0
"""Cosine similarities are at most 1: scaled, the logits can separate the entries."""
EPOCHS = 200
RATE = 2.0
DECAY = 1e-4


class IntentModel:
    def __init__(self, vectors: Vector, labels: Sequence[str]) -> None:
        """``vectors``: one row per curated question; ``labels``: its entry id."""
        self.labels = sorted(set(labels))
        index = {label: i for i, label in enumerate(self.labels)}
        x = _unit(np.asarray(vectors, dtype=np.float32))
        y = np.eye(len(self.labels), dtype=np.float32)[[index[label] for label in labels]]
        self.weights = np.zeros((x.shape[1], len(self.labels)), dtype=np.float32)
        self.bias = np.zeros(len(self.labels), dtype=np.float32)
        for _ in range(EPOCHS if len(x) else 0):
            gradient = (_softmax(SCALE * (x @ self.weights) + self.bias) - y) / len(x)
            self.weights -= RATE * (SCALE * (x.T @ gradient) + DECAY * self.weights)
            self.bias -= RATE * gradient.sum(axis=0)

    def probabilities(self, vector: Vector) -> dict[str, float]:
        """Each entry's probability for a question's (unit) vector."""
        if not self.labels:
            return {}
        scores = _softmax(SCALE * (np.asarray(vector, dtype=np.float32) @ self.weights) + self.bias)
        return dict(zip(self.labels, (float(p) for p in scores), strict=True))


def _unit(rows: Vector) -> Vector:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    unit: Vector = (rows / np.where(norms == 0, 1, norms)).astype(np.float32)
    return unit


def _softmax(logits: Vector) -> Vector:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    out: Vector = shifted / shifted.sum(axis=-1, keepdims=True)
    return out
