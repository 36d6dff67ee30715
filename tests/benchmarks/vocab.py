"""Seeded synthetic vocabularies: Zipf-ranked words per language, and the planted marker words."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

# Words planted in a known share of articles, so every search figure has a known hit count.
# (word, share of articles). The rare one stays rare at 1M; the two "quill" words share a prefix.
MARKERS: dict[str, float] = {
    "xylorare": 0.0002,
    "quillmid": 0.01,
    "quillfeather": 0.002,
    "brightcommon": 0.25,
    "amber": 0.03,
    "lattice": 0.03,
}
PHRASE = ("amber", "lattice")  # also planted side by side in PHRASE_SHARE of articles
PHRASE_SHARE = 0.004

# (code, share of articles, vocabulary size): English dominates, as in most libraries.
LANGUAGES: tuple[tuple[str, float, int], ...] = (
    ("en", 0.60, 40_000),
    ("de", 0.15, 20_000),
    ("fr", 0.10, 20_000),
    ("es", 0.10, 20_000),
    ("it", 0.05, 12_000),
)

# The real head of each language's frequency list, so common-word queries behave as in life.
_HEADS = {
    "en": "the of and to a in is that for it as was with be by on not he this are or his from "
    "at which but have an they you were her she there been one all we their has would when if "
    "so no will more who can said what up its about into than them only other new some could "
    "time these two may then do first any my now such like our over",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
    "auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über "
    "einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde",
    "fr": "de la le et les des en un du une que est pour qui dans par plus pas au sur ne se "
    "il sont ce avec été sa son ou mais comme aux nous fait leur elle être tout on même ses",
    "es": "de la que el en y a los del se las por un para con no una su al lo como más pero "
    "sus le ya o este porque esta entre cuando muy sin sobre también me hasta hay donde",
    "it": "di e il la che in a per un del non è una da sono con le si al dei nel della ha lo "
    "gli alla come più ma anche se delle ci su questo dal nella essere",
}
_ONSETS = {
    "en": "b c d f g h j k l m n p r s t v w br cr dr fl gr pl pr sh st th tr",
    "de": "b d f g h k l m n p r s t w z br gr kr sch st sp tr pf",
    "fr": "b c d f g j l m n p r s t v ch br cr dr fr gr pl pr tr",
    "es": "b c d f g j l m n p r s t v ll ch br cr dr gr pl pr tr",
    "it": "b c d f g l m n p r s t v z br cr gr pr sc st tr",
}
_VOWELS = {
    "en": "a e i o u ea ou ai oo",
    "de": "a e i o u ei au ä ö ü ie",
    "fr": "a e i o u é è ou oi au",
    "es": "a e i o u á é í ó ia ie ue",
    "it": "a e i o u ia io ie",
}
_CODAS = {
    "en": "- n r s t ng ck st ld nd",
    "de": "- n r s t ch cht ng tz nd",
    "fr": "- n r s t x re",
    "es": "- n r s l z",
    "it": "- n l r",
}


@dataclass
class Vocabulary:
    """One language's words in rank order with cumulative Zipf weights for fast drawing."""

    code: str
    words: list[str]
    cum: list[float]

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)


def make_vocabulary(code: str, size: int, seed: int, taken: set[str]) -> Vocabulary:
    """A Zipf-Mandelbrot ranked vocabulary; later (rarer) ranks get longer words, as in life."""
    rng = random.Random(f"vocab-{code}-{seed}")
    onsets, vowels = _ONSETS[code].split(), _VOWELS[code].split()
    codas = [c.replace("-", "") for c in _CODAS[code].split()]
    words = [w for w in _HEADS[code].split() if w not in taken]
    seen = set(words) | taken
    while len(words) < size:
        syllables = 1 + min(3, int(len(words) / size * 4 + rng.random() * 1.5))
        parts = []
        for _ in range(syllables):
            coda = rng.choice(codas) if rng.random() < 0.4 else ""
            parts.append(rng.choice(onsets) + rng.choice(vowels) + coda)
        word = "".join(parts)
        if len(word) > 2 and word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1.0 / (rank + 2.7) for rank in range(len(words))]
    return Vocabulary(code, words, list(itertools.accumulate(weights)))


def make_vocabularies(seed: int) -> dict[str, Vocabulary]:
    """Every language's vocabulary, none containing a marker word."""
    taken = set(MARKERS)
    return {code: make_vocabulary(code, size, seed, taken) for code, _, size in LANGUAGES}
