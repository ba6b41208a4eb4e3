"""Notebook kernels start quietly and without a race: IPC transport, no network ports."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = r"""
import json, sys
from pathlib import Path
from analysis import build, paths

nbs = []
for i in range(2):
    nb = {"cells": [{"cell_type": "raw", "id": "c0", "metadata": {}, "source": "---\ntitle: T\ndatasets: []\n---"},
                    {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [],
                     "source": f"#| label: tbl-x\nprint({i} * 21)"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    p = paths.NOTEBOOKS / f"k{i}.ipynb"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(nb))
    nbs.append(p)
state = build.State()
for run in range(int(sys.argv[1])):
    build.execute_notebooks(build.Progress(), state, {p: {"run": str(run)} for p in nbs}, force=True)
    for i, p in enumerate(nbs):
        out = json.loads(build.executed_path(p).read_text())["cells"][1]["outputs"]
        text = out[0]["text"]
        assert ("".join(text) if isinstance(text, list) else text).strip() == str(i * 21), (run, out)
print("ALLE RONDES GELUKT")
"""


@pytest.mark.skipif(os.name == "nt", reason="IPC transport bestaat niet op Windows (daar TCP op localhost)")
def test_parallel_notebook_step_twenty_times_without_start_up_failure_or_warning(tmp_path):
    env = dict(os.environ, ANALYSIS_ROOT=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "20"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1200
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-4000:]
    assert "ALLE RONDES GELUKT" in result.stdout
    assert out.count("uitgevoerd (") == 40  # 20 rounds × 2 notebooks, two at a time
    assert "WARNING" not in out and "TCP" not in out and "Address already in use" not in out, out[-4000:]
    # the IPC sockets live in a private temporary folder, never next to the notebooks
    assert sorted(p.name for p in (tmp_path / "notebooks").iterdir()) == ["k0.ipynb", "k1.ipynb"]


def test_kernel_config_uses_ipc_in_a_given_folder(tmp_path):
    from analysis.notebooks import kernel_config

    cfg = kernel_config(tmp_path)
    if os.name == "nt":
        assert not cfg
    else:
        assert cfg.KernelManager.transport == "ipc" and cfg.KernelManager.ip == str(tmp_path / "kernel")
