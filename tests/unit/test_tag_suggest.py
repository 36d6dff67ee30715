"""Tag suggestions: TF-IDF centroids per tag, drawn only from the library's tags."""

from __future__ import annotations

import math
import random
import weakref
from collections import Counter
from collections.abc import Callable, Iterator, Mapping

from app.domain.tag_suggest import (
    MIN_SCORE,
    Suggestion,
    TaggedText,
    TagSuggester,
    most_frequent,
    terms_of,
)
from app.domain.tags import tag_key

SPACE = "The rocket launch carried a satellite into orbit; the spacecraft reached the moon."
SPORT = "The football match ended with a late goal; the striker and the goalkeeper celebrated."
FOOD = "Bake the bread with flour, yeast and butter; the recipe needs a hot oven."


def _library() -> list[TaggedText]:
    examples = []
    for i in range(3):
        examples.append(TaggedText(terms_of(f"{SPACE} Mission {i}."), ("science/space",)))
        examples.append(TaggedText(terms_of(f"{SPORT} Season {i}."), ("Sport",)))
    examples.append(TaggedText(terms_of(FOOD), ("recipes", "home")))
    return examples


def test_suggests_the_tag_whose_articles_share_the_words() -> None:
    suggester = TagSuggester(_library())
    found = suggester.suggest(terms_of("A new rocket will carry the lunar spacecraft to orbit."))
    assert found[0].path == "science/space"
    assert 0 < found[0].score <= 1
    sport = suggester.suggest(terms_of("The striker scored a goal in the match."), limit=1)
    assert [s.path for s in sport] == ["Sport"]


def test_only_existing_tags_and_never_ones_already_there() -> None:
    suggester = TagSuggester(_library())
    found = suggester.suggest(terms_of(FOOD + " " + SPACE), exclude=["RECIPES"], limit=5)
    paths = [s.path for s in found]
    assert "recipes" not in paths
    assert set(paths) <= {"science/space", "Sport", "home"}
    assert "science/space" in paths


def test_nothing_to_say_gives_nothing() -> None:
    suggester = TagSuggester(_library())
    assert suggester.suggest(terms_of("zyxw qqqq")) == []
    assert TagSuggester([]).suggest(terms_of(SPACE)) == []


def test_most_frequent_baseline() -> None:
    assert most_frequent(_library(), limit=2) == ["science/space", "Sport"]
    assert most_frequent(_library(), exclude=["sport"], limit=1) == ["science/space"]


def _random_examples(seed: int, count: int) -> Iterator[TaggedText]:
    """Zipf-like term counts; tags of uneven popularity in mixed case, and two tags that
    always go together (equal centroids, so their scores tie exactly)."""
    rng = random.Random(seed)
    words = [f"term{i}" if i % 7 else f"тема{i}" for i in range(400)]  # some wider letters
    popularity = [1.0 / (rank + 1) for rank in range(len(words))]
    tags = [f"Topic{i}" if i % 3 else f"topic{i}/sub" for i in range(120)]
    for _ in range(count):
        terms = Counter(rng.choices(words, popularity, k=rng.randint(0, 80)))
        chosen = rng.choices(tags, [1.0 / (r + 1) for r in range(len(tags))], k=rng.randint(0, 3))
        if rng.random() < 0.2:
            chosen += ["twin/a", "Twin/B"]
        if rng.random() < 0.1:
            chosen = [p.upper() for p in chosen]
        yield TaggedText(terms, tuple(chosen))


def _reference(
    examples: list[TaggedText],
) -> Callable[[Mapping[str, int], list[str]], list[Suggestion]]:
    """The model written the plain way (dicts of term weights), to check the packed one."""
    docs = [e for e in examples if e.terms and e.tags]
    n = max(len(docs), 1)
    frequency = Counter(t for e in docs for t in e.terms)
    idf = {t: math.log((1 + n) / (1 + df)) + 1.0 for t, df in frequency.items()}

    def unit(weights: dict[str, float]) -> dict[str, float]:
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {t: w / norm for t, w in weights.items()} if norm else {}

    def vector(counts: Mapping[str, int]) -> dict[str, float]:
        return unit({t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items() if t in idf})

    sums: dict[str, dict[str, float]] = {}
    spelled: dict[str, str] = {}
    for e in docs:
        for path in e.tags:
            spelled.setdefault(tag_key(path), path)
            total = sums.setdefault(tag_key(path), {})
            for t, w in vector(e.terms).items():
                total[t] = total.get(t, 0.0) + w
    centroids = {key: unit(total) for key, total in sums.items()}

    def suggest(terms: Mapping[str, int], exclude: list[str]) -> list[Suggestion]:
        article = vector(terms)
        skip = {tag_key(p) for p in exclude}
        scored = []
        for key, centroid in centroids.items():
            score = sum(w * centroid.get(t, 0.0) for t, w in article.items())
            if key not in skip and score >= MIN_SCORE:
                scored.append((-score, key))
        return [Suggestion(spelled[k], round(-s, 4)) for s, k in sorted(scored)]

    return suggest


def test_packed_model_matches_the_plain_computation() -> None:
    """Same tags, same order, same (rounded) scores as the dict-of-dicts computation, over
    every tag above the threshold (tens of thousands of scores), on random data."""
    examples = list(_random_examples(seed=11, count=400))
    model = TagSuggester(iter(examples))
    reference = _reference(examples)
    rng = random.Random(5)
    compared = 0
    for query in _random_examples(seed=12, count=300):
        exclude = rng.sample(["topic0/sub", "TOPIC1", "twin/a", "nothing"], rng.randint(0, 2))
        # Unknown terms sort before, between and after the known ones; none may count.
        terms = Counter(query.terms) + Counter({"aaa": 2, "term1x": 1, "\uffee": 1})
        want = reference(terms, exclude)
        assert model.suggest(terms, exclude, limit=1000) == want
        compared += len(want)
    assert compared > 20_000  # enough scores for a changed rounding to show


def test_training_reads_examples_once_and_keeps_none() -> None:
    """The examples stream through: at most the one being read is alive, and the model
    holds nothing of them afterwards (it packs their terms into arrays)."""
    counts: list[weakref.ref[Mapping[str, int]]] = []
    most_alive = 0

    def stream() -> Iterator[TaggedText]:
        nonlocal most_alive
        for example in _random_examples(seed=3, count=60):
            most_alive = max(most_alive, sum(r() is not None for r in counts))
            counts.append(weakref.ref(example.terms))
            yield example

    model = TagSuggester(stream())
    assert model.documents > 40
    assert most_alive <= 1
    assert all(r() is None for r in counts)
    assert model.suggest(next(_random_examples(seed=3, count=1)).terms)
