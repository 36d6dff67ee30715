"""Abbreviations per language that end in a full stop without ending the sentence."""

from __future__ import annotations

from functools import cache


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Titles and forms of address always precede a name, so a full stop after them never ends a
# sentence. "Jr.", "Sr." and "St." can end one ("on Main St. The ..."), so they are listed with
# the abbreviations instead. Stored lower-case without inner dots ("dott.ssa" -> "dottssa").
TITLES: dict[str, frozenset[str]] = {
    "en": _words(
        "mr mrs ms messrs dr prof mt gen col lt sgt capt cmdr adm gov sen "
        "rep rev hon pres supt insp det fr"
    ),
    "de": _words("hr hrn fr frl dr prof dipl ing st sr"),
    "fr": _words("m mm mme mmes mlle mlles dr pr me mgr st ste"),
    "es": _words("sr sra srta sres dr dra d dña ud uds vd vds lic ing prof sto sta"),
    "it": _words(
        "sig sigra sigg sigra sigina dott dottssa prof profssa ing avv on arch geom rag mons s"
    ),
    "pt": _words("sr sra srta dr dra exmo exma prof profa eng arq sto sta"),
    "nl": _words("dhr mevr mw mej dr drs ir ing prof mr st"),
    "pl": _words("p pan pani dr prof hab inż mgr lek ks św gen płk mjr kpt"),
    "ru": _words("гн госп проф акад доц св ген"),
    "uk": _words("п пан пані проф акад доц св ген"),
}

# Other abbreviations: usually inside a sentence, but some ("etc.", "U.S.", "usw.") may end one,
# so the splitter asks whether a stop word follows.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    # Words that are also ordinary English words ("us", "no", "sun") are left out on purpose.
    "en": _words(
        "etc eg ie vs cf al approx ca inc ltd co corp vol vols pp fig figs eds "
        "dept univ assn bros jan feb apr jun jul aug sep sept oct nov dec tues thu "
        "thurs fri incl esp jr sr st"
    ),
    "de": _words(
        "bzw ca usw vgl evtl ggf inkl exkl zb dh ua uä od sog bspw str nr abs art "
        "tel bd hrsg geb gest jh jhd mio mrd mind max min sek std tsd kap abb anm "
        "zt zzt ebd ff etc gem lt allg insb jan feb febr mär apr aug sept okt nov dez "
        "chr vchr nchr"
    ),
    "fr": _words(
        "etc av bd cf env vol chap janv févr avr juil sept oct nov déc p pp éd "
        "cad ex no nº hab apr av jc tél"
    ),
    "es": _words(
        "etc pág págs núm art av avda aprox dcha izq ej pej eeuu cap vol tel cía "
        "ene feb mar abr jun jul ago sept oct nov dic admón gral"
    ),
    "it": _words(
        "ecc es pag pagg ca art cfr sec secc nn n vol tel cap gen feb mar apr mag "
        "giu lug ago sett ott nov dic cd"
    ),
    "pt": _words(
        "etc pág págs nº n art av ex pex vexa cap vol tel fev mar abr mai jun jul "
        "ago set out nov dez aprox"
    ),
    "nl": _words(
        "bv bijv enz oa mav ipv dwz nl blz ca jl resp vgl evt ivm mbt tav zgn "
        "aug sept okt nov dec jan feb mrt apr jr sr"
    ),
    "pl": _words(
        "np tzn tj min itd itp ok ul al pl nr r w godz tys mln mld zob ryc tab "
        "wg br ub pt ds gr woj pow gm im"
    ),
    "ru": _words(
        "т тт тд тп тк тн те др пр гг в вв им ул пл кв руб коп тыс млн млрд см "
        "стр ч мин сек напр обл р-н пос д ст рис табл"
    ),
    "uk": _words(
        "т тт тд тп тк зв тзв ін р рр ст вул пл кв грн коп тис млн млрд див "
        "стор с ч хв напр обл рн смт м д рис табл ім"
    ),
}

# Languages that write ordinal numbers with a full stop ("am 3. Oktober", "XIV. Jahrhundert").
ORDINAL_DOT_LANGUAGES = frozenset(
    {"de", "pl", "cs", "sk", "da", "nb", "fi", "hu", "hr", "sl", "sr", "tr", "et", "lv", "is"}
)


def _key(word: str) -> str:
    return word.lower().replace(".", "")


@cache
def titles_for(language: str | None) -> frozenset[str]:
    """Return the titles to check: one language's, or every language's when unknown."""
    if language in TITLES:
        return TITLES[language] | TITLES["en"]
    return frozenset().union(*TITLES.values())


@cache
def abbreviations_for(language: str | None) -> frozenset[str]:
    """Return the abbreviations to check: one language's, or every language's when unknown."""
    if language in ABBREVIATIONS:
        return ABBREVIATIONS[language] | ABBREVIATIONS["en"]
    return frozenset().union(*ABBREVIATIONS.values())


def is_title(word: str, language: str | None) -> bool:
    """Tell whether a word (without its final dot) is a title such as "Dr" or "Mme"."""
    return _key(word) in titles_for(language)


def is_abbreviation(word: str, language: str | None) -> bool:
    """Tell whether a word (without its final dot) is a known abbreviation."""
    return _key(word) in abbreviations_for(language)
