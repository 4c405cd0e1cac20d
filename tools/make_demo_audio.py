"""Synthesize the recordings of a few demo calls, so the call view can be shown with sound.

    python tools/make_demo_audio.py          # write resources/demo/audio/<call_id>.ogg
    python tools/make_demo_audio.py --keep   # also keep the per-turn WAVs in a temp folder

Each turn is spoken by espeak-ng's Mandarin voice (a woman's variant for the agent, the
default voice for the customer, so the sides are told apart by ear) and laid on the call's
own timeline: a turn starts exactly at its transcript start, and speech that would run past
the turn's end is sped up (sox tempo, pitch kept) and cut to fit, so the view's highlight
stays in step with what is heard. Overlapping turns (interruptions) are mixed, as on a real
line. The result is 8 kHz mono Ogg Vorbis at the lowest quality: phone-line sound, small
files.

The transcripts point at these files through their `audio` field, written by
tools/make_demo.py from the `audio:` key of the demo scripts.

Needs espeak-ng and sox with Ogg support: apt-get install espeak-ng sox libsox-fmt-all.
Not byte-for-byte reproducible (Vorbis streams carry a random serial number); the timing is.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa_desk.transcripts import read_file  # noqa: E402 - needs the checkout on sys.path
from qa_desk.transcripts.model import AGENT, Call  # noqa: E402

DEMO = ROOT / "resources" / "demo"
OUT_DIR = DEMO / "audio"
CALLS = ("demo-002", "demo-016", "demo-009")  # clean inbound; fails its opening (喂); a 回访
SAMPLE_RATE = 8000
VOICES = {AGENT: "cmn+f3", "customer": "cmn"}
SPEED = 175          # espeak words (here: syllables) a minute; the demo turns run ~160 chars/min
MAX_TEMPO = 1.8      # squeeze no further than this; the rest is cut at the turn's end
QUALITY = "-1"       # Vorbis quality -1: about 13 kbit/s of speech, next to nothing for silence
MAX_BYTES = 400_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the intermediate files")
    args = parser.parse_args(argv)
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        print(f"make_demo_audio: install {' and '.join(missing)} "
              "(apt-get install espeak-ng sox libsox-fmt-all)", file=sys.stderr)
        return 2
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="qa-desk-audio-"))
    try:
        for call_id in CALLS:
            call = load_call(call_id)
            target = OUT_DIR / f"{call_id}.ogg"
            render_call(call, work / call_id, target)
            size = target.stat().st_size
            print(f"{target.relative_to(ROOT)}: {duration_of(call):.1f} s, {size / 1000:.0f} KB",
                  file=sys.stderr)
            if size > MAX_BYTES:
                print(f"make_demo_audio: {target.name} is over {MAX_BYTES} bytes", file=sys.stderr)
                return 1
    finally:
        if args.keep:
            print(f"intermediate files in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def load_call(call_id: str) -> Call:
    calls = list(read_file(DEMO / f"{call_id}.json"))
    if len(calls) != 1 or not calls[0].has_timestamps:
        raise SystemExit(f"make_demo_audio: {call_id}.json must hold one timed call")
    return calls[0]


def duration_of(call: Call) -> float:
    """The whole call: to the hang-up when there is one, so the recording ends where it did."""
    return max(call.duration or 0.0, max(t.end or t.start or 0.0 for t in call.turns)) + 0.5


def render_call(call: Call, work: Path, target: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    line = np.zeros(round(duration_of(call) * SAMPLE_RATE), dtype=np.int32)
    for index, turn in enumerate(call.turns):
        slot = (turn.end or turn.start + 1.0) - turn.start
        samples = speak(turn.speaker, turn.text, slot, work / f"{index:03d}")
        begin = round(turn.start * SAMPLE_RATE)
        samples = samples[: max(0, min(len(samples), len(line) - begin))]
        line[begin:begin + len(samples)] += samples  # add: overlapping turns are both heard
    mixed = work / "call.wav"
    write_wav(mixed, np.clip(line, -32768, 32767).astype(np.int16))
    run("sox", str(mixed), "-C", QUALITY, str(target))


def speak(speaker: str, text: str, slot: float, stem: Path) -> np.ndarray:
    """The turn's speech at 8 kHz, no longer than its slot in the transcript."""
    raw, fitted = stem.with_suffix(".raw.wav"), stem.with_suffix(".wav")
    run("espeak-ng", "-v", VOICES.get(speaker, VOICES["customer"]), "-s", str(SPEED),
        "-w", str(raw), text)
    natural = read_wav_seconds(raw)
    effects = ["rate", str(SAMPLE_RATE), "gain", "-n", "-3"]
    if natural > slot:
        effects = ["tempo", "-s", f"{min(MAX_TEMPO, natural / slot):.3f}", *effects]
    run("sox", str(raw), "-c", "1", "-b", "16", str(fitted), *effects)
    samples = read_wav(fitted)
    return samples[: int(slot * SAMPLE_RATE)].astype(np.int32)


def read_wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as stream:
        return stream.getnframes() / stream.getframerate()


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as stream:
        if stream.getsampwidth() != 2 or stream.getnchannels() != 1:
            raise SystemExit(f"make_demo_audio: {path} is not 16-bit mono")
        return np.frombuffer(stream.readframes(stream.getnframes()), dtype="<i2")


def write_wav(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as stream:
        stream.setnchannels(1)
        stream.setsampwidth(2)
        stream.setframerate(SAMPLE_RATE)
        stream.writeframes(samples.astype("<i2").tobytes())


def run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"make_demo_audio: {' '.join(command[:3])}… failed:\n{result.stderr}")


if __name__ == "__main__":
    sys.exit(main())
