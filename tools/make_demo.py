"""Build the bundled demo calls from tools/demo_scripts/*.yaml.

    python tools/make_demo.py            # write resources/demo/ and tests/data/demo_expected.json
    python tools/make_demo.py --check    # exit 1 if the committed files are out of date

Each script is one hand-written call (see tools/demo_scripts/README.md). This turns it into
timed turns and writes it in the format its `output` file name asks for: canonical JSON,
a JSON array, JSONL, TXT (UTF-8 or GBK, with or without [mm:ss.ff]), SRT, WebVTT, CSV with
Chinese headers or XLSX with English headers (docs: the transcripts spec). It also writes the
verdicts a QA supervisor gives each call under the default rule pack, for the tests.

The output is deterministic: same scripts, same bytes. Needs PyYAML and openpyxl.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tools" / "demo_scripts"
OUT_DIR = ROOT / "resources" / "demo"
EXPECTED = ROOT / "tests" / "data" / "demo_expected.json"

RULES = (
    "opening.greeting",
    "closing.more_help",
    "closing.farewell",
    "hold.notice",
    "hold.thanks",
    "language.forbidden",
    "complaint.apology",
    "speech.rate",
    "courtesy.no_interrupt",
    "closing.hangup",
)
FATAL_RULES = ("language.forbidden",)

DEFAULT_GAPS = (0.7, 1.0, 0.8, 1.2, 0.9, 0.6)
HOLD_MIN = 24.0          # a scripted hold is a silence at least this long (rule: >= 20 s)
PLAIN_GAP_MAX = 3.0      # every other silence stays under this
RATE_OK = (135.0, 185.0)  # a passing call speaks well inside 120-200 chars/min
RATE_FAST, RATE_SLOW = 215.0, 105.0  # a failing one well outside it
INTERRUPT_FAIL = 2.0     # a failing interruption starts at least 2 s early (rule: > 1.0 s)
HANGUP_OK, HANGUP_FAIL = 4.0, 1.5  # agent hang-up gap after its last turn (rule: 3 s)

COUNTED = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]")
CSV_HEADERS = ("通话ID", "角色", "开始时间", "结束时间", "内容", "工号", "呼叫类型")
XLSX_HEADERS = ("call_id", "speaker", "start", "end", "text", "agent_id", "channel")
FIXED_ZIP_TIME = (2026, 11, 30, 0, 0, 0)
FIXED_DOC_TIME = "2026-11-30T00:00:00Z"
EVENT_FORMATS = (".json", ".jsonl")


def count_chars(text: str) -> int:
    """Characters that take speaking time: Chinese characters, letters and digits."""
    return len(COUNTED.findall(text))


@dataclass
class Turn:
    speaker: str  # "agent" | "customer"
    text: str     # may hold "\n": a continuation line in .txt, dropped elsewhere
    start: float = 0.0
    end: float = 0.0
    after_hold: bool = False

    @property
    def flat_text(self) -> str:
        return self.text.replace("\n", "")


@dataclass
class Call:
    script: Path
    data: dict
    turns: list[Turn] = field(default_factory=list)
    holds: list[tuple[float, float, bool]] = field(default_factory=list)  # start, end, event?
    hangup: dict | None = None

    @property
    def call_id(self) -> str:
        return self.data["call_id"]

    @property
    def output(self) -> str:
        return self.data["output"]

    @property
    def suffix(self) -> str:
        return Path(self.output).suffix.lower()

    @property
    def has_timestamps(self) -> bool:
        return not (self.suffix == ".txt" and self.data.get("timestamps") is False)

    @property
    def has_events(self) -> bool:
        return self.suffix in EVENT_FORMATS


# --------------------------------------------------------------------------- timing


def build(script: Path) -> Call:
    data = yaml.safe_load(script.read_text(encoding="utf-8"))
    call = Call(script, data)
    rates = data["rate"]
    gaps = tuple(data.get("gaps") or DEFAULT_GAPS)
    clock = 0.0        # end of the latest speech so far
    prev_end = 0.0     # end of the previous turn
    pending_hold: tuple[float, bool] | None = None
    for item in data["turns"]:
        if not isinstance(item, dict):
            raise ValueError(f"{script.name}: turn item must be a mapping: {item!r}")
        if "hold" in item:
            spec = item["hold"]
            if isinstance(spec, dict):
                pending_hold = (float(spec["seconds"]), bool(spec.get("event", True)))
            else:
                pending_hold = (float(spec), True)
            continue
        keys = [k for k in item if k in ("A", "C")]
        if len(keys) != 1:
            raise ValueError(f"{script.name}: turn needs exactly one of A/C: {item!r}")
        key = keys[0]
        text = item[key]
        if not isinstance(text, str):
            raise ValueError(f"{script.name}: turn text must be a string: {text!r}")
        speaker = "agent" if key == "A" else "customer"
        after_hold = pending_hold is not None
        if not call.turns:
            start = 0.0
        elif pending_hold is not None:
            seconds, event = pending_hold
            start = clock + seconds
            call.holds.append((clock + 0.5, start - 0.5, event))
            pending_hold = None
        elif "overlap" in item:
            start = prev_end - float(item["overlap"])
        else:
            gap = float(item.get("gap", gaps[len(call.turns) % len(gaps)]))
            start = clock + gap
        duration = count_chars(text) / float(rates[speaker]) * 60.0
        turn = Turn(speaker, text.strip(), start, start + duration)
        turn.after_hold = after_hold
        call.turns.append(turn)
        prev_end = turn.end
        clock = max(clock, turn.end)
    if pending_hold is not None:
        raise ValueError(f"{script.name}: a hold must be followed by a turn")
    for turn in call.turns:
        turn.start = round(turn.start, 2)
        turn.end = round(turn.end, 2)
    call.holds = [(round(a, 2), round(b, 2), e) for a, b, e in call.holds]
    if data.get("hangup"):
        spec = data["hangup"]
        call.hangup = {"by": spec["by"], "at": round(clock + float(spec["after"]), 2)}
    return call


# --------------------------------------------------------------------------- checks


def visible_ends(call: Call) -> list[float | None]:
    """Turn ends as a reader of the written file sees them. A .txt line keeps only its start
    time, so a turn there ends when the next one starts (and the last one has no end)."""
    if call.suffix != ".txt":
        return [t.end for t in call.turns]
    starts = [t.start for t in call.turns]
    return [*starts[1:], None]


def agent_rate(call: Call) -> float:
    """Characters a minute over the agent's speaking time, as the written file shows it."""
    chars = 0
    seconds = 0.0
    for turn, end in zip(call.turns, visible_ends(call), strict=True):
        if turn.speaker == "agent" and end is not None:
            chars += count_chars(turn.text)
            seconds += end - turn.start
    return chars / seconds * 60.0


def worst_interruption(call: Call) -> float:
    """How many seconds the agent started before the customer's turn ended, at worst."""
    worst = 0.0
    last_customer_end: float | None = None
    for turn, end in zip(call.turns, visible_ends(call), strict=True):
        if turn.speaker == "customer":
            last_customer_end = end
        elif last_customer_end is not None:
            worst = max(worst, last_customer_end - turn.start)
    return worst


def hangup_gap(call: Call) -> float | None:
    if not call.hangup or call.hangup["by"] != "agent":
        return None
    last_agent = max(t.end for t in call.turns if t.speaker == "agent")
    return call.hangup["at"] - last_agent


def verdicts(call: Call) -> dict[str, str]:
    """The supervisor's verdicts: `fails` from the script, `na` from what the call lacks."""
    fails = call.data.get("fails") or {}
    unknown = set(fails) - set(RULES)
    if unknown:
        raise ValueError(f"{call.script.name}: unknown rule ids {sorted(unknown)}")
    na = set()
    if not call.holds:
        na |= {"hold.notice", "hold.thanks"}
    if not call.data.get("complaint"):
        na.add("complaint.apology")
    if not call.has_timestamps:
        na |= {"speech.rate", "courtesy.no_interrupt"}
    if not (call.hangup and call.has_events):
        na.add("closing.hangup")
    clash = na & set(fails)
    if clash:
        raise ValueError(f"{call.script.name}: rules fail but do not apply: {sorted(clash)}")
    return {r: "na" if r in na else "fail" if r in fails else "pass" for r in RULES}


def self_check(call: Call, result: dict[str, str]) -> None:
    """Refuse scripts whose timing or shape contradicts their labels."""
    name = call.script.name
    problems = []
    n_turns = len(call.turns)
    n_chars = sum(count_chars(t.text) for t in call.turns)
    if not 15 <= n_turns <= 40:
        problems.append(f"{n_turns} turns (want 15-40)")
    if not 600 <= n_chars <= 2000:
        problems.append(f"{n_chars} characters (want 600-2000)")
    if call.turns[0].speaker != "agent":
        problems.append("the agent must speak first")
    if Path(call.output).stem != call.call_id and call.suffix in (".txt", ".srt", ".vtt"):
        problems.append("a .txt/.srt/.vtt call id is its file name")
    if call.suffix in (".txt", ".srt", ".vtt") and call.data.get("channel") == "outbound":
        problems.append("outbound calls need a format that carries the channel")
    if call.data.get("audio"):
        if not call.has_events:
            problems.append("only the JSON formats carry an audio path")
        elif not (OUT_DIR / call.data["audio"]).is_file():
            problems.append(f"no recording {call.data['audio']} (run tools/make_demo_audio.py)")
    rate = agent_rate(call)
    if result["speech.rate"] == "fail" and RATE_SLOW <= rate <= RATE_FAST:
        problems.append(f"speech.rate fails but the rate is {rate:.1f}")
    if result["speech.rate"] != "fail" and not RATE_OK[0] <= rate <= RATE_OK[1]:
        problems.append(f"speech.rate passes but the rate is {rate:.1f}")
    early = worst_interruption(call)
    if result["courtesy.no_interrupt"] == "fail" and early < INTERRUPT_FAIL:
        problems.append(f"no_interrupt fails but the worst overlap is {early:.2f} s")
    if result["courtesy.no_interrupt"] != "fail" and early > 0:
        problems.append(f"no_interrupt passes but the agent starts {early:.2f} s early")
    gap = hangup_gap(call)
    if result["closing.hangup"] == "fail" and (gap is None or gap > HANGUP_FAIL):
        problems.append(f"closing.hangup fails but the agent hang-up gap is {gap}")
    if result["closing.hangup"] == "pass" and gap is not None and gap < HANGUP_OK:
        problems.append(f"closing.hangup passes but the agent hang-up gap is {gap:.2f} s")
    for i, after in enumerate(call.turns[1:], 1):
        silence = after.start - max(t.end for t in call.turns[:i])
        if after.after_hold:
            if silence < HOLD_MIN:
                problems.append(f"hold of only {silence:.1f} s")
        elif silence > PLAIN_GAP_MAX:
            problems.append(f"{silence:.1f} s silence before {after.text[:12]}")
    if problems:
        raise ValueError(f"{name}: " + "; ".join(problems))


# --------------------------------------------------------------------------- writers


def canonical(call: Call) -> dict:
    d = call.data
    out: dict = {"call_id": call.call_id}
    if d.get("agent"):
        out["agent"] = {"id": str(d["agent"]["id"]), "name": d["agent"].get("name")}
    out["channel"] = d.get("channel", "inbound")
    if d.get("started_at"):
        out["started_at"] = d["started_at"]
    if d.get("audio"):
        out["audio"] = d["audio"]  # relative to the transcript; made by tools/make_demo_audio.py
    # An unknown key (readers keep it and ignore it): the topic, without the QA note.
    out["topic"] = re.split(r"[（(]", d.get("title", ""), maxsplit=1)[0].strip()
    out["turns"] = [
        {"speaker": t.speaker, "start": t.start, "end": t.end, "text": t.flat_text}
        for t in call.turns
    ]
    events = [{"type": "hold", "start": a, "end": b} for a, b, e in call.holds if e]
    if call.hangup:
        events.append({"type": "hangup", "by": call.hangup["by"], "at": call.hangup["at"]})
    if events:
        out["events"] = events
    return out


def dump_json(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_json(calls: list[Call]) -> bytes:
    if len(calls) == 1:
        return dump_json(canonical(calls[0]))
    return dump_json([canonical(c) for c in calls])


def write_jsonl(calls: list[Call]) -> bytes:
    lines = [json.dumps(canonical(c), ensure_ascii=False) for c in calls]
    return ("\n".join(lines) + "\n").encode("utf-8")


def roles(call: Call, default: tuple[str, str]) -> dict[str, str]:
    agent, customer = call.data.get("roles") or default
    return {"agent": agent, "customer": customer}


def mmss(seconds: float) -> str:
    minutes, rest = divmod(round(seconds * 100), 6000)
    return f"{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}"


def clock(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def write_txt(calls: list[Call]) -> bytes:
    (call,) = calls
    names = roles(call, ("坐席", "客户"))
    sep = call.data.get("separator", "：")
    lines = []
    for t in call.turns:
        first, *rest = t.text.split("\n")
        stamp = f"[{mmss(t.start)}] " if call.has_timestamps else ""
        lines.append(f"{stamp}{names[t.speaker]}{sep}{first}")
        lines.extend(rest)
    text = "\n".join(lines) + "\n"
    if call.data.get("encoding", "utf-8").lower() == "gbk":
        return text.replace("\n", "\r\n").encode("gbk")  # a Windows export: GBK + CRLF
    return text.encode("utf-8")


def write_srt(calls: list[Call]) -> bytes:
    (call,) = calls
    names = roles(call, ("坐席", "客户"))
    cues = []
    for i, t in enumerate(call.turns, 1):
        cues.append(
            f"{i}\n{clock(t.start, ',')} --> {clock(t.end, ',')}\n"
            f"{names[t.speaker]}：{t.flat_text}\n"
        )
    return "\n".join(cues).encode("utf-8")


def write_vtt(calls: list[Call]) -> bytes:
    (call,) = calls
    names = roles(call, ("坐席", "客户"))
    cues = ["WEBVTT\n"]
    for t in call.turns:
        cues.append(
            f"{clock(t.start, '.')} --> {clock(t.end, '.')}\n"
            f"<v {names[t.speaker]}>{t.flat_text}\n"
        )
    return "\n".join(cues).encode("utf-8")


def csv_clock(seconds: float) -> str:
    cs = round(seconds * 100)
    h, cs = divmod(cs, 360_000)
    m, cs = divmod(cs, 6000)
    return f"{h:02d}:{m:02d}:{cs // 100:02d}.{cs % 100:02d}"


def write_csv(calls: list[Call]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for call in calls:
        label = call.data.get("channel_label") or (
            "回访" if call.data.get("channel") == "outbound" else "呼入")
        for t in call.turns:
            writer.writerow([
                call.call_id, "坐席" if t.speaker == "agent" else "客户",
                csv_clock(t.start), csv_clock(t.end), t.flat_text,
                str(call.data["agent"]["id"]), label,
            ])
    return buf.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 CSV only with a BOM


def write_xlsx(calls: list[Call]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "calls"
    ws.append(XLSX_HEADERS)
    for call in calls:
        for t in call.turns:
            ws.append([call.call_id, t.speaker, t.start, t.end, t.flat_text,
                       str(call.data["agent"]["id"]), call.data.get("channel", "inbound")])
    ws.column_dimensions["E"].width = 80
    raw = io.BytesIO()
    wb.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Fixed timestamps inside the archive, so the same calls give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + FIXED_DOC_TIME.encode() + m.group(3),
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


WRITERS = {
    ".json": write_json,
    ".jsonl": write_jsonl,
    ".txt": write_txt,
    ".srt": write_srt,
    ".vtt": write_vtt,
    ".csv": write_csv,
    ".xlsx": write_xlsx,
}
SINGLE_CALL = (".txt", ".srt", ".vtt")


# --------------------------------------------------------------------------- main


def load_calls() -> list[Call]:
    calls = [build(p) for p in sorted(SCRIPTS.glob("*.yaml"))]
    seen: set[str] = set()
    for call in calls:
        if call.call_id in seen:
            raise ValueError(f"duplicate call id {call.call_id}")
        seen.add(call.call_id)
    return sorted(calls, key=lambda c: c.call_id)


def render(calls: list[Call]) -> dict[Path, bytes]:
    files: dict[str, list[Call]] = {}
    for call in calls:
        files.setdefault(call.output, []).append(call)
    out: dict[Path, bytes] = {}
    for name, group in sorted(files.items()):
        suffix = Path(name).suffix.lower()
        if suffix not in WRITERS:
            raise ValueError(f"{name}: no writer for {suffix}")
        if suffix in SINGLE_CALL and len(group) != 1:
            raise ValueError(f"{name}: a {suffix} file holds exactly one call")
        out[OUT_DIR / name] = WRITERS[suffix](group)

    expected = {"rules": list(RULES), "calls": {}}
    for call in calls:
        result = verdicts(call)
        self_check(call, result)
        fails = call.data.get("fails") or {}
        expected["calls"][call.call_id] = {
            "source": call.output,
            "channel": call.data.get("channel", "inbound"),
            "title": call.data.get("title", ""),
            "fatal": any(result[r] == "fail" for r in FATAL_RULES),
            "agent_rate": round(agent_rate(call), 1) if call.has_timestamps else None,
            "verdicts": result,
            "why": {r: fails[r] for r in RULES if r in fails},
        }
    out[EXPECTED] = dump_json(expected)
    return out


def _same(path: Path, content: bytes) -> bool:
    """Equal bytes; for workbooks, equal cells (openpyxl's XML differs with and without lxml)."""
    on_disk = path.read_bytes()
    if on_disk == content or path.suffix != ".xlsx":
        return on_disk == content
    from openpyxl import load_workbook

    def cells(data: bytes) -> list:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in workbook]
    return cells(on_disk) == cells(content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the files on disk instead of writing them")
    args = parser.parse_args(argv)
    try:
        rendered = render(load_calls())
    except ValueError as exc:
        print(f"make_demo: {exc}", file=sys.stderr)
        return 2
    produced = {p for p in rendered if p.parent == OUT_DIR}
    stale = {p for p in OUT_DIR.glob("*") if p.is_file() and p not in produced}
    if args.check:
        bad = [p for p, b in rendered.items() if not p.exists() or not _same(p, b)]
        bad += sorted(stale)
        for p in bad:
            print(f"out of date: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if bad else 0
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for path in stale:
        path.unlink()
    for path, content in rendered.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    n_calls = len(json.loads(rendered[EXPECTED])["calls"])
    print(f"wrote {len(produced)} files with {n_calls} calls to "
          f"{OUT_DIR.relative_to(ROOT)}, and {EXPECTED.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
