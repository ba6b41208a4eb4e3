"""Generate the DEMONSTRATION coded-segment data of the IDU MIDI interview study.

The 27 interviews of the UvA MIDI study (seed 003, lines 8075-8828) are not public; only
findings per group and a few respondent counts are. This script makes a coded-segment table
that is consistent with everything published, so the pipeline can be shown end to end. It is
NOT the study's data. Run:  python scripts/generate_idu_midi_demo.py   (seeded, deterministic)

Choices (stated here and in the dataset description):

- 27 respondents R01..R27. The split over the two groups is not published; chosen: 15 from the
  municipal access (gemeente, R01-R15) and 12 from care providers (zorgaanbieder, R16-R27).
  Respondents 11 and 12 are quoted in the municipal results (lines 8313, 8322), hence
  municipal.
- Published findings (data_raw/idu_midi/findings.csv): for each finding a number of
  respondents of its group get one segment coded with the finding's MIDI determinant and the
  valence of its reading (``gemengd`` → a random mix of bevorderend / belemmerend / neutraal).
  "alle respondenten" → every respondent of the group; "meeste" → 11 of 15 / 9 of 12; no
  quantifier → a random 2..N/2. These numbers are invented; only their direction follows the
  publication.
- Published counts (cross_cutting.csv, training_wishes.csv) are reproduced EXACTLY: each code is
  given to exactly n respondents (training wishes and improvement points only to municipal
  respondents; "Respondent 12" / "Respondent 11" to R12 / R11).
- Coder agreement: the primary coder ``codeur_1`` codes everything; ``codeur_2`` codes all
  segments of 7 respondents (4 municipal, 3 provider), agreeing on the code with probability
  0.85 (else another code of the same category, or none) and on the valence with 0.9, and
  occasionally adding a second code.

- Interview texts: each respondent gets a short, clearly synthetic Dutch interview (the first
  line says so). Every segment of the primary coder is one answer sentence written from a
  template for its code and valence; the coding table carries its position in the text
  (``start``/``end``, Unicode code points, end exclusive) and the sentence as ``quote``. The
  texts use their own random stream (seed ``SEED + 1``), so the codings are the same as before
  texts existed. The texts say nothing about what real respondents said.

The script checks that every published count is reproduced, and that every quote is the text
between its positions, before it writes anything.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.determinants.frameworks import load_codebook  # noqa: E402

SEED = 20250428
RAW = ROOT / "data_raw" / "idu_midi"
OUT = ROOT / "data_raw" / "idu_midi_demo"
GROUP_SIZES = {"gemeente": 15, "zorgaanbieder": 12}
SECOND_CODER_N = {"gemeente": 4, "zorgaanbieder": 3}
VALENCES = ["bevorderend", "belemmerend", "neutraal"]
THEME_VALENCE = {
    "theme": "belemmerend",
    "family_factor": "belemmerend",
    "training_wish": "neutraal",
    "improvement_point": "neutraal",
}
HEADER = (
    "[SYNTHETISCH DEMONSTRATIE-INTERVIEW. Deze tekst is verzonnen door "
    "scripts/generate_idu_midi_demo.py om het inlezen en analyseren uit te proberen. Het is geen "
    "echt interview en geen uitspraak van een echte respondent.]"
)
QUESTIONS = [
    "I: Hoe gaat dat in de praktijk?",
    "I: Wat merkt u daarvan in uw werk?",
    "I: Kunt u daar iets meer over vertellen?",
    "I: En hoe is dat bij u?",
    "I: Kunt u een voorbeeld geven?",
]
# Answer templates per valence ({o}: the topic, the Dutch code label with a lower-case first letter).
TEMPLATES = {
    "bevorderend": [
        "Over {o}: dat zit bij ons goed, en het helpt om vanuit de grondhouding te werken.",
        "Als het gaat om {o}, dan merk ik vooral voordelen in het contact met gezinnen.",
        "Wat betreft {o} ben ik positief; dat maakt het werk makkelijker.",
    ],
    "belemmerend": [
        "Over {o}: daar lopen we echt op vast, en dat remt het werken vanuit de grondhouding.",
        "Als het gaat om {o}, dan is dat bij ons eerlijk gezegd een knelpunt.",
        "Wat betreft {o} gaat het niet goed; dat kost ons veel tijd en energie.",
    ],
    "neutraal": [
        "Over {o} heb ik geen uitgesproken mening; soms helpt het, soms niet.",
        "Als het gaat om {o}: dat speelt wel mee, maar het maakt voor mij weinig uit.",
    ],
}
# Study codes (idu_themes) read better in a sentence of their own.
CATEGORY_TEMPLATES = {
    "theme": "Wat ik steeds terugzie: {o}.",
    "family_factor": "Het wordt echt lastiger bij gezinnen met {o}.",
    "training_wish": "Ik zou graag meer training krijgen in: {o}.",
    "improvement_point": "Een verbeterpunt voor ons: {o}.",
}


def respondents_table() -> pd.DataFrame:
    rows, i = [], 1
    for group, n in GROUP_SIZES.items():
        for _ in range(n):
            rows.append({"respondent": f"R{i:02d}", "group": group})
            i += 1
    return pd.DataFrame(rows)


def primary_codings(rng: np.random.Generator, resp: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    findings = pd.read_csv(RAW / "findings.csv", dtype=str)
    cross = pd.read_csv(RAW / "cross_cutting.csv", dtype={"n": int, "N": int, "code": str})
    wishes = pd.read_csv(RAW / "training_wishes.csv", dtype={"n": int, "code": str, "respondent_ref": str})
    members = {g: list(resp.loc[resp["group"] == g, "respondent"]) for g in GROUP_SIZES}
    everyone = list(resp["respondent"])
    rows = []
    for f in findings.itertuples():
        pool = members[f.group]
        n_group = len(pool)
        if f.quantifier == "alle":
            k = n_group
        elif f.quantifier == "meeste":
            k = math.ceil(0.7 * n_group)
        else:
            k = int(rng.integers(2, n_group // 2 + 1))
        chosen = rng.choice(pool, size=k, replace=False)
        for r in chosen:
            if f.valence == "gemengd":
                v = str(rng.choice(VALENCES, p=[0.4, 0.4, 0.2]))
            else:
                v = f.valence
            rows.append((r, f.determinant, v))
    cat = codebook.set_index("key")["category"]
    for c in cross.itertuples():
        for r in rng.choice(everyone, size=c.n, replace=False):
            rows.append((r, c.code, THEME_VALENCE[cat[c.code]]))
    for w in wishes.itertuples():
        if isinstance(w.respondent_ref, str) and w.respondent_ref:
            chosen = [w.respondent_ref]
        else:
            chosen = rng.choice(members["gemeente"], size=w.n, replace=False)
        for r in chosen:
            rows.append((r, w.code, THEME_VALENCE[cat[w.code]]))
    df = pd.DataFrame(rows, columns=["respondent", "determinant", "valence"])
    # Order within respondent at random, then number the segments.
    df = df.sample(frac=1, random_state=int(rng.integers(1 << 30))).sort_values("respondent", kind="stable")
    df["segment"] = df["respondent"] + "-s" + (df.groupby("respondent").cumcount() + 1).map("{:03d}".format)
    df = df.merge(resp, on="respondent")
    df["coder"] = "codeur_1"
    return df


def second_coder(
    rng: np.random.Generator, primary: pd.DataFrame, resp: pd.DataFrame, codebook: pd.DataFrame
) -> pd.DataFrame:
    chosen = []
    for g, n in SECOND_CODER_N.items():
        chosen += list(rng.choice(resp.loc[resp["group"] == g, "respondent"], size=n, replace=False))
    by_cat = codebook.groupby("category")["key"].apply(list).to_dict()
    cat = codebook.set_index("key")["category"]
    rows = []
    for r in primary[primary["respondent"].isin(chosen)].itertuples():
        u = rng.random()
        if u < 0.85:
            det = r.determinant
        elif u < 0.95:
            det = str(rng.choice([k for k in by_cat[cat[r.determinant]] if k != r.determinant]))
        else:
            det = None
        v = r.valence if rng.random() < 0.9 else str(rng.choice([x for x in VALENCES if x != r.valence]))
        if det is not None:
            rows.append((r.respondent, r.group, r.segment, det, v))
        if rng.random() < 0.05:
            # A second code on the same segment, with the same valence (one valence per segment).
            extra = str(rng.choice([k for k in by_cat[cat[r.determinant]] if k not in (r.determinant, det)]))
            rows.append((r.respondent, r.group, r.segment, extra, v))
    df = pd.DataFrame(rows, columns=["respondent", "group", "segment", "determinant", "valence"])
    df["coder"] = "codeur_2"
    return df


def check(primary: pd.DataFrame) -> None:
    cross = pd.read_csv(RAW / "cross_cutting.csv")
    wishes = pd.read_csv(RAW / "training_wishes.csv")
    for code, n in list(zip(cross["code"], cross["n"])) + list(zip(wishes["code"], wishes["n"])):
        got = primary.loc[primary["determinant"] == code, "respondent"].nunique()
        assert got == n, f"{code}: {got} != published {n}"
    assert primary["respondent"].nunique() == 27


def _topic(label: str) -> str:
    label = label.split(": ", 1)[1] if ": " in label else label
    return label[:1].lower() + label[1:]


def interview_texts(
    rng: np.random.Generator, primary: pd.DataFrame, resp: pd.DataFrame, codebook: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
    """One synthetic text per respondent; returns (interviews table, segment → (start, end))."""
    meta = codebook.set_index("key")
    group_label = {"gemeente": "gemeentelijke toegang", "zorgaanbieder": "zorgaanbieder"}
    rows, spans = [], {}
    for r in resp.itertuples():
        text = f"{HEADER}\nRespondent {r.respondent} ({group_label[r.group]}), synthetisch.\n"
        for seg in primary[primary["respondent"] == r.respondent].itertuples():
            m = meta.loc[seg.determinant]
            if m["category"] in CATEGORY_TEMPLATES:
                answer = CATEGORY_TEMPLATES[m["category"]].format(o=_topic(m["label_nl"]))
            else:
                options = TEMPLATES[seg.valence]
                answer = options[int(rng.integers(len(options)))].format(o=_topic(m["label_nl"]))
            text += QUESTIONS[int(rng.integers(len(QUESTIONS)))] + "\nR: "
            spans[seg.segment] = (len(text), len(text) + len(answer))
            text += answer + "\n"
        text += "[Einde van het synthetische demonstratie-interview.]\n"
        rows.append({"respondent": r.respondent, "text": text})
    return pd.DataFrame(rows), spans


def generate() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    codebook = load_codebook(["midi", "idu_themes"])
    resp = respondents_table()
    primary = primary_codings(rng, resp, codebook)
    second = second_coder(rng, primary, resp, codebook)
    check(primary)
    interviews, spans = interview_texts(np.random.default_rng(SEED + 1), primary, resp, codebook)
    codings = pd.concat([primary, second], ignore_index=True)
    codings["level"] = "determinant"
    codings["start"] = codings["segment"].map(lambda s: spans[s][0])
    codings["end"] = codings["segment"].map(lambda s: spans[s][1])
    text = interviews.set_index("respondent")["text"]
    codings["quote"] = [text[r][a:b] for r, a, b in zip(codings["respondent"], codings["start"], codings["end"])]
    codings = codings[
        ["respondent", "group", "segment", "determinant", "valence", "coder", "level", "start", "end", "quote"]
    ]
    codings = codings.sort_values(["respondent", "segment", "coder", "determinant"], kind="stable").reset_index(
        drop=True
    )
    assert all(" " in q and not q.startswith(" ") and q.endswith(".") for q in codings["quote"]), (
        "quote is not a sentence"
    )
    return resp, codings, interviews


def main() -> None:
    from analysis.io import atomic_write_text

    resp, codings, interviews = generate()
    OUT.mkdir(parents=True, exist_ok=True)
    atomic_write_text(OUT / "respondents.csv", resp.to_csv(index=False, lineterminator="\n"))
    atomic_write_text(OUT / "codings.csv", codings.to_csv(index=False, lineterminator="\n"))
    atomic_write_text(OUT / "interviews.csv", interviews.to_csv(index=False, lineterminator="\n"))
    print(
        f"wrote {len(resp)} respondents, {len(interviews)} synthetic interview texts and {len(codings)} coded "
        f"segments ({(codings['coder'] == 'codeur_2').sum()} by the second coder) to {OUT.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
