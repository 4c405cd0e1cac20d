"""A transcript's `audio` names a recording relative to the transcript's folder. One that
escapes the folder (../.., an absolute path, a link pointing out) is never followed: the call
is kept without a recording and the import says why, naming the file and the call."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from qa_desk.models import Call
from qa_desk.services.importing import ImportService
from qa_desk.transcripts import read_file
from tests.helpers import call_dict, write_json

ESCAPES = ["../../etc/passwd", "/etc/passwd", "sub/../../outside.wav", "..", "../calls2/x.wav",
           "./../x.wav"]


@pytest.mark.parametrize("audio", ESCAPES)
def test_an_audio_path_outside_the_folder_is_refused_with_a_warning(tmp_path, audio):
    path = write_json(tmp_path / "calls" / "c.json", call_dict("c-1", audio=audio))
    [call] = list(read_file(path))
    assert call.audio is None
    [warning] = call.warnings
    assert "outside the transcript's folder" in warning and str(path) in warning
    assert "c-1" in warning and repr(audio) in warning


def test_a_link_pointing_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "private.wav"
    outside.write_bytes(b"RIFF")
    folder = tmp_path / "calls"
    folder.mkdir()
    os.symlink(outside, folder / "rec.wav")
    path = write_json(folder / "c.json", call_dict("c-1", audio="rec.wav"))
    [call] = list(read_file(path))
    assert call.audio is None and "outside" in call.warnings[0]


def test_a_recording_inside_the_folder_is_kept(tmp_path):
    folder = tmp_path / "calls"
    (folder / "rec").mkdir(parents=True)
    (folder / "rec" / "a.wav").write_bytes(b"RIFF")
    path = write_json(folder / "c.json", call_dict("c-1", audio="rec/../rec/a.wav"))
    [call] = list(read_file(path))
    assert call.audio == str((folder / "rec" / "a.wav").resolve()) and not call.warnings


def test_import_stores_no_escaping_path_and_reports_it(db, tmp_path):
    calls = [call_dict("c-out", audio="../../etc/passwd"), call_dict("c-abs", audio="/etc/shadow"),
             call_dict("c-ok", audio="ok.wav")]
    path = write_json(tmp_path / "calls" / "batch.json", calls)
    outcome = ImportService(db).import_file(path)
    assert sorted(outcome.imported) == ["c-abs", "c-ok", "c-out"] and not outcome.failed
    assert len(outcome.warnings) == 2
    assert any("'../../etc/passwd'" in w for w in outcome.warnings)
    assert any("'/etc/shadow'" in w for w in outcome.warnings)
    with db.sessions() as session:
        stored = dict(session.execute(select(Call.call_id, Call.audio_path)).all())
    assert stored["c-out"] is None and stored["c-abs"] is None
    assert stored["c-ok"] == str((tmp_path / "calls" / "ok.wav").resolve())
