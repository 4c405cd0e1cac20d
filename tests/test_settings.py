from __future__ import annotations

from qa_desk.settings import Settings, load_settings


def test_settings_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    Settings(language="zh_CN", organisation="华信客服中心", reviewer="王主管").save(path)
    loaded = load_settings(path)
    assert (loaded.language, loaded.organisation, loaded.reviewer) == ("zh_CN", "华信客服中心", "王主管")


def test_broken_or_unknown_settings_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text('{"language": "klingon", "unknown": 1, "reviewer": 5}', encoding="utf-8")
    assert load_settings(path) == Settings()
