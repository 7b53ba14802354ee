"""Accuracy of the mirror-site cleanups on generated damage (issue 4).

Generalisation, not tuning: the pages are built from this file's own Simplified
news-like prose (not the rednet sample) and damaged the way
``../shared/notes/mirror-site-damage.md`` describes, with random parameters:

1. naive one-to-one Simplified -> Traditional conversion (OpenCC ``s2t`` applied one
   character at a time, so 关系 stays 關系 as in the sample);
2. GBK bytes;
3. a random annotation dictionary (15-40 keys, tone-marked or toneless readings, the
   first reading pypinyin gives, whatever the context), applied as raw byte
   replacement over the whole buffer (PHP ``str_replace``: blind to characters);
4. a PHP-mbstring-like CP936 decoder (invalid pair -> ``?`` consuming both bytes, user
   defined area -> private use, lone lead byte at a block end -> ``?``), run on blocks
   split at random byte offsets;
5. full-width punctuation folded to ASCII (NFKC on U+FF01-U+FF5E).

The decoder here is written independently of ``encfix.cleanups.gbk_runs``.

Run: ``python benchmarks/mirror.py [--pages N] [--seed S] [--through repair_text]``. Prints
the figures. By default the cleanups run alone (``encfix.cleanups.run_cleanups``);
``--through repair_text`` runs every page and clean text the way ``encfix repair`` does
(chain search, cleanups and lossy stage in the pipeline's order).
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import opencc
from pypinyin import Style, pinyin

from encfix import repair_text
from encfix.cleanups import CleanupResult, run_cleanups

# --------------------------------------------------------------------------- prose (ours)

PARAGRAPHS = [
    "今年以来，我市坚持稳中求进工作总基调，经济运行总体平稳、稳中有进。前三季度，全市地区生产总值（GDP）同比增长百分之六点二，"
    "规模以上工业增加值增长百分之八点一，社会消费品零售总额增长百分之七点五。市统计局有关负责人表示，消费市场持续回暖，"
    "新能源汽车、智能家电等升级类商品销售较快增长，为全年目标任务的完成打下了坚实基础。",
    "记者从市气象台获悉，受冷空气和偏南暖湿气流共同影响，本周后期我市将迎来一次明显降雨过程，局部地区有大到暴雨，"
    "并伴有雷电和短时强降水。气象部门提醒，市民出行请注意交通安全，低洼地带和山区要防范城市内涝、山洪和地质灾害。"
    "预计周末雨水逐渐减弱，气温回升到二十二摄氏度左右。",
    "在昨晚结束的省运会男子篮球决赛中，我市代表队以八十六比七十九战胜对手，时隔十二年再次夺得冠军。"
    "比赛开始后双方比分交替上升，第三节我队凭借快速反击和外线投篮建立起两位数的领先优势，最终锁定胜局。"
    "主教练在赛后接受采访时说，队员们团结拼搏，把平时训练中的战术要求落实到了每一个回合。",
    "随着第五代移动通信网络加快覆盖，越来越多的传统企业开始利用工业互联网改造生产线。在位于经济开发区的一家机械厂，"
    "技术人员只需在屏幕上轻点几下，就能实时查看每台设备的运行状态和能耗数据。厂长介绍，改造完成后，"
    "产品合格率提高了三个百分点，单位产品能耗下降了百分之十五，订单交付周期缩短了将近一半。",
    "为进一步方便群众就医，市卫生健康委员会近日推出多项便民措施：全市二级以上公立医院全面推行分时段预约诊疗，"
    "检查检验结果在医联体内互认共享，老年人可以通过电话和现场窗口预约挂号。医院还在门诊大厅设置了志愿服务岗，"
    "帮助不熟悉智能手机的患者完成自助缴费和报告打印。",
    "新学期开学在即，教育部门对全市中小学校的校舍安全、食堂卫生和校车运营开展了全面检查。据介绍，今年秋季全市新增学位四千余个，"
    "有效缓解了城区学校大班额问题。各校还将继续落实课后服务，开设书法、科学实验、体育和艺术等兴趣课程，"
    "让学生在校内就能学足学好。",
    "连日来，城东片区的老旧小区改造工程正在加紧施工。工人们忙着更换供水管网、加装电梯、整修屋面和外墙，"
    "小区里新建的停车位和健身广场已经初具规模。住在这里三十多年的李大爷说，过去一下雨楼道就漏水，晚上路灯也不亮，"
    "现在小区变得干净整洁，大家心里都很高兴。",
    "秋收时节，走进城郊的万亩稻田，金黄的稻穗随风起伏，收割机在田间来回穿梭。今年当地推广了水稻新品种和测土配方施肥技术，"
    "平均亩产比去年增加了五十公斤。种粮大户王师傅算了一笔账：扣除种子、化肥和机械作业等成本，每亩纯收入可达六百元以上。"
    "合作社还与粮食加工企业签订了订单，解决了农民卖粮难的后顾之忧。",
    "由市文化馆主办的民间艺术展览日前在市博物馆开幕，展出剪纸、刺绣、木雕、陶艺等作品三百余件。"
    "这些作品大多出自本地手工艺人之手，既保留了传统技艺的精髓，又融入了现代设计理念。展览期间，"
    "主办方还将邀请非物质文化遗产传承人现场演示制作过程，并举办面向中小学生的体验活动。",
    "为守护一江碧水，沿江各县区建立了跨区域生态环境保护协作机制，对入河排污口开展全面排查整治，"
    "并在重点河段安装了水质自动监测站。监测结果显示，今年上半年主要断面水质均达到或优于三类标准，"
    "江豚等珍稀水生动物出现的频次明显增加。环保志愿者表示，看到江水越来越清，大家觉得付出的努力都值得。",
    "我国科研团队近日在新型储能材料领域取得重要进展。研究人员通过改进电极结构，使电池在低温环境下的容量保持率大幅提升，"
    "充放电循环寿命达到五千次以上。专家认为，这项成果有望应用于电动汽车和大规模储能电站，"
    "对推动能源结构转型具有积极意义。相关论文已在国际学术期刊上发表。",
    "根据《城市道路交通管理办法》（以下简称《办法》）的有关规定，自下月一日起，市区部分主干道将实行潮汐车道管理。"
    "交警部门提醒广大驾驶人，要按照信号灯和可变车道指示标志通行，避免违法变道。"
    "同时，公交公司将新开通三条夜间线路，方便市民晚间出行，具体时刻表可在官方网站查询。",
    "近年来，乡村旅游成为带动农民增收的新路径。在山脚下的一个小村庄里，村民们把闲置的老房子改造成特色民宿，"
    "推出采摘、垂钓和农家美食等体验项目。每到节假日，来自周边城市的游客络绎不绝。村党支部书记介绍，"
    "去年全村旅游收入突破八百万元，外出务工的年轻人也陆续回到家乡创业。",
    "市人力资源和社会保障局发布消息，二〇二三年下半年全市事业单位公开招聘工作即将启动，计划招聘工作人员六百五十名，"
    "涉及教育、卫生、农业等多个领域。报名采取网上报名方式进行，考生可登录指定网站填写信息并上传材料。"
    "招聘单位将根据岗位要求组织笔试和面试，择优录用。",
    "面对复杂多变的国际市场，本地外贸企业积极开拓新兴市场，加快发展跨境电子商务。一家家具出口企业负责人说，"
    "他们通过参加线上展会和建设海外仓，把产品卖到了四十多个国家和地区，今年前八个月出口额同比增长两成。"
    "海关部门也推出了提前申报、两步申报等便利措施，进一步压缩了货物通关时间。",
    "为保障冬季供暖，热力公司提前对城区供热管网进行了检修维护，累计更换老旧管道十二公里，新建换热站五座。"
    "公司还开通了二十四小时服务热线，对居民反映的室温不达标等问题，承诺在接到报修后两小时内上门处理。"
    "今年供暖期将于十一月十五日正式开始，预计持续到明年三月中旬。",
]

#: Clean texts that no cleanup may change: legitimate parentheses, glosses, teaching texts.
CLEAN_EXTRA = [
    "质量认证中心(CQC)发布了《规划(2022-2025)》(以下简称《规划》),请参阅第(3)条。",
    "中文里最常见的问候是你好 (nǐ hǎo),意思是 hello;谢谢 (xiè xie) 表示感谢。",
    "多音字练习:银行(háng)的行(xíng)长(zhǎng)走在长(cháng)长的路上,行(háng)业里人人都知道他。",
    "拼音课:我(wǒ)爱(ài)北(běi)京(jīng)天(tiān)安(ān)门(mén),天(tiān)安(ān)门(mén)上(shàng)太(tài)阳(yáng)升(shēng)。",
    "生字:晴(qíng)、睛(jīng)、清(qīng)、请(qǐng)、情(qíng),注意区分它们的偏旁。",
    "他问:你明天来吗?我说:来!会议在三楼(302室)举行。",
    "網絡安全和信息化工作關係到國家安全,我們要處理好安全和發展的關係(見附件一)。",
    "The meeting (held in Beijing) discussed GDP growth? Yes: about 5.2% (2023).",
]


# --------------------------------------------------------------------------- damage


@dataclass
class Page:
    damaged: str
    expected: str
    keys: dict[str, str]
    straddles: list[int] = field(default_factory=list)  # line numbers
    splits: list[int] = field(default_factory=list)


_S2T = opencc.OpenCC("s2t")


def naive_traditional(text: str) -> str:
    """One character at a time: what a naive one-to-one converter does (关系 -> 關系)."""
    return "".join(_S2T.convert(char) for char in text)


def fold(text: str) -> str:
    return "".join(chr(ord(char) - 0xFEE0) if "\uff01" <= char <= "\uff5e" else char for char in text)


def mbstring_cp936(data: bytes) -> str:
    """A CP936 decoder that behaves like PHP 8.2 mbstring on bad input."""
    out: list[str] = []
    index = 0
    while index < len(data):
        lead = data[index]
        if lead < 0x80:
            out.append(chr(lead))
            index += 1
            continue
        if lead in (0x80, 0xFF) or index + 1 == len(data):
            out.append("?")
            index += 1
            continue
        trail = data[index + 1]
        index += 2
        out.append(_pair(lead, trail))
    return "".join(out)


def _pair(lead: int, trail: int) -> str:
    if trail < 0x40 or trail in (0x7F, 0xFF):
        return "?"
    if (0xAA <= lead <= 0xAF or 0xF8 <= lead <= 0xFE) and trail >= 0xA1:
        return chr(0xE000 + 94 * (lead - 0xF2 if lead >= 0xF8 else lead - 0xAA) + trail - 0xA1)
    if 0xA1 <= lead <= 0xA7 and trail < 0xA1:
        return chr(0xE4C6 + (lead - 0xA1) * 96 + trail - 0x40 - (trail >= 0x80))
    try:
        return bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return "?"


def make_page(rng: random.Random, extra: list[str]) -> Page:
    paragraphs = rng.sample(PARAGRAPHS, rng.randint(3, 6))
    body = [f"<p>{naive_traditional(p)}</p>" for p in paragraphs]
    if rng.random() < 0.5:
        body.insert(rng.randint(0, len(body)), f"<p>{naive_traditional(rng.choice(extra))}</p>")
    clean = "\n".join(body) + "\n"
    keys = pick_keys(rng, clean)
    annotated = annotate(clean.encode("gbk"), keys)
    boundaries = sorted(rng.sample(range(1, len(annotated)), rng.randint(1, 4)))
    pieces = [annotated[a:b] for a, b in zip([0, *boundaries], [*boundaries, len(annotated)], strict=True)]
    damaged = fold("".join(mbstring_cp936(piece) for piece in pieces))
    whole = fold(mbstring_cp936(annotated))  # the same bytes decoded without block boundaries
    expected = fold(clean)
    table = dict(keys)
    expected_lines, whole_lines = expected.split("\n"), whole.split("\n")
    damaged_lines = damaged.split("\n")
    return Page(
        damaged=damaged,
        expected=expected,
        keys=table,
        # a key matched across a character boundary damages the text even without blocks
        straddles=[n for n, line in enumerate(whole_lines) if strip_annotations(line, table) != expected_lines[n]],
        # a block boundary inside a character adds damage of its own
        splits=[n for n, line in enumerate(damaged_lines) if n < len(whole_lines) and line != whole_lines[n]],
    )


def pick_keys(rng: random.Random, clean: str) -> list[tuple[str, str]]:
    counts = Counter(char for char in clean if "\u4e00" <= char <= "\u9fff")
    pool = [char for char, _ in counts.most_common(160)]
    toneless = rng.random() < 0.4
    style = Style.NORMAL if toneless else Style.TONE
    chosen = rng.sample(pool, min(len(pool), rng.randint(15, 40)))
    keys = []
    for char in chosen:
        reading = pinyin(char, style=style, errors="ignore")
        if reading and reading[0][0].isalpha() and reading[0][0] != char:
            keys.append((char, reading[0][0].replace("v", "ü")))
    return keys


def annotate(data: bytes, keys: list[tuple[str, str]]) -> bytes:
    """Byte-level str_replace of each key in turn, blind to character boundaries."""
    for char, reading in keys:
        key = char.encode("gbk")
        data = data.replace(key, key + b"(" + reading.encode("gbk") + b")")
    return data


# --------------------------------------------------------------------------- evaluation


def strip_annotations(text: str, keys: dict[str, str]) -> str:
    for char, reading in keys.items():
        text = text.replace(f"{char}({reading})", char)
    return text


@dataclass
class Tally:
    annotations_visible: int = 0
    annotations_removed: int = 0
    false_removals: int = 0
    clean_changed: int = 0
    clean_total: int = 0
    events: Counter[str] = field(default_factory=Counter)
    exact: Counter[str] = field(default_factory=Counter)
    left_reported: Counter[str] = field(default_factory=Counter)
    partial: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    unreported: Counter[str] = field(default_factory=Counter)
    undamaged_lines_changed: int = 0
    failures: list[dict[str, object]] = field(default_factory=list)


def _through_repair_text(text: str) -> CleanupResult:
    """``repair_text`` as ``encfix repair`` runs it, in the shape the scoring reads."""
    repair = repair_text(text)
    return CleanupResult(text=repair.output, steps=(), findings=repair.findings)


#: What each page and clean text goes through: the cleanups alone, or the whole pipeline.
THROUGH = {"cleanups": run_cleanups, "repair_text": _through_repair_text}
_tool = run_cleanups


def evaluate_page(page: Page, tally: Tally) -> None:
    result = _tool(page.damaged)
    for char, reading in page.keys.items():
        # The page's own text may spell a key's annotation legitimately (the 多音字
        # exercise's 行(xíng)): that copy is not the mirror's, and must stay.
        spelled = f"{char}({reading})"
        legitimate = page.expected.count(spelled)
        visible = page.damaged.count(spelled) - legitimate
        tally.annotations_visible += visible
        tally.annotations_removed += visible - max(0, result.text.count(spelled) - legitimate)
    # A parenthesis the damage itself broke ("(以下簡稱?兑巹潯?" for "(以下簡稱《規劃》)")
    # and the repair left as it was is damage not undone, counted in the lines' outcomes;
    # lost is a group the damaged page still held and the output no longer does.
    tally.false_removals += sum(
        max(0, min(page.expected.count(group), page.damaged.count(group)) - result.text.count(group))
        for group in set(re.findall(r"\([^()]*\)", page.expected))
    )
    declined_lines = {page.damaged[: f.start].count("\n") for f in result.findings if f.kind == "declined"}
    output_lines, expected_lines = result.text.split("\n"), page.expected.split("\n")
    if len(output_lines) != len(expected_lines):
        tally.wrong["line count"] += 1
        return
    kinds: dict[int, set[str]] = {}
    for line in page.straddles:
        kinds.setdefault(line, set()).add("straddled key")
    for line in page.splits:
        kinds.setdefault(line, set()).add("out-of-step run")
    lines = zip(page.damaged.split("\n"), output_lines, expected_lines, strict=True)
    for number, (damaged, output, expected) in enumerate(lines):
        outcome = _outcome(damaged, output, expected, page.keys, number in declined_lines)
        if outcome == "undamaged":
            continue
        if outcome == "undamaged changed":
            tally.undamaged_lines_changed += 1
        for kind in kinds.get(number, {"out-of-step run"}) if outcome != "undamaged changed" else ():
            counters = {
                "exact": tally.exact,
                "left": tally.left_reported,
                "left unreported": tally.unreported,
                "partial": tally.partial,
            }
            counters.get(outcome, tally.wrong)[kind] += 1
            tally.events[kind] += 1
        if outcome not in ("exact", "undamaged"):
            record = {"kind": outcome, "damaged": damaged, "got": output, "expected": expected, "keys": page.keys}
            tally.failures.append(record)


def _outcome(damaged: str, output: str, expected: str, keys: dict[str, str], reported: bool) -> str:
    """exact / left (as it was, and reported) / partial (some damage repaired, every
    change correct, the rest reported) / left unreported (all or part of the damage left
    without a report) / wrong (any change that is not the expected one), or (un)damaged
    for lines without damage."""
    stripped = strip_annotations(damaged, keys)
    if stripped == expected:
        return "undamaged" if output == expected else "undamaged changed"
    if output == expected:
        return "exact"
    if output == stripped:
        return "left" if reported else "left unreported"
    if is_partly_repaired(stripped, output, expected):
        return "partial" if reported else "left unreported"
    return "wrong"


def is_partly_repaired(damaged: str, output: str, expected: str) -> bool:
    """Whether ``output`` is ``damaged`` with some of its damaged stretches repaired
    exactly and the others left exactly as they were: every change made is a right one.

    The damaged stretches are the differences between ``damaged`` and ``expected``; each
    must appear in ``output`` either as it was or as it should be.

    >>> is_partly_repaired("a?b?c", "axb?c", "axbyc"), is_partly_repaired("a?b?c", "azb?c", "axbyc")
    (True, False)
    """
    matcher = difflib.SequenceMatcher(None, damaged, expected, autojunk=False)
    pieces = [
        (damaged[i1:i2],) if tag == "equal" else (damaged[i1:i2], expected[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    # A walk along ``output``: positions reachable after each piece (one per choice of
    # the stretches so far); a set keeps it linear in practice.
    positions = {0}
    for choices in pieces:
        positions = {
            position + len(choice)
            for position in positions
            for choice in set(choices)
            if output.startswith(choice, position)
        }
    return len(output) in positions


def evaluate_clean(tally: Tally) -> None:
    texts = list(PARAGRAPHS) + CLEAN_EXTRA
    texts += [_S2T.convert(text) for text in PARAGRAPHS]  # real (phrase-level) Traditional
    texts += [fold(text) for text in PARAGRAPHS]
    texts.append("\n".join(CLEAN_EXTRA))
    for text in texts:
        tally.clean_total += 1
        if _tool(text).text != text:
            tally.clean_changed += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--dump", help="write the lines not restored exactly to this JSON file")
    parser.add_argument(
        "--lexicon", choices=("auto", "pypinyin"), default="auto", help="force the fallback word list (no jieba)"
    )
    parser.add_argument(
        "--through", choices=sorted(THROUGH), default="cleanups", help="the cleanups alone, or the whole pipeline"
    )
    args = parser.parse_args(argv)
    global _tool  # a script's one setting, read by the scoring functions
    _tool = THROUGH[args.through]
    if args.lexicon == "pypinyin":
        from encfix.cleanups import context

        fallback = context._pypinyin_lexicon()
        context._lexicon = lambda: fallback  # type: ignore[assignment]
    rng = random.Random(args.seed)
    tally = Tally()
    began = time.perf_counter()
    evaluate_clean(tally)
    for _ in range(args.pages):
        evaluate_page(make_page(rng, CLEAN_EXTRA[:3] + CLEAN_EXTRA[5:]), tally)
    elapsed = time.perf_counter() - began
    report(tally, args.pages, elapsed, args.verbose)
    if args.dump:
        import json

        with open(args.dump, "w", encoding="utf-8") as file:
            json.dump(tally.failures, file, ensure_ascii=False, indent=1)
    return 0


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def report(tally: Tally, pages: int, elapsed: float, verbose: bool) -> None:
    from encfix.cleanups.context import lexicon_name

    through = "repair_text" if _tool is not run_cleanups else "the cleanups alone"
    print(
        f"mirror-site damage, {pages} generated pages through {through}, {elapsed:.1f} s, word list: {lexicon_name()}"
    )
    print(
        f"  annotations removed: {tally.annotations_removed}/{tally.annotations_visible} "
        f"({_percent(tally.annotations_removed, tally.annotations_visible)}); "
        f"legitimate parentheses lost on damaged pages: {tally.false_removals}"
    )
    print(f"  clean texts changed: {tally.clean_changed}/{tally.clean_total}")
    print(f"  undamaged lines changed on damaged pages: {tally.undamaged_lines_changed}")
    for kind in ("straddled key", "out-of-step run"):
        events = tally.events[kind]
        print(
            f"  {kind}: {events} damaged lines; exact {tally.exact[kind]} ({_percent(tally.exact[kind], events)}), "
            f"left as they were and reported {tally.left_reported[kind]}, partly repaired and the rest reported "
            f"{tally.partial[kind]}, left but not reported {tally.unreported[kind]}, "
            f"wrong repairs {tally.wrong[kind]}"
        )
    if tally.wrong["line count"]:
        print(f"  pages whose line count changed: {tally.wrong['line count']}")
    if verbose:
        for failure in tally.failures[:10]:
            print(f"  - {failure['kind']}:\n    got      {failure['got']}\n    expected {failure['expected']}")


if __name__ == "__main__":
    sys.exit(main())
