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


def test_only_roles_allowed_to_unmask_may_turn_masking_off(qtbot, tmp_path, monkeypatch):
    from qa_desk.services.access import Identity
    from qa_desk.views.settings_page import SettingsPage

    monkeypatch.setattr("qa_desk.settings.settings_path", lambda: tmp_path / "settings.json")
    supervisor = SettingsPage(Settings(), actor=Identity("wang", "supervisor"))
    qtbot.addWidget(supervisor)
    assert supervisor.mask.isChecked() and not supervisor.mask.isEnabled()
    assert supervisor.save().mask_personal_data is True

    hr = SettingsPage(Settings(), actor=Identity("hr", "hr"))
    qtbot.addWidget(hr)
    hr.mask.setChecked(False)
    assert not hr.dispute_window.isEnabled()
    saved = hr.save()
    assert saved.mask_personal_data is False
    assert load_settings(tmp_path / "settings.json").mask_personal_data is False

    admin = SettingsPage(Settings(), actor=Identity("root", "admin"))
    qtbot.addWidget(admin)
    admin.dispute_window.setValue(14)
    assert admin.save().dispute_window_days == 14
