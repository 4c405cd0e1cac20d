"""Folding for matching, always with a way back to the original characters."""

from __future__ import annotations

import random

from qa_desk.transcripts.normalize import _SHORT_TEXT, TURN_SEPARATOR, fold, fold_both, fold_sound


def test_traditional_width_case_and_punctuation_fold_away():
    assert fold("感謝您的來電，再見！") == "感谢您的来电再见"
    assert fold("ＡＢＣ　１２３ Abc") == "abc123abc"
    assert fold("您好, 我是 1024 号") == "您好我是1024号"


def test_homophones_fold_to_the_same_sound():
    assert fold_sound("很高性为您服务") == fold_sound("很高兴为您服务")
    assert fold_sound("工好") == fold_sound("工号")
    assert fold("很高性为您服务") != fold("很高兴为您服务")


def test_different_sounds_stay_different():
    assert fold_sound("我不知道") != fold_sound("我不清楚")
    assert fold_sound("再见") != fold_sound("在线")


def test_offsets_lead_back_to_the_original_text():
    original = "您好！感謝您的來電，祝您生活愉快，再見。"
    folded = fold_both(original)
    start = folded.exact.find("感谢您的来电")
    begin, end = folded.original_span(start, start + len("感谢您的来电"))
    assert original[begin:end] == "感謝您的來電"
    start = folded.exact.find("再见")
    begin, end = folded.original_span(start, start + 2)
    assert original[begin:end] == "再見"


def test_a_phrase_split_by_punctuation_maps_to_the_whole_original_span():
    original = "请您，稍等。"
    folded = fold_both(original)
    assert folded.exact == "请您稍等"
    assert folded.original_span(0, 4) == (0, 5)


def test_sound_and_exact_folds_line_up_character_for_character():
    folded = fold_both("很高性為您服務，工好1024")
    assert len(folded.exact) == len(folded.sound) == len(folded.offsets)


def test_turn_separator_survives_folding():
    folded = fold_both("你好" + TURN_SEPARATOR + "再见")
    assert folded.exact == "你好" + TURN_SEPARATOR + "再见"
    assert folded.sound.count(TURN_SEPARATOR) == 1


def test_short_texts_fold_as_the_array_path_folds_them():
    # fold and fold_sound take str.translate for short texts; fold_both always takes arrays.
    rng = random.Random(5)
    alphabet = ("您好，請問有什麼可以幫您？ＡＢＣ１２３abc 　!…—「」感謝來電再見很高兴为您服务"
                "\u00e9\u0301\ufb01\U0001f600\u3000\t\n喂")
    texts = ["", "您好", "感謝您的來電，再見！", "ＨＥＬＬＯ　Ｗｏｒｌｄ", "\U0001f600😀"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, _SHORT_TEXT)))
              for _ in range(500)]
    for text in texts:
        both = fold_both(text)
        assert (fold(text), fold_sound(text)) == (both.exact, both.sound), repr(text)
