"""Every column that counts persons is marked in its schema, so the privacy rules reach it."""

from __future__ import annotations

from analysis.privacy import counts_persons, unmarked_person_counts
from analysis.schema import ColumnSchema, DatasetSchema, TableSchema, dataset_names, load_schema


def test_every_person_count_in_every_dataset_is_marked():
    assert unmarked_person_counts() == []


def test_the_known_person_counts_are_recognised_and_marked():
    """The rule finds the person counts of the project (so it cannot silently stop finding them)."""
    known = {
        "databronnen.data_collection.n",
        "helmond_published_figures.percentages.n_denominator",
        "idu_lessons.components.n_participants",
        "idu_midi.cross_cutting.n",
        "idu_midi.cross_cutting.N",
        "idu_midi.training_wishes.n",
    }
    found = {
        f"{d}.{t}.{c}"
        for d in dataset_names()
        for t, table in load_schema(d).tables.items()
        for c, col in table.columns.items()
        if counts_persons(col)
    }
    assert known <= found
    for name in known:
        d, t, c = name.split(".")
        assert load_schema(d).tables[t].columns[c].privacy == "small_count", name
    # ordinal numbers, item codes and sticker votes are not counts of persons
    assert not found & {
        "case_studies.events.seq",
        "helmond_questionnaires.forms.sdq_01",
        "case_studies.stickers.votes",
        "st_raw.waves.year",
    }


def test_an_unmarked_person_count_fails():
    cols = {
        "n_ouders": ColumnSchema("n_ouders", "integer", "Aantal ouders in de groep"),
        "deelnemers": ColumnSchema("deelnemers", "integer", "Aantal deelnemers aan de bijeenkomst"),
        "jaar": ColumnSchema("jaar", "integer", "Jaar van de meting"),
        "n_marked": ColumnSchema("n_marked", "integer", "Aantal kinderen", privacy="small_count"),
    }
    fake = DatasetSchema("x", "X", "", {"t": TableSchema("t", "x/t.csv", "T", "", cols)})
    assert unmarked_person_counts([fake]) == ["x.t.n_ouders", "x.t.deelnemers"]
