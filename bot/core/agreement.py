"""Agreement statistics between grader and human labels: accuracy, macro-F1, Pearson, Spearman, confusion."""

from __future__ import annotations

import math
from collections.abc import Sequence

LABELS = ("correct", "partial", "incorrect")


def accuracy(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of items whose predicted label equals the true one (0.0 for no items)."""
    if not truth:
        return 0.0
    return sum(1 for t, p in zip(truth, predicted, strict=True) if t == p) / len(truth)


def confusion(truth: Sequence[str], predicted: Sequence[str],
              labels: Sequence[str] = LABELS) -> dict[str, dict[str, int]]:
    """counts[true label][predicted label] over `labels` (other labels are ignored)."""
    counts = {t: dict.fromkeys(labels, 0) for t in labels}
    for t, p in zip(truth, predicted, strict=True):
        if t in counts and p in counts[t]:
            counts[t][p] += 1
    return counts


def macro_f1(truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = LABELS) -> float:
    """Unweighted mean of per-label F1 over the labels that occur in truth or predictions."""
    scores = []
    for label in labels:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p == label)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != label and p == label)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p != label)
        if tp + fp + fn == 0:
            continue
        scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation; 0.0 when either side is constant or there are fewer than two pairs."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return 0.0
    return sxy / math.sqrt(sxx * syy)


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks with ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman rank correlation (Pearson over tie-averaged ranks)."""
    return pearson(ranks(xs), ranks(ys))
