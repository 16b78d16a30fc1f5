"""Grader v2 rules: claims, contrasts, polarity, antonyms, notation, thin evidence and feedback.

Each test builds a small rubric here and grades replies a member could send; the grades are what a
fair interviewer would give.
"""

from __future__ import annotations

import dataclasses

from bot.core.grading import grade
from bot.core.models import Claim, Contrast, Difficulty, KeyPoint, Misconception, Question, Verdict
from bot.core.textnorm import normalise, tokenise

ACTIVATIONS = Question(
    id="t-act",
    prompt="Which activation functions would you use in the hidden layers and in the output layer?",
    difficulty=Difficulty.BEGINNER,
    answer=(
        "ReLU (or a variant such as leaky ReLU) in the hidden layers because it is cheap and does not "
        "saturate for positive inputs; sigmoid at the output for a binary probability, softmax for "
        "several classes."
    ),
    key_points=(
        KeyPoint(
            "ReLU or a variant in the hidden layers",
            (),
            2.0,
            claims=(
                Claim(
                    ("relu", "rectified linear unit", "leaky relu"),
                    ("hidden layers", "hidden units", "intermediate layers"),
                ),
            ),
        ),
        KeyPoint(
            "Sigmoid or softmax at the output, for probabilities",
            (),
            2.0,
            claims=(Claim(("sigmoid", "softmax"), ("output layer", "output probabilities", "final layer")),),
        ),
        KeyPoint(
            "ReLU does not saturate, so gradients keep flowing",
            (),
            1.0,
            claims=(
                Claim(
                    ("relu",), ("does not saturate", "avoids vanishing gradients", "keeps gradients flowing")
                ),
            ),
        ),
    ),
    contrasts=(
        Contrast(
            "ReLU belongs in the hidden layers, not sigmoid or softmax",
            ("hidden layers", "hidden units"),
            ("relu", "leaky relu"),
            ("sigmoid", "softmax"),
        ),
        Contrast(
            "Sigmoid or softmax belong at the output, not ReLU",
            ("output layer", "output probabilities", "final layer"),
            ("sigmoid", "softmax"),
            ("relu",),
        ),
    ),
)

DROPOUT = Question(
    id="t-dropout",
    prompt="What is dropout?",
    difficulty=Difficulty.BEGINNER,
    answer=(
        "Dropout randomly switches off units during training so the network cannot rely on any one of "
        "them, which reduces overfitting; at inference it is turned off and all units are used."
    ),
    key_points=(
        KeyPoint(
            "Randomly switches off units during training",
            (),
            3.0,
            claims=(
                Claim(
                    ("dropout",),
                    ("randomly switches off units", "randomly drops units", "randomly zeroes activations"),
                ),
            ),
        ),
        KeyPoint(
            "Reduces overfitting",
            (),
            2.0,
            claims=(Claim(("dropout",), ("reduces overfitting", "regularises the network")),),
        ),
        KeyPoint(
            "Is turned off at inference",
            (),
            1.0,
            claims=(Claim(("dropout",), ("turned off at inference", "disabled at test time")),),
        ),
    ),
    misconceptions=(
        Misconception(
            "Dropout deletes neurons permanently",
            (),
            claims=(Claim(("dropout",), ("deletes neurons permanently", "removes units forever")),),
        ),
    ),
)

DATA_TYPES = Question(
    id="t-data",
    prompt="What types of data does deep learning work with?",
    difficulty=Difficulty.BEGINNER,
    answer="Images and video, text, audio, and tabular data.",
    key_points=(
        KeyPoint("Names images or video", ("images", "video"), 2.0, naming=True),
        KeyPoint("Names text", ("text", "natural language"), 2.0, naming=True),
        KeyPoint("Names audio", ("audio", "speech"), 1.0, naming=True),
        KeyPoint("Names tabular data", ("tabular data", "tables"), 1.0, naming=True),
    ),
)

CORRECT_ACT = (
    "ReLU in the hidden layers since it does not saturate, and a sigmoid on the output layer "
    "(softmax with several classes) so you get probabilities."
)


def test_a_claim_is_earned_when_its_property_is_said_of_its_subject():
    g = grade(ACTIVATIONS, CORRECT_ACT)
    assert g.verdict is Verdict.CORRECT
    assert g.missed == ()


def test_swapped_roles_are_wrong_claims_and_grade_incorrect():
    g = grade(ACTIVATIONS, "Sigmoid for the hidden layers, ReLU for the output probabilities.")
    assert g.verdict is Verdict.INCORRECT
    assert g.covered == ()
    assert "ReLU belongs in the hidden layers, not sigmoid or softmax" in g.misconceptions
    assert g.note and "not right" in g.note


def test_a_subject_after_its_property_binds_to_it():
    g = grade(ACTIVATIONS, "Hidden layers use ReLU, and the output layer uses a softmax or a sigmoid.")
    assert "ReLU or a variant in the hidden layers" in g.covered
    assert "Sigmoid or softmax at the output, for probabilities" in g.covered
    assert g.misconceptions == ()


def test_one_swapped_claim_among_right_ones_caps_at_partial_and_is_named():
    reply = (
        "ReLU in the hidden layers because it does not saturate and trains fast. At the output a "
        "softmax gives class probabilities, and relu is also fine for the final layer."
    )
    g = grade(ACTIVATIONS, reply)
    assert g.verdict is Verdict.PARTIAL
    assert "Sigmoid or softmax belong at the output, not ReLU" in g.misconceptions


def test_the_question_subject_may_stay_implicit():
    g = grade(
        DROPOUT,
        "It randomly drops units while the network trains, which reduces overfitting, and it "
        "is turned off at inference.",
    )
    assert g.verdict is Verdict.CORRECT


def test_negation_after_the_subject_denies_the_claim():
    g = grade(DROPOUT, "Dropout doesn't reduce overfitting, and dropout isn't turned off at inference.")
    assert g.verdict is Verdict.INCORRECT
    assert "Reduces overfitting" not in g.covered
    assert any("opposite" in m for m in g.misconceptions)


def test_negation_after_a_named_term_denies_it():
    g = grade(DATA_TYPES, "Images are not something deep learning handles; audio isn't either.")
    assert "Names images or video" not in g.covered
    assert "Names audio" not in g.covered


def test_a_negation_before_a_list_reaches_every_item():
    g = grade(DATA_TYPES, "Deep learning does not work on images, text or audio, only on tables.")
    assert g.verdict is not Verdict.CORRECT
    assert "Names text" not in g.covered and "Names audio" not in g.covered


def test_an_antonym_states_the_opposite_of_a_claim():
    g = grade(DROPOUT, "Dropout randomly switches off units during training, and that increases overfitting.")
    assert "Reduces overfitting" not in g.covered
    assert any("Reduces overfitting" in m for m in g.misconceptions)
    assert g.verdict is not Verdict.CORRECT


def test_training_and_inference_are_antonyms_too():
    g = grade(DROPOUT, "Dropout randomly drops units and is turned off at training time, on at inference.")
    assert "Is turned off at inference" not in g.covered


def test_a_misconception_claim_is_matched_subject_first_in_one_clause():
    g = grade(DROPOUT, "Dropout deletes neurons permanently so the network gets smaller.")
    assert "Dropout deletes neurons permanently" in g.misconceptions
    g = grade(DROPOUT, "Neurons are not deleted permanently by dropout; it randomly drops units for a step.")
    assert "Dropout deletes neurons permanently" not in g.misconceptions


def test_a_bare_term_does_not_earn_a_claim_point():
    g = grade(DROPOUT, "Dropout. Overfitting. Inference.")
    assert g.covered == ()
    assert g.verdict is Verdict.INCORRECT


def test_a_bare_term_earns_a_naming_point():
    g = grade(DATA_TYPES, "images, text, audio and tables")
    assert set(g.covered) == {kp.text for kp in DATA_TYPES.key_points}


def test_an_off_topic_reply_with_one_domain_word_stays_incorrect():
    g = grade(
        DROPOUT,
        "Batch normalisation rescales activations per mini-batch so that training of the "
        "network is more stable and a higher learning rate can be used; dropout is "
        "another thing.",
    )
    assert g.verdict is Verdict.INCORRECT
    assert g.covered == ()


def test_a_terse_note_that_makes_claims_is_not_a_keyword_dump():
    g = grade(
        DROPOUT, "dropout → randomly drops units in training; reduces overfitting; turned off at inference"
    )
    assert g.verdict is Verdict.CORRECT
    assert g.note is None or "list of terms" not in g.note


def test_a_keyword_dump_shows_no_point_ticked():
    g = grade(ACTIVATIONS, "relu sigmoid softmax hidden output layers saturation gradients probabilities")
    assert g.verdict is not Verdict.CORRECT
    assert g.covered == ()


def test_notation_is_read_as_words():
    assert (
        normalise("σ(z) at the output, ∇L ↓, ✅ relu")
        == "sigmoid(z) at the output, gradient l decreases , yes relu"
    )
    assert tokenise("❌ sigmoid in hidden layers")[0].word == "not"
    g = grade(
        ACTIVATIONS, "hidden layers → ReLU (no saturation ✅, does not saturate); output layer → σ / softmax"
    )
    assert "Sigmoid or softmax at the output, for probabilities" in g.covered


def test_feedback_lists_only_points_actually_credited():
    g = grade(ACTIVATIONS, "ReLU in the hidden layers.")
    assert g.covered == ("ReLU or a variant in the hidden layers",)
    assert set(g.missed) == {
        "Sigmoid or softmax at the output, for probabilities",
        "ReLU does not saturate, so gradients keep flowing",
    }


def test_full_coverage_below_full_marks_says_why():
    g = grade(DROPOUT, "Dropout randomly zeroes activations, regularises the network, disabled at test time.")
    assert g.missed == ()
    assert g.score < 0.95
    assert g.note == "Every key point is covered, but it leaves out much of what the model answer explains."
    g = grade(
        DROPOUT,
        "Dropout randomly drops units during training, which reduces overfitting, and it is "
        "turned off at inference.",
    )
    assert g.missed == () and g.score >= 0.95 and g.note is None


def test_a_reply_in_another_language_gets_a_note():
    g = grade(
        DROPOUT,
        "Dropout schaltet zufällig Neuronen ab, und das ist nicht für die Inferenz, die "
        "Gewichte werden mit der Wahrscheinlichkeit skaliert.",
    )
    assert g.note and "English" in g.note


GATES = Question(
    id="t-gates",
    prompt="How do LSTM and GRU cells differ?",
    difficulty=Difficulty.INTERMEDIATE,
    answer="An LSTM has a separate cell state and three gates; a GRU merges them and has two gates, so it "
    "has fewer parameters and trains faster.",
    key_points=(
        KeyPoint(
            "A GRU has fewer parameters and trains faster",
            (),
            2.0,
            claims=(Claim(("gru",), ("fewer parameters", "trains faster", "lighter")),),
        ),
        KeyPoint(
            "An LSTM keeps a separate cell state",
            (),
            1.0,
            claims=(Claim(("lstm",), ("separate cell state", "cell state")),),
        ),
    ),
    contrasts=(
        Contrast(
            "The GRU is the lighter one, not the LSTM", ("fewer parameters", "lighter"), ("gru",), ("lstm",)
        ),
    ),
    misconceptions=(
        Misconception(
            "Gates make the cell slower to train than it needs",
            (),
            claims=(Claim(("lstm", "gru"), ("trains slower",)),),
        ),
    ),
)


def test_a_noun_negation_stays_in_its_list_item():
    g = grade(GATES, "LSTM: separate cell state. GRU = 2 gates, no separate cell, fewer params, faster.")
    assert "A GRU has fewer parameters and trains faster" in g.covered
    assert g.misconceptions == ()


def test_a_pronoun_refers_to_the_subject_of_an_earlier_clause_not_its_object():
    reply = (
        "An LSTM keeps a separate cell state. A GRU merges the cell into the hidden state and uses fewer "
        "gates than the LSTM, so it is lighter."
    )
    g = grade(GATES, reply)
    assert "A GRU has fewer parameters and trains faster" in g.covered
    assert g.misconceptions == ()


def test_a_wrong_claim_needs_its_subject_named():
    g = grade(GATES, "Recurrent cells: the usual complaint is that the network trains slower than a CNN.")
    assert "Gates make the cell slower to train than it needs" not in g.misconceptions
    g = grade(GATES, "An LSTM keeps a separate cell state, and the LSTM trains slower.")
    assert "Gates make the cell slower to train than it needs" in g.misconceptions


def test_complexity_notation_is_read_as_words():
    words = [t.word for t in tokenise("O(n²) vs O(n log n) vs O(n)")]
    assert words == ["quadratic", "n", "squared", "versus", "n", "log", "n", "versus", "linear", "n"]


FRAMEWORKS = Question(
    id="t-frameworks",
    prompt="How do PyTorch and TensorFlow differ?",
    difficulty=Difficulty.INTERMEDIATE,
    answer="PyTorch builds its graph dynamically as the code runs; TensorFlow 1 built a static graph first.",
    key_points=(
        KeyPoint(
            "PyTorch builds dynamic graphs",
            (),
            1.0,
            claims=(Claim(("pytorch",), ("dynamic graphs", "define by run")),),
        ),
        KeyPoint(
            "TensorFlow traditionally builds static graphs",
            (),
            1.0,
            claims=(Claim(("tensorflow",), ("static graphs", "define and run")),),
        ),
    ),
    contrasts=(
        Contrast("PyTorch is the dynamic one", ("dynamic graphs",), ("pytorch",), ("tensorflow",)),
        Contrast("TensorFlow is the static one", ("static graphs",), ("tensorflow",), ("pytorch",)),
    ),
)


def test_a_property_spanning_another_subject_is_not_one_statement():
    g = grade(FRAMEWORKS, "PyTorch builds dynamic graphs, TensorFlow static graphs")
    assert g.misconceptions == ()
    assert set(g.covered) == {kp.text for kp in FRAMEWORKS.key_points}


def test_an_ambiguous_subject_is_not_held_against_the_reply():
    # "static graphs" sits between PyTorch (after) and TensorFlow (before): only a wrong reading
    # on every side makes a wrong claim.
    g = grade(FRAMEWORKS, "TensorFlow compiles static graphs while PyTorch builds dynamic graphs as it runs")
    assert g.misconceptions == ()
    assert g.verdict is Verdict.CORRECT


def test_a_claim_made_in_a_terse_list_is_not_a_dump_even_when_a_name_matched_first():
    question = Question(
        id="t-types",
        prompt="Which data types does deep learning handle, and what is each used for?",
        difficulty=Difficulty.BEGINNER,
        answer="Images for vision, text for language tasks.",
        key_points=(
            KeyPoint(
                "Names images",
                ("images",),
                1.0,
                naming=True,
                claims=(Claim(("images",), ("computer vision", "object detection")),),
            ),
            KeyPoint(
                "Names text",
                ("text",),
                1.0,
                naming=True,
                claims=(Claim(("text",), ("language tasks", "translation")),),
            ),
        ),
    )
    g = grade(question, "images computer vision object detection; text translation language tasks")
    assert g.note is None or "list of terms" not in g.note
    assert g.verdict is Verdict.CORRECT


EPOCHS = Question(
    id="t-epochs",
    prompt="What are epochs and batches?",
    difficulty=Difficulty.BEGINNER,
    answer="An epoch is one pass over the whole training set; a batch is a small subset used for one update.",
    key_points=(
        KeyPoint(
            "An epoch is one pass over the whole training set",
            (),
            2.0,
            claims=(Claim(("epoch",), ("whole training set", "entire dataset once")),),
        ),
        KeyPoint(
            "A batch is a small subset used for one update",
            (),
            2.0,
            claims=(Claim(("batch", "mini-batch"), ("small subset", "one update")),),
        ),
    ),
    misconceptions=(
        Misconception(
            "An epoch is a single weight update",
            (),
            claims=(Claim(("epoch",), ("one update", "single update")),),
        ),
        Misconception(
            "Larger batches always increase accuracy",
            (),
            claims=(Claim(("larger batches", "bigger batch"), ("increases held-out test accuracy",)),),
        ),
    ),
    contrasts=(
        Contrast("A batch, not an epoch, is a small subset", ("small subset",), ("batch",), ("epoch",)),
    ),
)


def test_a_long_last_list_item_keeps_the_negation():
    g = grade(DATA_TYPES, "Deep learning does not work on images, text or audio at all; just tables.")
    assert "Names text" not in g.covered and "Names audio" not in g.covered


def test_a_wrong_claim_is_not_pinned_on_a_subject_when_a_nearer_one_follows_it():
    g = grade(EPOCHS, "An epoch goes over the whole training set, many steps with one update per batch.")
    assert "An epoch is a single weight update" not in g.misconceptions
    assert g.verdict is not Verdict.INCORRECT


def test_a_wrong_claim_does_not_carry_a_subject_over_from_another_sentence():
    reply = (
        "One sweep over the whole training set is an epoch. Then you split the data: a small subset at a "
        "time, one update each, and that subset is a batch."
    )
    g = grade(EPOCHS, reply)
    assert "A batch, not an epoch, is a small subset" not in g.misconceptions


def test_a_wrong_claim_needs_its_words_in_order():
    g = grade(EPOCHS, "An epoch covers the whole training set; the update for one batch happens per step.")
    assert "An epoch is a single weight update" not in g.misconceptions


def test_a_polar_wrong_claim_needs_its_polar_word():
    g = grade(
        EPOCHS,
        "An epoch covers the whole training set. Larger batches lower held-out test accuracy a little.",
    )
    assert "Larger batches always increase accuracy" not in g.misconceptions
    g = grade(
        EPOCHS, "An epoch covers the whole training set. Larger batches increase held-out test accuracy."
    )
    assert "Larger batches always increase accuracy" in g.misconceptions


def test_a_subject_after_a_conjunction_starts_its_own_statement():
    g = grade(FRAMEWORKS, "PyTorch has the static graphs and TensorFlow has dynamic graphs.")
    assert "TensorFlow is the static one" in g.misconceptions
    assert "PyTorch is the dynamic one" in g.misconceptions
    assert g.verdict is Verdict.INCORRECT


def test_a_wrong_claim_needs_every_word_of_its_phrasing():
    question = Question(
        id="t-copies",
        prompt="What is dropout?",
        difficulty=Difficulty.BEGINNER,
        answer="Dropout randomly switches off units during training.",
        key_points=(
            KeyPoint(
                "Randomly switches off units",
                (),
                1.0,
                claims=(Claim(("dropout",), ("randomly switches off units",)),),
            ),
        ),
        misconceptions=(
            Misconception(
                "Dropout copies the network's weights",
                (),
                claims=(Claim(("dropout",), ("copies whole network weights",)),),
            ),
        ),
    )
    g = grade(question, "Dropout randomly switches off units; the whole network weights stay shared.")
    assert g.misconceptions == ()
    g = grade(question, "Dropout randomly switches off units and copies the whole network weights.")
    assert g.misconceptions == ("Dropout copies the network's weights",)


def test_not_sure_is_a_hedge_not_a_denial():
    g = grade(DROPOUT, "Dropout randomly drops units and, I'm not sure, reduces overfitting.")
    assert "Reduces overfitting" in g.covered


def test_a_bar_separates_statements():
    tokens = tokenise("graphs in pytorch are dynamic | tensorflow compiles static graphs")
    assert tokens[0].clause != tokens[-1].clause
    g = grade(FRAMEWORKS, "PyTorch: builds dynamic graphs | TensorFlow: compiles static graphs")
    assert g.verdict is Verdict.CORRECT


OPTIMISERS = Question(
    id="t-opt",
    prompt="Which optimiser would you pick for a neural network?",
    difficulty=Difficulty.INTERMEDIATE,
    answer="Adam is a robust default with per-parameter adaptive learning rates; SGD with momentum often "
    "generalises better when tuned.",
    key_points=(
        KeyPoint(
            "Adam adapts the learning rate per parameter",
            (),
            2.0,
            claims=(Claim(("adam",), ("adaptive learning rates", "per-parameter learning rate")),),
        ),
        KeyPoint(
            "Adam is a good default", (), 1.0, claims=(Claim(("adam",), ("good default", "best choice")),)
        ),
        KeyPoint(
            "SGD with momentum generalises well",
            (),
            1.0,
            claims=(Claim(("sgd", "momentum"), ("generalises better",)),),
        ),
    ),
    misconceptions=(
        Misconception(
            "Adam uses second derivatives", (), claims=(Claim(("adam",), ("second derivatives",)),)
        ),
    ),
)


def test_not_always_hedges_rather_than_denies():
    g = grade(OPTIMISERS, "Adam has adaptive learning rates and Adam is not always the best choice.")
    assert "Adam is a good default" in g.covered
    assert not any("opposite" in m for m in g.misconceptions)


def test_what_follows_unlike_x_is_not_said_of_x():
    about_adam = dataclasses.replace(OPTIMISERS, prompt="What is Adam, and how does it compare with SGD?")
    g = grade(about_adam, "Unlike plain SGD, it has adaptive learning rates.")
    assert "Adam adapts the learning rate per parameter" in g.covered


def test_two_negated_predicates_joined_by_and_do_not_cancel():
    g = grade(ACTIVATIONS, "Sigmoid doesn't avoid saturation and isn't meant for hidden layers; ReLU is.")
    assert "ReLU belongs in the hidden layers, not sigmoid or softmax" not in g.misconceptions


def test_a_pronoun_standing_for_the_question_subject_states_a_wrong_claim():
    question = Question(
        id="t-dropout-inf",
        prompt="How is dropout used?",
        difficulty=Difficulty.BEGINNER,
        answer="During training only; at inference dropout is off.",
        key_points=(
            KeyPoint(
                "Only during training", (), 1.0, claims=(Claim(("dropout",), ("only during training",)),)
            ),
        ),
        misconceptions=(
            Misconception(
                "Dropout stays on at inference", (), claims=(Claim(("dropout",), ("active at test time",)),)
            ),
        ),
    )
    assert (
        "Dropout stays on at inference" in grade(question, "You keep it active at test time.").misconceptions
    )
    assert grade(question, "Models are active at test time for serving.").misconceptions == ()


def test_input_and_output_gates_are_names_not_opposites():
    question = Question(
        id="t-lstm",
        prompt="What gates does an LSTM have?",
        difficulty=Difficulty.BEGINNER,
        answer="Input, forget and output gates.",
        key_points=(
            KeyPoint(
                "Input, forget and output gates",
                (),
                1.0,
                claims=(Claim(("lstm",), ("input gate", "forget gate", "output gate")),),
            ),
        ),
        contrasts=(
            Contrast("The LSTM has an output gate, the GRU none", ("output gate",), ("lstm",), ("gru",)),
        ),
    )
    g = grade(question, "An LSTM has an input gate, a forget gate and an output gate.")
    assert g.misconceptions == ()
    assert g.verdict is Verdict.CORRECT


METRICS = Question(
    id="t-metrics",
    prompt="How do you evaluate a classifier?",
    difficulty=Difficulty.BEGINNER,
    answer="On held-out data, with precision and recall; accuracy misleads when classes are imbalanced.",
    key_points=(
        KeyPoint("Evaluate on held-out data", (), 1.0, claims=(Claim(("evaluation",), ("held-out data",)),)),
        KeyPoint("Names precision and recall", ("precision", "recall"), 1.0, naming=True),
        KeyPoint(
            "Accuracy misleads on imbalanced classes",
            (),
            1.0,
            claims=(Claim(("accuracy",), ("misleading on imbalanced classes",)),),
        ),
    ),
    misconceptions=(
        Misconception(
            "Accuracy is always reliable", (), claims=(Claim(("accuracy",), ("always reliable",)),)
        ),
    ),
)


def test_not_always_denies_a_claim_that_says_always():
    g = grade(METRICS, "Use held-out data for evaluation; accuracy is not always reliable.")
    assert "Accuracy is always reliable" not in g.misconceptions
    g = grade(METRICS, "Use held-out data for evaluation; accuracy is always reliable.")
    assert "Accuracy is always reliable" in g.misconceptions


def test_one_wrong_statement_counts_once_against_the_points_made():
    # One clause both states the misconception and denies a key point: one wrong statement, and with
    # two points right the reply stays partial rather than incorrect.
    reply = (
        "Evaluation on held-out data with precision and recall. Accuracy is always reliable and never "
        "misleading on imbalanced classes."
    )
    g = grade(METRICS, reply)
    assert len(g.misconceptions) == 2
    assert g.verdict is Verdict.PARTIAL


def test_a_minus_sign_is_read():
    assert [t.word for t in tokenise("relu(-3) = 0")] == ["relu", "minus", "3", "0"]


def test_a_word_with_a_letter_in_front_is_another_word():
    question = Question(
        id="t-mean",
        prompt="What does batch norm subtract?",
        difficulty=Difficulty.BEGINNER,
        answer="The batch mean.",
        key_points=(KeyPoint("The mean", ("mean",), 1.0, naming=True),),
    )
    assert grade(question, "k-means clustering").covered == ()
    assert grade(question, "the mean of the batch").covered == ("The mean",)


def test_without_it_states_what_it_enables():
    question = Question(
        id="t-backprop",
        prompt="Why does backpropagation matter?",
        difficulty=Difficulty.BEGINNER,
        answer="It computes every gradient in one backward pass, so training deep networks is feasible.",
        key_points=(
            KeyPoint(
                "It makes training deep networks feasible",
                (),
                1.0,
                claims=(Claim(("backpropagation", "backprop"), ("efficiently train deep networks",)),),
            ),
        ),
    )
    g = grade(
        question,
        "Backprop gets every gradient in one sweep; without it you couldn't train deep networks efficiently.",
    )
    assert g.covered == ("It makes training deep networks feasible",)
    assert g.misconceptions == ()


def test_one_slip_beside_one_right_point_is_partial_but_two_against_two_is_incorrect():
    one_each = "Evaluation on held-out data. Accuracy is always reliable."
    assert grade(METRICS, one_each).verdict is Verdict.PARTIAL
    two_each = (
        "Evaluation on held-out data with precision and recall. Accuracy is always reliable, and "
        "accuracy is never misleading on imbalanced classes; evaluation needs no held-out data."
    )
    g = grade(METRICS, two_each)
    assert len(g.misconceptions) >= 2
    assert g.verdict is Verdict.INCORRECT


def test_instead_of_negates_its_object_not_the_rest_of_the_clause():
    question = Question(
        id="t-transformer",
        prompt="What does a Transformer change?",
        difficulty=Difficulty.BEGINNER,
        answer="Self-attention over the whole sequence at once.",
        key_points=(
            KeyPoint(
                "Processes the sequence in parallel",
                (),
                1.0,
                claims=(Claim(("transformers", "transformer"), ("processes the sequence in parallel",)),),
            ),
        ),
    )
    g = grade(
        question,
        "Transformers use self-attention instead of recurrence so they process the sequence in parallel.",
    )
    assert g.covered == ("Processes the sequence in parallel",)
    assert g.misconceptions == ()


def test_subjects_joined_by_or_share_what_the_clause_says():
    sigmoid_only = dataclasses.replace(
        ACTIVATIONS.key_points[1],
        claims=(Claim(("sigmoid",), ("output layer", "output probabilities", "final layer")),),
    )
    question = dataclasses.replace(
        ACTIVATIONS, key_points=(ACTIVATIONS.key_points[0], sigmoid_only, *ACTIVATIONS.key_points[2:])
    )
    g = grade(question, "ReLU in the hidden layers; sigmoid or softmax on the output layer.")
    assert "Sigmoid or softmax at the output, for probabilities" in g.covered
    g = grade(question, "ReLU in the hidden layers; tanh on the output layer.")
    assert "Sigmoid or softmax at the output, for probabilities" not in g.covered
