"""Text normalisation for grading: clean chat text, split clauses, tokenise and stem words lightly."""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a frozen set (for word lists written as prose)."""
    return frozenset(text.split())


# Function words: they carry no claim on their own. Negation cues are deliberately absent.
STOPWORDS = wordset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each etc even ever every for
    from further get gets got had has have having he her here hers herself him himself his how i if in
    into is it its itself just let lets like me might must my myself of off on once one
    onto or other ought our ours ourselves out over own per pretty quite rather really shall
    she should so some such than that the their theirs them themselves then there these they this those
    through thus to too under until up upon us use used uses using very via was we were what when where
    which while who whom whose why will with would yeah yes you your yours yourself basically actually
    simply just kind sort thing things stuff way ways e g eg ie i.e mostly usually often
    generally typically well okay ok hmm um uh lol tbh imo imho btw honestly literally gonna wanna"""
)

# Chat spellings and common abbreviations, expanded before stemming (token -> replacement words).
EXPANSIONS: dict[str, str] = {
    "u": "you", "ur": "your", "r": "are", "b4": "before", "cuz": "because",
    "coz": "because", "bc": "because", "becuz": "because", "thx": "thanks", "pls": "please",
    "plz": "please", "wout": "without", "smth": "something", "sth": "something",
    "img": "image", "imgs": "images", "pic": "picture", "pics": "pictures", "txt": "text", "vid": "video",
    "vids": "videos", "param": "parameter", "params": "parameters", "hyperparam": "hyperparameter",
    "hyperparams": "hyperparameters", "prob": "probability", "probs": "probabilities",
    "nn": "neural network", "nns": "neural networks", "net": "network", "nets": "networks",
    "convnet": "convolutional network", "convnets": "convolutional networks", "conv": "convolution",
    "convs": "convolutions", "lr": "learning rate", "grad": "gradient", "grads": "gradients",
    "approx": "approximately", "diff": "difference", "info": "information", "dims": "dimensions",
    "dim": "dimension", "val": "validation", "eval": "evaluation", "seq": "sequence", "seqs": "sequences",
    "fc": "fully connected", "vs": "versus", "govt": "government", "acc": "accuracy",
    "perf": "performance", "w8": "weight", "wt": "weight", "wts": "weights",
}

# Everyday synonyms folded onto one word so a rubric phrase matches either (applied before stemming).
SYNONYMS: dict[str, str] = {
    "total": "sum", "summation": "sum", "summed": "sum", "summing": "sum", "photo": "image",
    "photos": "images",
    "picture": "image", "pictures": "images", "huge": "large", "big": "large", "bigger": "larger",
    "massive": "large", "tiny": "small", "little": "small", "smaller": "small", "lower": "reduce",
    "lowers": "reduces", "decrease": "reduce", "decreases": "reduces", "cuts": "reduces", "curb": "reduce",
    "curbs": "reduces", "lessen": "reduce", "lessens": "reduces", "avoid": "prevent", "avoids": "prevents",
    "stops": "prevents", "stop": "prevent", "stopping": "preventing", "stopped": "prevented",
    "quicker": "faster", "quickly": "fast", "speedier": "faster", "rapidly": "fast", "grows": "increases",
    "enlarges": "increases", "expands": "increases", "boosts": "increases",
    "neurons": "units", "neuron": "unit", "nodes": "units", "node": "unit", "labeled": "labelled",
    "labeling": "labelling", "unlabeled": "unlabelled", "optimizer": "optimiser", "optimizers": "optimisers",
    "identical": "same", "example": "sample", "examples": "samples", "instance": "sample",
    "instances": "samples", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10",
}

# Contractions and chat negations, rewritten so that a negation becomes the token "not".
# The verbs grouped by first letter, each behind "(?<!\w.)" (a word boundary before that letter), so
# the pattern opens with a literal and a scan skips to the letters that can start one; within a
# group the verbs keep the order of the plain alternation ("ca" before "can": "can't" is "ca" + "n't").
_NEG_CONTRACTIONS = re.compile(
    r"(d(?<!\w.)(?:o|oes|id)|i(?<!\w.)s|a(?<!\w.)(?:re|i)|w(?<!\w.)(?:as|ere|ould|o)|h(?<!\w.)(?:as|ave|ad)|"
    r"c(?<!\w.)(?:a|an|ould)|s(?<!\w.)hould|m(?<!\w.)(?:ust|ight)|n(?<!\w.)eed)n[’']?t\b")
_CANNOT = re.compile(r"\bcannot\b")

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_MENTION = re.compile(r"<[@#!][^>\s]{0,80}>|@(?:everyone|here|channel)\b|@[\w.-]{1,40}")
_WITH = re.compile(r"\bw/(o\b)?")
_FENCE = re.compile(r"```[a-z0-9_+-]*")
_MARKDOWN = re.compile(r"[*_~`#>]+")
_BAR = re.compile(r"\s*\|+\s*")  # "overfit: ... | underfit: ..." separates statements like a semicolon
_ARROWS = re.compile(r"\s*(?:->|=>|-->|→|⟶|➜|➔|⇒|⇨|➡)\s*")
# A hyphen between letters (the look-behind follows the hyphen so a scan can start from it).
_HYPHEN_JOIN = re.compile(r"[-‐‑](?<=[^\W\d_][-‐‑])(?=[^\W\d_])")
_MINUS = re.compile(r"-(?<![\w.]-)(?=\d)")  # "relu(-3) = 0": the sign is a word
# Each pattern below opens with one character class (what a match's first character can be), which
# lets the regular expression engine skip to those characters; a look-behind then says which
# alternative that character begins. Sentences: a run of .!? or newlines before a space or the end,
# or a lone newline.
_SENTENCE_SPLIT = re.compile(r"[.!?\n](?:[.!?\n]*(?:\s|$)|(?<=\n))")
# Clauses: ";:!?" runs before a space or the end, a comma and a space, ";!?[]{}", a dash between
# spaces, or a contrastive conjunction between spaces (a space reads on only when the next
# character can begin a dash, a space or one of the conjunctions).
_CLAUSE_SPLIT = re.compile(
    r"[;:!?,\[\]{}\s](?:(?<=\s)(?=[-–—\sbhwatyuv])(?:[-–—]+\s|"
    r"\s*(?:but|however|whereas|although|though|while|yet|unlike|versus)\s+)|"
    r"(?<=[;:!?])[;:!?]*(?:\s|$)|(?<=,)\s|(?<=[;!?\[\]{}]))")
_WORD = re.compile(r"[^\W_]+(?:[.'][^\W_]+)*")
_ASCII_WORD = re.compile(r"[0-9A-Za-z]+(?:[.'][0-9A-Za-z]+)*")  # _WORD for ASCII text, faster
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"',
                         "»": '"', "–": "-", "—": "-", "−": "-", "∙": "·", "⋅": "·", "•": ","})


# Notation read as words: Greek letters, maths symbols, arrows of change and yes/no emoji.
NOTATION: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Δ": "delta", "Θ": "theta", "Λ": "lambda", "Φ": "phi", "Ψ": "psi", "Ω": "omega",
    "∂": "partial derivative", "∇": "gradient", "Σ": "sum", "∑": "sum", "Π": "product", "∏": "product",
    "÷": "divided by", "×": "times", "≈": "approximately", "≃": "approximately", "∼": "approximately",
    "≤": "at most", "⩽": "at most", "≥": "at least", "⩾": "at least", "≠": "not equal to",
    "∝": "proportional to", "∞": "infinity", "∈": "in", "√": "square root", "∫": "integral",
    "↑": "increases", "⬆": "increases", "⇑": "increases", "📈": "increases", "↓": "decreases",
    "⬇": "decreases", "⇓": "decreases", "📉": "decreases", "↔": "versus",
    "✅": "yes", "✔": "yes", "✓": "yes", "☑": "yes", "👍": "yes", "❌": "not", "✗": "not", "✘": "not",
    "❎": "not", "👎": "not", "🚫": "not", "⛔": "not",
}
_NOTATION = re.compile("|".join(re.escape(k) for k in sorted(NOTATION, key=len, reverse=True)))
_SIGMOID_CALL = re.compile(r"σ\s*\(")
_POWER = re.compile(r"\^\s*2\b|²")
_CARET = re.compile(r"\^")


# Big-O classes read as words (the expression kept), so "O(n)" is not a prefix of "O(n²)".
_BIG_O = ((re.compile(r"\bO\(\s*1\s*\)", re.I), " constant (1) "),
          (re.compile(r"\bO\(\s*n\s*(?:\^\s*2|²|\*\s*n)\s*\)", re.I), " quadratic (n squared) "),
          (re.compile(r"\bO\(\s*n\s*(?:\^\s*3|³)\s*\)", re.I), " cubic (n cubed) "),
          (re.compile(r"\bO\(\s*(?:n\s*\*?\s*log\s*n|n\s*lg\s*n)\s*\)", re.I), " n log n "),
          (re.compile(r"\bO\(\s*log\s*n\s*\)", re.I), " logarithmic (log n) "),
          (re.compile(r"\bO\(\s*n\s*\)", re.I), " linear (n) "))


def read_notation(text: str) -> str:
    """Notation spelled out as words so rubric phrasings match it ("σ(x)" is a sigmoid, "↓" decreases)."""
    if "O(" in text or "o(" in text:
        for pattern, words in _BIG_O:
            text = pattern.sub(words, text)
    if "^" in text or "²" in text:
        text = _POWER.sub(" squared ", text)
        text = _CARET.sub(" to the power ", text)
    if text.isascii():  # every other notation is outside ASCII
        return text
    text = _SIGMOID_CALL.sub(" sigmoid(", text)
    return _NOTATION.sub(lambda m: f" {NOTATION[m.group(0)]} ", text)


def normalise(text: str) -> str:
    """Clean chat text for matching: notation, NFKC, case fold, quotes, hidden characters, markup, links.

    Each rewrite runs only when the text holds a character it could change (most replies are plain).
    """
    text = read_notation(text)
    plain = text.isascii()
    if not plain:
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
        text = _ZERO_WIDTH.sub("", text)
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    text = text.casefold()
    if "www." in text or "://" in text:
        text = _URL.sub(" ", text)
    if "<" in text or "@" in text:
        text = _MENTION.sub(" ", text)
    if "```" in text:
        text = _FENCE.sub(" ", text)
    if "w/" in text:
        text = _WITH.sub(lambda m: " without " if m.group(1) else " with ", text)
    if "*" in text or "_" in text or "~" in text or "`" in text or "#" in text or ">" in text:
        text = _MARKDOWN.sub(" ", text)
    if "|" in text:
        text = _BAR.sub("; ", text)
    if not plain or ">" in text:
        text = _ARROWS.sub(" to ", text)
    if "n't" in text or "nt" in text:
        text = _NEG_CONTRACTIONS.sub(lambda m: _NEG_BASE.get(m.group(1), m.group(1)) + " not", text)
    if "cannot" in text:
        text = _CANNOT.sub("can not", text)
    if "-" in text:
        text = _MINUS.sub(" minus ", text)
    if "-" in text or (not plain and ("‐" in text or "‑" in text)):
        text = _HYPHEN_JOIN.sub("", text)
    return " ".join(text.split())  # runs of white space as one space, none at the ends


_NEG_BASE = {"ca": "can", "wo": "will", "ai": "is"}

_SUFFIXES = (
    ("isations", "iz"), ("izations", "iz"), ("isation", "iz"), ("ization", "iz"), ("ising", "iz"),
    ("izing", "iz"), ("ised", "iz"), ("ized", "iz"), ("ises", "iz"), ("izes", "iz"),
    ("ise", "iz"), ("ize", "iz"),
    ("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ness", ""), ("ments", "ment"), ("ingly", ""), ("edly", ""),
    ("ing", ""), ("ed", ""), ("ly", ""), ("es", "e"), ("s", ""),
)
# Suffixes are tried in order, but only those a word can end with: by its last two letters (or, when
# no suffix of two letters or more ends like it, its last letter).
_SUFFIXES_BY_END: dict[str, tuple[tuple[str, str], ...]] = {
    end: tuple((x, r) for x, r in _SUFFIXES if (x[-2:] == end if len(x) >= 2 else x == end[-1]))
    for end in {x[-2:] for x, _ in _SUFFIXES if len(x) >= 2}}
_SHORT_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {x: ((x, r),) for x, r in _SUFFIXES if len(x) == 1}
_NO_STRIP = wordset("""this thus has was is as us bias loss less gas yes does its plus corpus across status
    focus process class analysis basis axis always perhaps series species news lens atlas chaos
    red need feed seed speed embed bed shed bleed ring string bring thing king sing spring during
    nothing everything something anything only early fly apply rely supply italy family""")
_stem_cache: dict[str, str] = {}  # stems of the words met in replies (the grader's "word cache")


class _Lexicon(dict):
    """Known stems by word; a word not among them is stemmed through the word cache (so a look-up
    of a known word, the common case, costs no Python call)."""

    def __missing__(self, word: str) -> str:
        return _reply_stem(word)


# Stems known before any reply: the function words and rewrite targets here, and the words of every
# rubric compiled (learn_stems). Never emptied with the word cache: a running bot knows them from load.
_lexicon_stems: _Lexicon = _Lexicon()
_stem_of = _lexicon_stems.__getitem__  # stem() without a Python call for known words


def stem(word: str) -> str:
    """A light stem: plural, verb and -ise/-ize endings stripped so forms of one word compare equal."""
    known = _lexicon_stems.get(word)
    if known is not None:
        return known
    return _reply_stem(word)


def _reply_stem(word: str) -> str:
    """The stem of a word outside the lexicon, remembered in the word cache."""
    cached = _stem_cache.get(word)
    if cached is not None:
        return cached
    result = _strip(word)
    if len(_stem_cache) > 200_000:
        _stem_cache.clear()
    _stem_cache[word] = result
    return result


def _strip(word: str) -> str:
    result = word
    if len(word) > 3 and word not in _NO_STRIP and word.isalpha():
        suffixes = _SUFFIXES_BY_END.get(word[-2:])
        for suffix, repl in _SHORT_SUFFIXES.get(word[-1], ()) if suffixes is None else suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                if suffix == "s" and word.endswith(("ss", "us", "is")):
                    continue
                result = word[: len(word) - len(suffix)] + repl
                break
        if len(result) > 4 and result.endswith("our"):
            result = result[:-3] + "or"
        if len(result) > 3 and result.endswith("e"):
            result = result[:-1]
        if len(result) > 4 and result[-1] == result[-2] and (
                result[-1] not in "lsaeiou" or (result[-1] == "l" and len(result) > 5)):
            result = result[:-1]
    return result


def learn_stems(words: Iterable[str]) -> None:
    """Know the stems of `words` in advance (a rubric's own words, at load), beyond the word cache."""
    if len(_lexicon_stems) > 100_000:
        forget_learned_stems()
    for word in words:
        if word not in _lexicon_stems:
            _lexicon_stems[word] = _strip(word)


def forget_learned_stems() -> None:
    """Forget the stems learned from rubrics (the function words' stems stay known)."""
    _lexicon_stems.clear()
    learn_stems(_FUNCTION_WORDS)


class Token(NamedTuple):
    """One word of a text: its stem, sentence and clause numbers, and whether it is a content word."""

    stem: str
    clause: int
    content: bool
    word: str
    sentence: int
    item: int = 0  # list item within the clause ("images, text or audio": 0, 1)


def tokenise(text: str, *, normalised: bool = False) -> tuple[Token, ...]:
    """Words of `text` in order, each with its stem and clause; chat spellings are expanded first.

    A short list item after a comma ("images, text or audio") stays in the clause it continues, so
    a negation or subject before the list reaches every item.
    """
    text = text if normalised else normalise(text)
    out: list[Token] = []
    clause_no = -1
    find_words = _ASCII_WORD.findall if text.isascii() else _WORD.findall
    for sentence_no, sentence in enumerate(_SENTENCE_SPLIT.split(text)):
        pos = item = 0
        for match in [*_CLAUSE_SPLIT.finditer(sentence), None]:
            raws = find_words(sentence, pos, match.start() if match is not None else len(sentence))
            if pos and _continues_list(sentence, pos, raws):
                item += 1
            else:
                clause_no += 1
                item = 0
            _add_words(out, raws, clause_no, sentence_no, item)
            if match is not None:
                pos = match.end()
    return tuple(out)


_LIST_LINK = frozenset({"and", "or", "nor", "etc"})
_LIST_FILLER = STOPWORDS | _LIST_LINK  # words that do not count towards a list item's length
# Words that start a clause of its own rather than a list item: pronouns and auxiliary verbs.
_CLAUSE_WORDS = wordset("""it they this that these those which who we you i he she there is are was were be
    been do does did can could will would should must may might has have had""")


def _continues_list(sentence: str, pos: int, words: list[str]) -> bool:
    """True when the piece of `sentence` from `pos` (its `words`), after a plain comma, is a short
    list item of the clause before it."""
    if sentence[max(0, pos - 2):pos] != ", ":
        return False
    if not words or not _CLAUSE_WORDS.isdisjoint(words):
        return False
    return len(words) - sum(map(_LIST_FILLER.__contains__, words)) <= 3  # its content words


def _without_apostrophe(word: str) -> str:
    return (word[:-2] if word.endswith("'s") else word).replace("'", "")


def _forms(raw: str) -> tuple[str, ...]:
    """The words a raw word stands for: its expansion, synonyms folded, apostrophes dropped."""
    expanded = EXPANSIONS.get(raw)
    words = (SYNONYMS.get(w, w) for w in (expanded.split() if expanded else (raw,)))
    return tuple(w for w in (_without_apostrophe(w) if "'" in w else w for w in words) if w)


# Every raw word that an expansion or a synonym rewrites, with the words it becomes.
_FORMS: dict[str, tuple[str, ...]] = {raw: _forms(raw) for raw in (*EXPANSIONS, *SYNONYMS)}
_new_token = tuple.__new__
_FUNCTION_WORDS = frozenset(STOPWORDS | {w for forms in _FORMS.values() for w in forms})
forget_learned_stems()


def _add_words(out: list[Token], raws: list[str], clause_no: int, sentence_no: int, item: int = 0) -> None:
    # `raws` come from _WORD, so they never start or end with "." or "'"
    n = len(raws)
    if _FORMS.keys().isdisjoint(raws) and "'" not in "".join(raws):  # plain words: no Python loop
        contents = map(operator.not_, map(STOPWORDS.__contains__, raws))
        out.extend(map(_new_token, itertools.repeat(Token, n), zip(
            map(_stem_of, raws), itertools.repeat(clause_no, n), contents, raws,
            itertools.repeat(sentence_no, n), itertools.repeat(item, n), strict=True)))
        return
    append, stem_of, forms_of, stopwords = out.append, _stem_of, _FORMS.get, STOPWORDS
    for raw in raws:
        forms = forms_of(raw)
        if forms is None:
            if "'" in raw:
                raw = _without_apostrophe(raw)
                if not raw:
                    continue
            forms = (raw,)
        for word in forms:
            stemmed = stem_of(word)
            append(_new_token(Token, (stemmed, clause_no, word not in stopwords, word, sentence_no, item)))


def multi_letter(stems: set[str]) -> set[str]:
    """The stems of `stems` longer than one character (chosen without a Python loop per stem)."""
    return set(itertools.compress(stems, map(_ONE.__lt__, map(len, stems))))


_ONE = 1


def content_stems(text: str) -> tuple[str, ...]:
    """Stems of the content words of `text`, in order (all stems when it has no content word)."""
    tokens = tokenise(text)
    stems = tuple(t.stem for t in tokens if t.content)
    return stems or tuple(t.stem for t in tokens)
