"""Tag suggestions: TF-IDF centroids per tag, drawn only from the library's tags."""

from __future__ import annotations

from app.domain.tag_suggest import TaggedText, TagSuggester, most_frequent, terms_of

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
