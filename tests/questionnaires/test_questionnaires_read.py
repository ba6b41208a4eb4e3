"""Reading real exports (CSV / Dutch Excel CSV / XLSX / SPSS; wide, form, long) and every bad-input case."""

import numpy as np
import pandas as pd
import pytest

from analysis.questionnaires import helmond, read, score
from analysis.questionnaires.exports import wide_layout, write_sav
from analysis.questionnaires.instruments import load_instrument
from analysis.validation import ValidationErrors

SDQ = load_instrument("sdq_parent_4_17")
ARI = load_instrument("ari_cp_2_5_demo_key")
BOTH = [SDQ, ARI]


def sdq_only_form(rid="A", wave="t0", age=8, value=1, **overrides):
    row = {"respondent_id": rid, "wave": wave, "child_age": age}
    row.update({c: value for c in SDQ.item_columns})
    row.update(overrides)
    return row


def write_csv(tmp_path, rows, name="export.csv", sep=","):
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, index=False, sep=sep)
    return path


def errors_of(path, instruments=(SDQ,), **kw):
    with pytest.raises(ValidationErrors) as exc:
        read.read_export(path, list(instruments), **kw)
    return exc.value.errors


# ------------------------------------------------------------------ formats give identical scores


@pytest.mark.parametrize("suffix", [".sav", ".xlsx", ".csv"])
def test_exports_give_the_processed_scores(demo_results, demo_exports, suffix):
    base = demo_results
    exp = read.read_export(demo_exports[suffix], BOTH)
    assert exp.layout == "wide" and len(exp.respondents) == 22
    res = helmond.analyse(exp)
    pd.testing.assert_frame_equal(
        res.sdq_scores.reset_index(drop=True), base.sdq_scores.reset_index(drop=True), check_dtype=False
    )
    pd.testing.assert_frame_equal(res.effects, base.effects)
    assert helmond.quantities(res) == helmond.quantities(base)


def test_dutch_excel_csv_with_labels_and_decimal_commas(tmp_path):
    rows = [sdq_only_form(sdq_01="Zeker waar", sdq_02="een beetje waar", sdq_03="NIET WAAR", child_age="7,5")]
    path = write_csv(tmp_path, rows, sep=";")
    path.write_bytes(path.read_text().encode("cp1252"))
    f = read.read_export(path, [SDQ]).forms
    assert f.loc[0, ["sdq_01", "sdq_02", "sdq_03"]].tolist() == [2, 1, 0]
    assert f.loc[0, "child_age"] == 7.5


def test_long_layout(tmp_path):
    rows = [
        {"respondent_id": "A", "wave": w, "child_age": 8, "item": c, "value": 1}
        for w in ("t0", "t1")
        for c in SDQ.item_columns
    ]
    exp = read.read_export(write_csv(tmp_path, rows), [SDQ])
    assert exp.layout == "long" and len(exp.forms) == 2
    assert score.score_forms(exp.forms, SDQ)["total_difficulties"].tolist() == [20, 20]  # 4 scales x 5 items x 1


def test_wave_aliases(tmp_path):
    rows = [sdq_only_form(wave="Voormeting"), sdq_only_form(wave="nameting")]
    assert read.read_export(write_csv(tmp_path, rows), [SDQ]).forms["wave"].tolist() == ["t0", "t1"]


# ------------------------------------------------------------------ bad input: file, row, column


def test_item_value_outside_range(tmp_path):
    path = write_csv(tmp_path, [sdq_only_form(), sdq_only_form(rid="B", sdq_12=3)])
    (e,) = errors_of(path)
    assert (e.row, e.column) == (3, "sdq_12") and "buiten de antwoordcodes" in e.message
    assert "export.csv, rij 3, kolom 'sdq_12'" in str(e)


def test_ari_value_outside_its_own_range(tmp_path):
    row = sdq_only_form(**{c: 3 for c in ARI.item_columns})
    row["ari_05"] = 0
    (e,) = errors_of(write_csv(tmp_path, [row]), BOTH)
    assert (e.row, e.column) == (2, "ari_05") and "1-5" in e.message


def test_unknown_response_label(tmp_path):
    (e,) = errors_of(write_csv(tmp_path, [sdq_only_form(sdq_04="Soms")]))
    assert (e.row, e.column) == (2, "sdq_04") and "'Soms'" in e.message and "Zeker waar" in e.message


def test_duplicate_respondent_wave(tmp_path):
    (e,) = errors_of(write_csv(tmp_path, [sdq_only_form(), sdq_only_form(rid="B"), sdq_only_form()]))
    assert (e.row, e.column) == (4, "wave") and "meer dan eens" in e.message


def test_post_without_pre(tmp_path):
    (e,) = errors_of(write_csv(tmp_path, [sdq_only_form(), sdq_only_form(rid="B", wave="t1")]))
    assert (e.row, e.column) == (3, "wave") and "geen voormeting" in e.message


def test_child_age_outside_instrument_range(tmp_path):
    (e,) = errors_of(write_csv(tmp_path, [sdq_only_form(age=3)]))
    assert (e.row, e.column) == (2, "child_age") and "4-17" in e.message


def test_ari_age_outside_range_is_reported_not_refused(demo_frames, demo_results):
    res = demo_results
    ages = demo_frames[0].set_index("respondent_id").loc[demo_frames[1]["respondent_id"].unique(), "child_age"]
    assert res.age_outside_ari == int((ages > 5).sum()) > 0


def test_item_column_missing(tmp_path):
    row = sdq_only_form()
    del row["sdq_07"]
    (e,) = errors_of(write_csv(tmp_path, [row]))
    assert (e.row, e.column) == (None, "sdq_07") and "ontbreekt" in e.message


def test_item_column_missing_in_wide_export(tmp_path, demo_frames):
    wide = wide_layout(*demo_frames).drop(columns=["sdq_07_t0", "sdq_07_t1"])
    path = tmp_path / "wide.xlsx"
    wide.to_excel(path, index=False)
    errs = errors_of(path, BOTH)
    assert [(e.row, e.column) for e in errs] == [(None, "sdq_07_t0 / sdq_07_t1")]


def test_sav_value_labels_disagree(tmp_path, demo_frames):
    wide = wide_layout(*demo_frames)
    path = write_sav(wide, tmp_path / "bad.sav", BOTH)
    import pyreadstat

    df, meta = pyreadstat.read_sav(str(path))
    labels = dict(meta.variable_value_labels)
    labels["sdq_05_t0"] = {0.0: "Zeker waar", 1.0: "Een beetje waar", 2.0: "Niet waar"}  # reversed coding
    pyreadstat.write_sav(df, str(path), variable_value_labels=labels)
    errs = errors_of(path, BOTH)
    assert {e.column for e in errs} == {"sdq_05_t0"} and len(errs) == 2
    assert all(e.row is None and "waardelabel" in e.message for e in errs)
    assert "bad.sav" in str(errs[0])


def test_all_problems_reported_together(tmp_path):
    rows = [sdq_only_form(sdq_01=5), sdq_only_form(rid="B", age=30, sdq_02="ja")]
    errs = errors_of(write_csv(tmp_path, rows))
    assert [(e.row, e.column) for e in errs] == [(2, "sdq_01"), (3, "child_age"), (3, "sdq_02")]


def test_too_few_items_is_a_counted_missing_score_not_an_error(tmp_path):
    row = sdq_only_form(sdq_06="", sdq_11="", sdq_14="")  # peer: 2 of 5 answered
    exp = read.read_export(write_csv(tmp_path, [row]), [SDQ])
    s = score.score_forms(exp.forms, SDQ)
    assert np.isnan(s.loc[0, "peer"]) and np.isnan(s.loc[0, "total_difficulties"]) and s.loc[0, "emotional"] == 5
    assert score.missing_scale_counts(s, SDQ).set_index("scale").loc["peer", "missing_too_few_items"] == 1


def test_domain_validator_names_the_raw_file_and_writes_nothing(demo_frames):
    from analysis.questionnaires.validate import validate_tables
    from analysis.schema import load_schema

    schema = load_schema("helmond_questionnaires")
    respondents, forms = demo_frames
    bad = forms.copy()
    bad.loc[bad["respondent_id"] == "H15", "wave"] = "t1"  # a post measurement without a pre
    with pytest.raises(ValidationErrors) as exc:
        validate_tables({"respondents": respondents, "forms": bad}, schema)
    (e,) = [x for x in exc.value.errors if x.column == "wave"]
    assert e.file == "data_raw/helmond_questionnaires/forms.csv" and "H15" in e.message
    wrong = respondents.copy()
    wrong.loc[wrong["respondent_id"] == "H20", "participation"] = "both"
    with pytest.raises(ValidationErrors, match="participation"):
        validate_tables({"respondents": wrong, "forms": forms}, schema)
    out = validate_tables({"respondents": respondents, "forms": forms}, schema)
    assert set(out) == {"respondents", "forms"}  # scores are computed where used, not written


def test_demonstration_data_reproduce_the_published_counts(demo_results):
    q = helmond.quantities(demo_results)
    assert (q["n_all"], q["n_both"], q["n_baseline_only"], q["n_none"]) == (22, 14, 5, 3)
    assert (q["elevated"], q["high_among_elevated"]) == (9, 6)  # 64%, 67%
    assert (q["not_elevated"], q["low_among_not_elevated"]) == (5, 5)  # 36%, 100%
    assert q["no_longer_high_among_high"] == 3  # 50% of 6
    assert q["reliable_improvement_among_elevated"] == 4  # documented choice for "50% of 9"


def test_norm_choice(monkeypatch, demo_frames):
    """The norm is a project setting (analysis.toml [questionnaires] norm), so the build key covers it."""
    import analysis.config

    monkeypatch.setattr(analysis.config, "settings", lambda: {"questionnaires": {"norm": "uk_abnormal"}})
    assert helmond.chosen_norm() == "uk_abnormal"
    res = helmond.analyse(helmond.export_from_frames(*demo_frames), helmond.chosen_norm())
    # the demonstration data were generated so the published groups hold under the UK norm too
    assert helmond.quantities(res)["elevated"] == 9
    assert helmond.tds_cutoffs(res) == {"Brits (≥ 17)": 16.0}
    monkeypatch.setattr(analysis.config, "settings", lambda: {"questionnaires": {"norm": "nl_klinisch"}})
    with pytest.raises(ValueError, match=r"analysis.toml \[questionnaires\] norm"):
        helmond.chosen_norm()


def test_sav_user_missing_codes_are_unanswered_items(tmp_path, demo_frames):
    import pyreadstat

    wide = wide_layout(*demo_frames)
    wide.loc[0, "sdq_03_t0"] = 9  # H01, baseline: "geen antwoord"
    labels = {
        f"{c}_{w}": {**{float(k): v for k, v in SDQ.response_labels.items()}, 9.0: "Geen antwoord"}
        for c in SDQ.item_columns
        for w in ("t0", "t1")
    }
    num = wide.drop(columns=[c for c in wide.columns if c.startswith(("ari_", "sdq_imp"))])
    num = num.apply(lambda s: s if s.name == "respondent_id" else pd.to_numeric(s).astype(float))
    path = tmp_path / "um.sav"
    pyreadstat.write_sav(num, str(path), variable_value_labels=labels, missing_ranges={c: [9.0] for c in labels})
    f = read.read_export(path, [SDQ]).forms.set_index(["respondent_id", "wave"])
    assert np.isnan(f.loc[("H01", "t0"), "sdq_03"])
    assert (
        f.loc[("H01", "t1"), "sdq_03"]
        == demo_frames[1].set_index(["respondent_id", "wave"]).loc[("H01", "t1"), "sdq_03"]
    )


def test_long_layout_unknown_item(tmp_path):
    rows = [{"respondent_id": "A", "wave": "t0", "child_age": 8, "item": c, "value": 1} for c in SDQ.item_columns]
    rows.insert(3, {"respondent_id": "A", "wave": "t0", "child_age": 8, "item": "sdq_26", "value": 1})
    (e,) = errors_of(write_csv(tmp_path, rows))
    assert (e.row, e.column) == (5, "item") and "sdq_26" in e.message
