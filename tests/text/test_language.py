from annotator.text.language import detect_language, is_english, language_name

ENGLISH = "Unemployment fell to 4.3 percent in March, the lowest level since 2008, the statistics office said on Tuesday."
OTHERS = {
    "de": "Die Bundesregierung hat am Mittwoch beschlossen, dass die Steuern für kleine Unternehmen im kommenden Jahr nicht steigen werden, sagte der Minister.",
    "fr": "Le gouvernement a annoncé mercredi que les impôts des petites entreprises ne seront pas augmentés l'année prochaine, a déclaré le ministre.",
    "es": "El gobierno anunció el miércoles que los impuestos de las pequeñas empresas no subirán el próximo año, dijo el ministro de Hacienda.",
    "und": "Правительство объявило в среду, что налоги для малого бизнеса не будут повышены в следующем году, заявил министр финансов.",
}


def test_english_news_is_english():
    assert detect_language(ENGLISH) == "en"
    assert is_english(ENGLISH)


def test_other_languages_are_told_apart_from_english():
    for code, text in OTHERS.items():
        assert detect_language(text) == code, code
        assert not is_english(text)


def test_a_text_too_short_to_tell_counts_as_english():
    assert detect_language("Key points") is None
    assert is_english("Budget vote tonight")


def test_language_names_are_plain_words():
    assert language_name("de") == "German"
    assert language_name("und") == "a language other than English"


def test_every_english_news_sentence_of_the_tests_reads_as_english():
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "news_sentences.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = " ".join(row["text"] for row in rows)
    assert detect_language(text) == "en"
    paragraphs = [" ".join(row["text"] for row in rows[i : i + 3]) for i in range(0, len(rows), 3)]
    assert all(is_english(paragraph) for paragraph in paragraphs)
