"""Write the spreadsheet templates for a new case study (templates/case_studies/).

One CSV per table (header only) and one XLSX workbook with a sheet per table and a
sheet 'uitleg' with the Dutch column descriptions, all generated from
analysis/schemas/case_studies.yaml.  Run: python scripts/make_case_study_templates.py
"""

from pathlib import Path

from analysis.case_studies.templates import write_templates
from analysis.paths import ROOT

if __name__ == "__main__":
    for path in write_templates(Path(ROOT) / "templates" / "case_studies"):
        print(path)
