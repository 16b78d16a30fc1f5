"""The statistics grade-eval prints: accuracy, macro-F1, Pearson, Spearman and the confusion matrix."""

from __future__ import annotations

import math

from bot.core.agreement import accuracy, confusion, macro_f1, pearson, ranks, spearman


def test_accuracy_counts_matching_labels():
    assert accuracy(["correct", "partial", "incorrect"], ["correct", "partial", "partial"]) == 2 / 3
    assert accuracy([], []) == 0.0


def test_macro_f1_averages_the_per_label_f1_unweighted():
    truth = ["correct", "correct", "partial", "incorrect"]
    graded = ["correct", "partial", "partial", "incorrect"]
    # correct: tp1 fn1 -> 2/3; partial: tp1 fp1 -> 2/3; incorrect: 1
    assert math.isclose(macro_f1(truth, graded), (2 / 3 + 2 / 3 + 1) / 3)
    assert macro_f1(["correct"], ["correct"]) == 1.0


def test_pearson_is_one_for_a_linear_relation_and_zero_for_a_constant_side():
    assert math.isclose(pearson([1, 2, 3, 4], [2, 4, 6, 8]), 1.0)
    assert math.isclose(pearson([1, 2, 3], [3, 2, 1]), -1.0)
    assert pearson([1, 1, 1], [1, 2, 3]) == 0.0
    assert pearson([1], [1]) == 0.0


def test_spearman_uses_average_ranks_for_ties():
    assert ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert math.isclose(spearman([1, 2, 3, 4], [1, 4, 9, 16]), 1.0)
    assert math.isclose(spearman([0.1, 0.5, 0.5, 0.9], [0, 1, 1, 2]), 1.0)


def test_confusion_counts_rows_by_expected_and_columns_by_graded_label():
    counts = confusion(["correct", "partial", "partial"], ["correct", "incorrect", "partial"])
    assert counts["partial"] == {"correct": 0, "partial": 1, "incorrect": 1}
    assert counts["correct"]["correct"] == 1
