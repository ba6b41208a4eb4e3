# Two commands for everyone (see README.md). The work is done by tasks.py, which also runs on
# Windows without make: `python tasks.py report` / `python tasks.py test`.
PYTHON ?= python3

.PHONY: report test check bench clean-notebooks setup clean lock
report:          ## create .venv if needed, install, build all reports into _site/
	$(PYTHON) tasks.py report
test:            ## create .venv if needed, install, run the whole test suite
	$(PYTHON) tasks.py test
check:           ## static checks of the Quarto project
	$(PYTHON) tasks.py check
bench:           ## run the benchmarks in benchmarks/
	$(PYTHON) tasks.py bench
clean-notebooks: ## strip outputs from notebooks before committing
	$(PYTHON) tasks.py clean-notebooks
setup:           ## only create/update the virtual environment (with test and notebook tools)
	$(PYTHON) tasks.py setup
clean:           ## remove generated output (never data_raw/)
	$(PYTHON) tasks.py clean
lock:            ## refresh requirements.lock, requirements-dev.lock and environment.yml from pyproject.toml
	$(PYTHON) tasks.py lock
