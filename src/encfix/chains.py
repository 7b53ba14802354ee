"""Candidate chains: which wrong decodings could have produced a text, and which one did.

A layer (``encoding`` read as ``wrong``) is undone by encoding the text with ``wrong``
and decoding the bytes with ``encoding``. Feasibility is decided by the C codecs: most
hypotheses die there because the text cannot be spelled in ``wrong`` or the bytes are
not valid ``encoding`` (UTF-8 is the strictest filter of all). The survivors are judged
by plausibility plus a *prior* per layer: how often that mistake happens in the wild.
The search is a small beam search over chains of up to three layers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from encfix import encodings, plausibility
from encfix.report import Layer, undo_layers

__all__ = ["Hypothesis", "layer_prior", "required_margin", "search", "undo_one", "with_word_evidence", "word_misfit"]

#: Encodings tried as the wrongly applied one. Supersets stand for their subsets
#: (gbk decodes what gb2312 does), and the order puts the common name first when two
#: encodings spell a text with the same bytes. gb18030 is not here: it spells every
#: character, so "encode with gb18030" would make every text feasible, and the bytes a
#: GB18030 decoder sees in UTF-8 mojibake are the ones gbk already covers.
WRONG: tuple[str, ...] = (
    "cp1252", "iso8859-1", "gbk", "cp932", "cp949", "cp950", "cp1251", "cp1250",
    "shift_jis", "big5", "euc_kr", "euc_jp",
    "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp874", "iso8859-2", "iso8859-15",
    "iso8859-5", "iso8859-7", "iso8859-9", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic",
    "cp437", "cp850", "cp852", "cp866", "tis-620", "cp1258", "iso8859-13",
)  # fmt: skip
#: Encodings tried as the real one, UTF-8 first.
ORIGINS: tuple[str, ...] = (
    "utf-8", "gbk", "gb18030", "big5", "cp950", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949",
    "cp1251", "cp1250", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "tis-620", "cp874", "koi8-r", "koi8-u", "cp866", "iso8859-2", "iso8859-5", "iso8859-7",
    "iso8859-8", "iso8859-6", "iso8859-9", "iso8859-13", "iso8859-15", "mac-roman",
    "mac-cyrillic", "cp437", "cp850", "cp852",
)  # fmt: skip

#: Mix-ups between two legacy encodings that happen often enough to deserve a prior.
CONFUSABLE: frozenset[tuple[str, str]] = frozenset(
    {
        ("koi8-r", "cp1251"), ("cp1251", "koi8-r"), ("cp866", "cp1251"), ("cp1251", "cp866"),
        ("koi8-u", "cp1251"), ("iso8859-5", "cp1251"), ("mac-cyrillic", "cp1251"),
        ("big5", "gbk"), ("gbk", "big5"), ("cp950", "gbk"), ("gbk", "cp950"), ("shift_jis", "gbk"),
        ("cp932", "gbk"), ("cp949", "gbk"), ("euc_kr", "gbk"), ("gbk", "shift_jis"),
        ("gbk", "cp932"), ("big5", "shift_jis"), ("shift_jis", "big5"),
        ("cp1250", "cp1252"), ("iso8859-2", "cp1252"), ("cp1250", "iso8859-1"),
        ("iso8859-2", "iso8859-1"), ("cp1252", "cp1250"), ("cp1257", "cp1252"),
        ("cp1254", "cp1252"), ("iso8859-9", "cp1252"), ("cp437", "cp1252"), ("cp850", "cp1252"),
        ("cp1252", "cp437"), ("cp1252", "cp850"), ("mac-roman", "cp1252"), ("cp1252", "mac-roman"),
        ("cp1253", "iso8859-7"), ("iso8859-7", "cp1253"),
    }
)  # fmt: skip


#: The Windows "ANSI" code pages: a file written on a system with one of them as its default
#: is opened on a system with another (a Greek, Hebrew or Arabic file on a Russian or
#: Western Windows), so any two of them are a common mix-up, like any of them read as cp1252.
WINDOWS_ANSI: frozenset[str] = frozenset(f"cp{number}" for number in range(1250, 1259))


@cache
def layer_prior(layer: Layer) -> float:
    """How surprising a layer is, in the same rough bits as plausibility costs.

    UTF-8 read as anything is the classic; a legacy code page read as Latin-1/cp1252 is
    next; two legacy encodings confused with each other only for the known pairs.

    >>> layer_prior(Layer(encoding="utf-8", wrong="cp1252")) < layer_prior(Layer(encoding="cp437", wrong="koi8-u"))
    True
    """
    origin, wrong = encodings.by_name(layer.encoding), encodings.by_name(layer.wrong)
    if origin.name == "utf-8":
        return 0.5 + (3 - wrong.commonness) * 0.3
    if (origin.name, wrong.name) in CONFUSABLE:
        return 1.5 + (3 - origin.commonness) * 0.3
    if wrong.name in ("cp1252", "iso8859-1") or (origin.name in WINDOWS_ANSI and wrong.name in WINDOWS_ANSI):
        return 1.5 + (3 - origin.commonness) * 0.4
    return 4.0 + (3 - origin.commonness) * 0.5 + (3 - wrong.commonness) * 0.5


def required_margin(changed: int, layers: tuple[Layer, ...] = (), *, lone: bool = False) -> float:
    """How much cheaper a repair must be than the damaged text, by how much it changes.

    A short span gives little evidence, so it must win by a wide margin per character;
    a long one wins by the sum of many small pieces of evidence. Undoing UTF-8 needs
    less: that random text re-encodes to valid UTF-8 multi-byte sequences is itself
    unlikely, so the codec has already done part of the judging. Not where the repair
    writes a ``lone`` letter of a foreign script (``plausibility.writes_lone_foreign_letter``):
    clean words spell those in UTF-8 by accident, and such a repair needs twice the margin.

    >>> required_margin(2) > required_margin(200) / 100
    True
    """
    margin = 2.0 + 1.5 * math.sqrt(max(changed, 1))
    if layers and all(layer.encoding == "utf-8" for layer in layers):
        margin *= 0.6
    return margin * LONE_LETTER_FACTOR if lone else margin


#: How much more margin a repair needs that writes a lone letter of a foreign script.
LONE_LETTER_FACTOR = 2.0


#: Layers tried per hypothesis and depth, most likely first (the prior orders them).
MAX_CANDIDATES = 80
#: How far above the best total the search still judges a hypothesis: a runner-up this
#: close takes a real share of the confidence (a gap of 1 leaves 93 % of it).
RUNNER_UP_SLACK = 1.0


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """A chain and the text it gives, with the judge's cost and the chain's prior."""

    layers: tuple[Layer, ...]
    text: str
    cost: float
    prior: float

    @property
    def total(self) -> float:
        return self.cost + self.prior


def _is_cjk_mixup(origin: str, wrong: str) -> bool:
    return encodings.by_name(origin).family == "cjk" and encodings.by_name(wrong).family == "cjk"


def _looks_cjk(text: str) -> bool:
    """Whether most non-ASCII letters are Han, kana or Hangul.

    Big5 read as GBK (and the other CJK mix-ups) turns Chinese into Chinese; a text
    with no CJK letters cannot be the result of one, even when the codecs allow it
    (Cyrillic is in GBK's row A7, and those bytes are valid Big5 Han).
    """
    cjk = other = 0
    for char in set(text):
        script = plausibility.char_info(char).script
        if script in ("han", "kana", "hangul"):
            cjk += 1
        elif script and ord(char) >= 0x80:
            other += 1
    return cjk > other


@cache
def _layers_by_prior() -> tuple[tuple[float, Layer, bool], ...]:
    """Every (origin, wrong) pair we try, likeliest first, with its prior and whether it
    is a CJK mix-up (worked out once: ``undo_one`` walks this list for every span)."""
    layers = [Layer(encoding=origin, wrong=wrong) for wrong in WRONG for origin in ORIGINS if origin != wrong]
    ranked = sorted(((layer_prior(layer), layer) for layer in layers), key=lambda pair: pair[0])
    return tuple((prior, layer, _is_cjk_mixup(layer.encoding, layer.wrong)) for prior, layer in ranked)


@cache
def _first_prior_by_wrong() -> dict[str, float]:
    """The lowest prior of any layer with each wrong encoding (below it, the spelling is not needed)."""
    first: dict[str, float] = {}
    for prior, layer, _ in _layers_by_prior():
        first.setdefault(layer.wrong, prior)
    return first


_FEASIBLE_LAYERS: dict[tuple[frozenset[str], bool], tuple[tuple[float, Layer], ...]] = {}


def _feasible_layers(wrongs: frozenset[str], allow_cjk_mixup: bool) -> tuple[tuple[float, Layer], ...]:
    """The layers of ``_layers_by_prior`` whose wrong encoding spells the text, in the same order.

    A text is spelled by a handful of the wrong encodings; walking only their layers
    skips the thousand others one by one. Few sets of spellers occur, so each is kept.
    """
    key = (wrongs, allow_cjk_mixup)
    found = _FEASIBLE_LAYERS.get(key)
    if found is None:
        found = tuple(
            (prior, layer)
            for prior, layer, cjk_mixup in _layers_by_prior()
            if layer.wrong in wrongs and (allow_cjk_mixup or not cjk_mixup)
        )
        _FEASIBLE_LAYERS[key] = found
    return found


def undo_one(text: str, *, limit: float = math.inf) -> Iterator[tuple[float, Layer, str]]:
    """Feasible single layers to undo, likeliest first, with the prior and the text each gives.

    Stops at the first layer whose prior reaches ``limit``. Each wrong encoding is tried
    on the text once; texts already produced by a likelier layer are not repeated. Many
    wrong encodings spell a text with the same bytes (cp1252, Latin-1, ISO 8859-15 and
    cp1254 spell most Latin letters alike): each origin decodes the same bytes once.
    """
    spelled: dict[str, bytes] = {}
    chars = set(text)
    for wrong, first_prior in _first_prior_by_wrong().items():
        if first_prior < limit and None not in map(encodings.spelling(wrong).__getitem__, chars):
            try:
                spelled[wrong] = encodings.encode(text, wrong)
            except UnicodeEncodeError:
                pass
    seen_texts = {text}
    decoded: set[tuple[bytes, str]] = set()  # gave a text already seen, or failed
    for prior, layer in _feasible_layers(frozenset(spelled), _looks_cjk(text)):
        if prior >= limit:
            return
        attempt = (spelled[layer.wrong], layer.encoding)
        if attempt in decoded:
            continue
        decoded.add(attempt)
        try:
            candidate = encodings.decode(spelled[layer.wrong], layer.encoding)
        except UnicodeDecodeError:
            continue
        if candidate not in seen_texts:
            seen_texts.add(candidate)
            yield prior, layer, candidate


def search(text: str, *, max_layers: int = 3, beam: int = 4) -> list[Hypothesis]:
    """The judged hypotheses, best (lowest total) first; the layer-less one is "as is".

    Branch and bound: costs are never negative, so a chain whose prior alone is already
    worse than the best total found cannot win, and neither can any longer chain built
    on it; those are not judged at all. Layers are tried likeliest first, so the bound
    tightens early. For single layers the bound keeps ``RUNNER_UP_SLACK`` of room: a
    close second is not the answer, but it says how sure the answer is
    (``Verdict.confidence``); pruned, it would leave a wrong winner looking unopposed.

    >>> best = search("cafÃ©")[0]
    >>> best.text, [layer.describe() for layer in best.layers]
    ('café', ['utf-8 read as cp1252'])
    """
    start = Hypothesis((), text, plausibility.cost(text), 0.0)
    judged: dict[str, Hypothesis] = {text: start}
    seen = {text}
    bound = start.total
    frontier = [start]
    for depth in range(max_layers):
        # Close seconds are looked for among single layers only: deeper, the room would
        # multiply the chains judged, and a runner-up that needs more layers than the
        # winner pays more prior anyway.
        slack = RUNNER_UP_SLACK if depth == 0 else 0.0
        judged_now: list[Hypothesis] = []
        stepping: list[Hypothesis] = []
        for hypothesis in frontier:
            for rank, (layer_cost, layer, candidate) in enumerate(
                undo_one(hypothesis.text, limit=bound + slack - hypothesis.prior)
            ):
                if rank >= MAX_CANDIDATES or hypothesis.prior + layer_cost >= bound + slack:
                    break
                if candidate in seen:
                    continue
                seen.add(candidate)
                prior = hypothesis.prior + layer_cost + plausibility.origin_misfit(candidate, layer.encoding)
                layers = (layer, *hypothesis.layers)
                floor = plausibility.lower_bound_within(candidate, bound + slack - prior)
                if depth == 0 and prior + floor < bound + slack:
                    # Worth a closer look: its script switches are a term of the cost too.
                    # Only for single layers, whose close seconds the slack keeps: deeper,
                    # a chain judged by the weaker floor is a runner-up that lowers a
                    # confidence ("L’Haÿ-les-Roses" read as cp1250 went from 0.36 to 0.48).
                    floor += plausibility.switches_in_words(candidate)
                if prior + floor >= bound + slack:
                    # It cannot be the answer, but a layer under it may be (the middle of
                    # a double encoding looks bad): keep it as a stepping stone only.
                    if layer.encoding == "utf-8":
                        stepping.append(Hypothesis(layers, candidate, floor, prior))
                    continue
                new = Hypothesis(layers, candidate, plausibility.cost(candidate), prior)
                judged[candidate] = new
                judged_now.append(new)
                bound = min(bound, new.total)
        # The frontier keeps the best texts, and the likeliest undone UTF-8 layers: the
        # middle of a double encoding still looks bad, but it is the way to the answer.
        by_total = sorted((h for h in judged_now if h.prior < bound), key=lambda h: h.total)[:beam]
        utf8 = [h for h in judged_now + stepping if h.prior < bound and h.layers[0].encoding == "utf-8"]
        by_prior = sorted(utf8, key=lambda h: h.prior)[:2]
        frontier = by_total + [h for h in by_prior if h not in by_total]
        if not frontier:
            break
    return sorted(judged.values(), key=lambda h: h.total)


def rejudge(text: str, layers: tuple[Layer, ...], costs: dict[str, float] | None = None) -> Hypothesis | None:
    """The hypothesis a chain gives on another (longer) text, or None where infeasible.

    ``costs`` remembers the judge's cost of each text across the chains replayed on one
    text: twins (cp1252 and ISO 8859-15 for UTF-8 without a euro sign) give the same one.
    """
    try:
        candidate = undo_layers(text, layers)
    except UnicodeError:
        return None
    prior = sum(layer_prior(layer) for layer in layers) + plausibility.origin_misfit(candidate, layers[0].encoding)
    cost = costs.get(candidate) if costs is not None else None
    if cost is None:
        cost = plausibility.cost(candidate)
        if costs is not None:
            costs[candidate] = cost
    return Hypothesis(layers, candidate, cost, prior)


# --------------------------------------------------------------------------- words

#: Han characters outside dictionary words cost nothing up to this share of a Chinese
#: reading's Han characters (names, classical Chinese and short titles are made of
#: single characters too), and ``WORD_MISS_COST`` each beyond it.
WORD_FREE_SHARE = 0.5
WORD_MISS_COST = 1.0
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_PAIR = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2}")
_KANA_OR_HANGUL = re.compile("[\u3040-\u30ff\uac00-\ud7a3]")


def word_misfit(text: str) -> float:
    """How far a Chinese reading's Han characters are from forming dictionary words.

    Korean (EUC-KR Hangul leads fall in GB2312's level-1 rows), Japanese or Big5 bytes
    read as GBK give mostly *common* characters, so the character tiers see plausible
    Chinese; but real Chinese is made of words, and such a reading is a random
    sequence of characters that seldom form one. A Japanese or Korean reading (kana
    or Hangul among its Han) is not judged by a Chinese word list.

    >>> word_misfit("今天的天气非常好"), word_misfit("瘤窍枚开捞 绢叼俊")
    (0.0, 4.0)
    """
    if _HAN_PAIR.search(text) is None:
        return 0.0
    if len(_KANA_OR_HANGUL.findall(text)) * 8 > len(_HAN.findall(text)):
        return 0.0
    from encfix.cleanups.context import han_runs_outside_words  # loads jieba's word list once

    outside, total = han_runs_outside_words(text)
    return WORD_MISS_COST * max(0.0, outside - WORD_FREE_SHARE * total)


def with_word_evidence(hypotheses: list[Hypothesis]) -> list[Hypothesis]:
    """The hypotheses (sorted, "as is" among them) judged by Chinese words too, where a
    CJK mix-up wins on characters.

    Only then: the word list costs about 0.8 s to load per process and each reading a
    segmentation, and elsewhere the characters decide. Every hypothesis of the contest
    is charged alike, so the words can confirm the mix-up (Korean read as GBK is no
    Chinese) or overturn it (a clean Chinese text beats a random Big5 reading of it).
    """
    if not hypotheses or not any(_is_cjk_mixup(layer.encoding, layer.wrong) for layer in hypotheses[0].layers):
        return hypotheses
    rescored = [replace(hypothesis, cost=hypothesis.cost + word_misfit(hypothesis.text)) for hypothesis in hypotheses]
    return sorted(rescored, key=lambda hypothesis: hypothesis.total)
