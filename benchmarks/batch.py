"""Batch speed: encfix over a folder of 5,000 files, side by side with its peers.

Run by hand (not part of the test suite)::

    python benchmarks/batch.py                # 5,000 files of ~5 KB
    python benchmarks/batch.py --files 1000 --jobs 2

The folder is generated into a temporary directory (seeded): mostly clean UTF-8 text
in a dozen languages and scripts, some clean legacy-encoded files (GBK, cp1251,
Shift-JIS) as a crawl has them, and 10 % damaged files (UTF-8 read as cp1252 or as
GBK, the whole file or one paragraph). In one run it times:

* encfix: ``encfix repair --check`` on the folder, all cores, as a user runs it
  (process start-up and the walk included); also with one worker, and with ``-o`` to
  a mirror folder (every file written atomically);
* the engine alone: ``encfix.repair_bytes`` in a loop in one process (so the cost of
  the command line and its pool can be told apart from the engine's);
* (a) a loop in one process: read, decode (UTF-8, else charset-normalizer),
  ``ftfy.fix_text``;
* (b) the ``ftfy`` command once per file: measured on a sample and extrapolated to
  the whole folder (the report says so);
* (c) the limit: read each file and decode it as UTF-8, nothing else.

and prints times, throughput and ratios, plus how many damaged and clean files each
tool changed (a rough check that the fast tool is not fast by doing nothing).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from encfix import encodings

SENTENCES = {
    "en": [
        "The city council approved the new budget for public libraries on Tuesday evening.",
        "Researchers say the drought has affected more than two million people in the region.",
        "The museum's winter exhibition opens next week with works from private collections.",
        "Local farmers expect a smaller harvest this year because of the late frost.",
        "The airline announced that it will add three new routes to Southeast Asia.",
        "Students protested outside the ministry, demanding lower tuition fees.",
    ],
    "fr": [
        "Le conseil municipal a adopté mardi soir le nouveau budget des bibliothèques.",
        "Les habitants du quartier ont organisé une fête pour célébrer l'arrivée de l'été.",
        "Selon les chercheurs, la sécheresse a touché plus de deux millions de personnes.",
        "Le musée présentera à partir de la semaine prochaine des œuvres inédites.",
        "Les élèves ont manifesté devant le ministère pour réclamer des frais réduits.",
    ],
    "de": [
        "Der Stadtrat hat am Dienstagabend den neuen Haushalt für die Bibliotheken beschlossen.",
        "Die Bürger äußerten sich zufrieden über die neue Straßenbahnlinie im Süden.",
        "Forscher schätzen, dass die Dürre mehr als zwei Millionen Menschen betrifft.",
        "Die Landwirte rechnen wegen des späten Frosts mit einer geringeren Ernte.",
        "Größere Veränderungen sind für die Fußgängerzone erst im nächsten Jahr geplant.",
    ],
    "es": [
        "El ayuntamiento aprobó el martes el nuevo presupuesto para las bibliotecas públicas.",
        "Los vecinos organizaron una fiesta para celebrar la llegada del verano.",
        "Según los investigadores, la sequía afectó a más de dos millones de personas.",
        "La compañía aérea anunció tres nuevas rutas hacia el sudeste asiático.",
    ],
    "tr": [
        "Belediye meclisi salı akşamı kütüphaneler için yeni bütçeyi onayladı.",
        "Araştırmacılara göre kuraklık bölgede iki milyondan fazla kişiyi etkiledi.",
        "Öğrenciler bakanlığın önünde harç ücretlerinin düşürülmesini talep etti.",
    ],
    "pl": [
        "Rada miejska zatwierdziła we wtorek nowy budżet dla bibliotek publicznych.",
        "Mieszkańcy dzielnicy zorganizowali festyn z okazji początku lata.",
        "Według naukowców susza dotknęła ponad dwa miliony osób w regionie.",
    ],
    "ru": [
        "Городской совет во вторник утвердил новый бюджет для публичных библиотек.",
        "Жители района организовали праздник в честь наступления лета.",
        "По словам исследователей, засуха затронула более двух миллионов человек.",
        "Фермеры ожидают небольшой урожай из-за поздних заморозков.",
        "Вчера в Москве прошёл концерт классической музыки под открытым небом.",
    ],
    "el": [
        "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον νέο προϋπολογισμό των βιβλιοθηκών.",
        "Οι κάτοικοι της γειτονιάς οργάνωσαν γιορτή για την αρχή του καλοκαιριού.",
        "Σύμφωνα με τους ερευνητές, η ξηρασία επηρέασε πάνω από δύο εκατομμύρια ανθρώπους.",
    ],
    "zh": [
        "市议会周二晚间通过了公共图书馆的新预算。",
        "研究人员表示，这场干旱已经影响了该地区两百多万人。",
        "博物馆的冬季展览将于下周开幕，展出多件私人收藏的作品。",
        "由于晚霜，当地农民预计今年的收成会减少。",
        "据新华社报道，今天上午，市政府召开新闻发布会，介绍了今年的经济发展情况。",
        "学生们在教育部门前抗议，要求降低学费。",
    ],
    "zh-hant": [
        "市議會週二晚間通過了公共圖書館的新預算。",
        "研究人員表示，這場乾旱已經影響了該地區兩百多萬人。",
        "博物館的冬季展覽將於下週開幕，展出多件私人收藏的作品。",
    ],
    "ja": [
        "市議会は火曜日の夜、公共図書館の新しい予算を承認した。",
        "研究者によると、干ばつは地域の二百万人以上に影響を与えている。",
        "東京の天気は明日から崩れる見込みです。",
        "博物館の冬の展覧会は来週から始まります。",
    ],
    "ko": [
        "시의회는 화요일 저녁 공공 도서관의 새 예산을 승인했다.",
        "연구자들에 따르면 가뭄은 이 지역의 이백만 명 이상에게 영향을 미쳤다.",
        "서울에서 열린 회의에 많은 사람들이 참석했습니다.",
    ],
    "ar": [
        "وافق مجلس المدينة مساء الثلاثاء على الميزانية الجديدة للمكتبات العامة.",
        "قال الباحثون إن الجفاف أثر على أكثر من مليوني شخص في المنطقة.",
    ],
    "he": [
        "מועצת העיר אישרה ביום שלישי את התקציב החדש לספריות הציבוריות.",
        "לדברי החוקרים, הבצורת השפיעה על יותר משני מיליון בני אדם באזור.",
    ],
    "th": [
        "สภาเมืองอนุมัติงบประมาณใหม่สำหรับห้องสมุดสาธารณะเมื่อเย็นวันอังคาร",
        "นักวิจัยกล่าวว่าภัยแล้งส่งผลกระทบต่อประชาชนมากกว่าสองล้านคนในภูมิภาค",
    ],
    "vi": [
        "Hội đồng thành phố đã thông qua ngân sách mới cho các thư viện công cộng vào tối thứ Ba.",
        "Theo các nhà nghiên cứu, hạn hán đã ảnh hưởng đến hơn hai triệu người trong khu vực.",
    ],
}
#: The encoding a clean legacy file of the language is stored in (a crawl has some).
LEGACY = {"zh": "gbk", "ru": "cp1251", "ja": "shift_jis", "ko": "euc-kr", "el": "cp1253"}
#: The wrong decoding that damages UTF-8 text of the language.
WRONG = {"zh": "gbk", "zh-hant": "gbk", "ja": "gbk", "ko": "gbk"}  # else cp1252


@dataclass(frozen=True, slots=True)
class Timing:
    label: str
    seconds: float
    cpu: float
    note: str = ""


def damage(text: str, wrong: str) -> str:
    """UTF-8 bytes of ``text`` read as ``wrong`` (the sloppy single-byte form for cp1252)."""
    if wrong == "cp1252":
        return encodings.decode(text.encode("utf-8"), "cp1252")
    return text.encode("utf-8").decode(wrong, errors="replace")


def make_folder(root: Path, count: int, size: int, seed: int, damaged: float = 0.10) -> dict[str, Counter[str]]:
    """Write the files; returns the kinds written (clean, legacy, damaged) per language."""
    rng = random.Random(seed)
    languages = sorted(SENTENCES)
    kinds: dict[str, Counter[str]] = {"clean": Counter(), "legacy": Counter(), "damaged": Counter()}
    for index in range(count):
        language = languages[index % len(languages)]
        paragraphs: list[str] = []
        while sum(len(p.encode()) for p in paragraphs) < size:
            sentences = rng.choices(SENTENCES[language], k=rng.randint(2, 5))
            paragraphs.append(" ".join(sentences) if language not in ("zh", "zh-hant", "ja") else "".join(sentences))
        text = "\n\n".join(paragraphs) + "\n"
        roll = rng.random()
        if roll < damaged:
            wrong = WRONG.get(language, "cp1252")
            if rng.random() < 0.5:
                text = damage(text, wrong)
            else:  # one damaged paragraph in a clean page
                target = rng.randrange(len(paragraphs))
                paragraphs[target] = damage(paragraphs[target], wrong)
                text = "\n\n".join(paragraphs) + "\n"
            kind, data = "damaged", text.encode("utf-8")
        elif roll < damaged + 0.05 and language in LEGACY:
            kind, data = "legacy", text.encode(LEGACY[language])
        else:
            kind, data = "clean", text.encode("utf-8")
        kinds[kind][language] += 1
        path = root / f"{index // 500:02}" / f"{kind}-{index:05}-{language}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return kinds


def all_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.txt"))


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (encfix's workers, ftfy)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(function: Callable[[], object]) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of a call. On a shared machine the CPU time is the
    steadier measure of work; the wall time is what a user waits."""
    started, cpu = time.perf_counter(), _cpu()
    result = function()
    return time.perf_counter() - started, _cpu() - cpu, result


def read_and_decode(paths: list[Path]) -> int:
    """(c) the limit: read and decode as UTF-8."""
    total = 0
    for path in paths:
        total += len(path.read_bytes().decode("utf-8", errors="replace"))
    return total


def ftfy_loop(paths: list[Path]) -> Counter[str]:
    """(a) one process: read, decode (UTF-8, else charset-normalizer), ftfy.fix_text."""
    import charset_normalizer
    import ftfy

    changed: Counter[str] = Counter()
    for path in paths:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(data).best()
            text = str(best) if best is not None else data.decode("utf-8", errors="replace")
        if ftfy.fix_text(text) != text:
            changed[path.name.split("-")[0]] += 1
    return changed


def encfix_loop(paths: list[Path]) -> None:
    """The engine alone, one process: read and ``repair_bytes`` (no walk, pool or writes)."""
    import encfix

    for path in paths:
        try:
            encfix.repair_bytes(path.read_bytes())
        except encfix.EncfixError:
            pass


def ftfy_cli(paths: list[Path]) -> None:
    """(b) the ftfy command once per file."""
    command = shutil.which("ftfy") or str(Path(sys.executable).parent / "ftfy")
    for path in paths:
        subprocess.run([command, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def encfix_cli(root: Path, jobs: int | None, *extra: str) -> Counter[str]:
    """encfix as a user runs it; returns the statuses by kind of file, from the report."""
    with tempfile.NamedTemporaryFile(suffix=".ndjson", delete=False) as report:
        report_path = report.name
    command = [sys.executable, "-m", "encfix", "repair", "-q", "--report", report_path, *extra, str(root)]
    if jobs is not None:
        command[4:4] = ["--jobs", str(jobs)]
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode not in (0, 1, 3):
        raise SystemExit(f"encfix failed: {result.stderr.decode(errors='replace')}")
    statuses: Counter[str] = Counter()
    with open(report_path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["type"] == "file":
                kind = Path(record["path"]).name.split("-")[0]
                statuses[f"{kind}:{record['status']}"] += 1
    os.unlink(report_path)
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--size", type=int, default=5000, help="bytes per file, roughly")
    parser.add_argument("--sample", type=int, default=200, help="files for the ftfy command (b)")
    parser.add_argument("--jobs", type=int, default=None, help="encfix workers (default: all cores)")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--damaged", type=float, default=0.10, help="fraction of damaged files")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="encfix-batch-") as temp:
        root = Path(temp) / "crawl"
        kinds = make_folder(root, args.files, args.size, args.seed, args.damaged)
        paths = all_files(root)
        megabytes = sum(path.stat().st_size for path in paths) / 1e6
        counts = {kind: sum(c.values()) for kind, c in kinds.items()}
        print(f"{len(paths)} files, {megabytes:.1f} MB: {counts} (cores: {os.cpu_count()})")
        read_and_decode(paths)  # warm the page cache for everyone

        t_limit = timed(lambda: read_and_decode(paths))
        t_encfix = timed(lambda: encfix_cli(root, args.jobs, "--check"))
        t_one = timed(lambda: encfix_cli(root, 1, "--check"))
        t_mirror = timed(lambda: encfix_cli(root, args.jobs, "-o", str(Path(temp) / "mirror")))
        t_engine = timed(lambda: encfix_loop(paths))
        t_loop = timed(lambda: ftfy_loop(paths))
        sample = random.Random(args.seed).sample(paths, min(args.sample, len(paths)))
        t_sample = timed(lambda: ftfy_cli(sample))
        scale = len(paths) / len(sample)
        t_cli = (t_sample[0] * scale, t_sample[1] * scale, None)
        statuses = t_encfix[2]
        ftfy_changed = t_loop[2]
        assert isinstance(statuses, Counter) and isinstance(ftfy_changed, Counter)

    timings = [
        Timing("encfix repair --check (all cores)", *t_encfix[:2]),
        Timing("encfix repair --check --jobs 1", *t_one[:2]),
        Timing("encfix repair -o MIRROR (all cores, writes every file)", *t_mirror[:2]),
        Timing("encfix.repair_bytes loop, one process (engine alone)", *t_engine[:2]),
        Timing("(a) loop: read, decode, ftfy.fix_text", *t_loop[:2]),
        Timing("(b) ftfy command once per file", *t_cli[:2], f"extrapolated from {len(sample)} files"),
        Timing("(c) read + UTF-8 decode only", *t_limit[:2]),
    ]
    print()
    print(f"| {'run':<62} | {'wall s':>8} | {'CPU s':>8} | {'files/s':>8} | {'MB/s':>7} |")
    print(f"|{'-' * 64}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 9}|")
    for timing in timings:
        rate = len(paths) / timing.seconds
        label = timing.label + (f" ({timing.note})" if timing.note else "")
        print(
            f"| {label:<62} | {timing.seconds:8.2f} | {timing.cpu:8.2f} | {rate:8.0f} "
            f"| {megabytes / timing.seconds:7.1f} |"
        )
    print()
    wall, cpu = t_encfix[0], t_encfix[1]
    for name, (peer_wall, peer_cpu), goal in (
        ("(a) ftfy loop", t_loop[:2], ">= 10x faster"),
        ("(b) ftfy command", t_cli[:2], ">= 50x faster"),
    ):
        print(
            f"encfix (all cores) vs {name}: {peer_wall / wall:6.2f}x faster by wall time, "
            f"{peer_cpu / cpu:6.2f}x by CPU time (goal {goal})"
        )
    print(
        f"encfix (all cores) vs (c) read+decode: {wall / t_limit[0]:6.1f}x slower by wall time, "
        f"{cpu / t_limit[1]:6.1f}x by CPU time (goal <= 5x)"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print()
    damaged = counts["damaged"]
    found = statuses["damaged:would-repair"]
    false_positives = statuses["clean:would-repair"] + statuses["legacy:would-repair"]
    print(f"encfix flagged {found}/{damaged} damaged files; changed {false_positives} clean/legacy files")
    print(f"  statuses: {dict(sorted(statuses.items()))}")
    print(
        f"ftfy changed {ftfy_changed['damaged']}/{damaged} damaged files; "
        f"changed {ftfy_changed['clean'] + ftfy_changed['legacy']} clean/legacy files"
    )


if __name__ == "__main__":
    main()
