"""Chinese labels and value formats shared by the PDF form and the workbook."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

VERDICTS = {"pass": "通过", "fail": "未通过", "na": "不适用"}
CHANNELS = {"inbound": "呼入", "outbound": "回访"}
STATUSES = {"auto": "待复核", "in_review": "复核中", "signed": "已签核", "unscored": "未评分"}
REVIEWS = {"confirm": "确认", "reject": "驳回", "override": "改分"}
ACTIONS = {"sign": "签核", "reopen": "重新打开", "dispute": "坐席申诉", "dispute.accept": "申诉成立",
           "dispute.reject": "申诉驳回"}
SPEAKERS = {"agent": "坐席", "customer": "客户"}
FATAL = "一票否决"
YES, NO = "是", "否"
PASSED = {True: "通过", False: "未通过", None: "待阅卷"}
# Where a reward/penalty line came from: "evaluation:12" prints as 评估 12.
SOURCES = {"evaluation": "评估", "call": "通话", "attempt": "考试", "entry": "登记", "exam": "考试"}
MISSING = "—"


def label(table: dict[str, str], key: str | None) -> str:
    if key is None:
        return MISSING
    return table.get(key, key)


CELL_TEXT_LIMIT = 240  # characters of a reason or comment a table cell shows (rows fit a page)


def clip(text: str, limit: int = CELL_TEXT_LIMIT) -> str:
    """Text for a table cell: a row cannot run over a page break, so very long text is cut,
    and says so."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…（共 {len(text)} 字，全文见系统）"


def score_text(score: float | None) -> str:
    """Scores everywhere on paper: one decimal, as the workbook's 0.0 format shows them."""
    return MISSING if score is None else f"{score:.1f}"


def points_text(points: float) -> str:
    return f"{points:g}"


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return MISSING
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}分{rest:02d}秒"


def timecode(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


def when_text(moment: datetime | None, *, seconds: bool = False) -> str:
    """Wall-clock time as stored for calls; review times (UTC) in the reader's local zone."""
    if moment is None:
        return MISSING
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def as_utc(moment: datetime | None) -> datetime | None:
    """Naive review times come back from SQLite; they were stored in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def money_text(amount: Decimal | float | int) -> str:
    """Yuan with two decimals and a sign: +100.00 a reward, -100.00 a penalty."""
    value = Decimal(amount).quantize(Decimal("0.01"))
    return f"{value:+,.2f}" if value else "0.00"


def sources_text(sources: tuple[str, ...] | list[str]) -> str:
    """"evaluation:12, call:demo-005" as 评估 12、通话 demo-005."""
    out = []
    for source in sources:
        kind, _, key = source.partition(":")
        out.append(f"{SOURCES[kind]} {key}" if key and kind in SOURCES else source)
    return "、".join(out) or MISSING


def clock_text(seconds: float | None) -> str:
    """Time taken, as 12分05秒 or 1时02分03秒."""
    if seconds is None:
        return MISSING
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}时{minutes:02d}分{secs:02d}秒" if hours else f"{minutes}分{secs:02d}秒"
