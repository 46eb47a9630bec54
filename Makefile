# Two commands for a newcomer: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# translations: one .ts per UI module (resources/i18n/zh_CN/<dotted.module>.ts), built into one .qm
I18N := resources/i18n
TS := $(wildcard $(I18N)/zh_CN/*.ts)
QM := $(I18N)/facility_ledger_zh_CN.qm

.PHONY: run test soak test-dates lint bench bench-setup clean check-system check-system-offscreen i18n i18n-update lock \
	package package-check

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更新版本 (Python 3.11+ is required)")'
	$(PYTHON) -m venv $(VENV)

# What was tested: every dependency (with the test and dev extras) at the version and hashes of the
# lock, then the project itself, editable, adding nothing.
$(STAMP): pyproject.toml $(LOCK) | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# After changing the dependencies in pyproject.toml: the lock again, for every platform and Python
# 3.11+ (Windows-only needs such as tzdata stay in it), keeping the versions it has where they still
# fit; LOCK_ARGS=--upgrade moves everything to the newest allowed. uv is used if installed, else
# fetched into build/uv.
lock: | $(PY)
	@uv=$$(command -v uv || true); if [ -z "$$uv" ]; then \
		test -x build/uv/bin/uv || $(PY) -m pip install --quiet --target build/uv uv || exit 1; \
		uv=build/uv/bin/uv; fi; \
	"$$uv" pip compile pyproject.toml --extra test --extra dev --universal --generate-hashes \
		--quiet $(LOCK_ARGS) -o $(LOCK)

# The platform Qt will really use: xcb on a desktop (a display), offscreen for the tests.
check-system: $(STAMP)
	@$(PY) packaging/check_system.py

check-system-offscreen: $(STAMP)
	@QT_QPA_PLATFORM=offscreen $(PY) packaging/check_system.py

run: check-system $(QM)
	$(PY) -m ui --demo

# -n auto: one worker per core (pytest-xdist); a single test file runs as usual with plain pytest.
test: check-system-offscreen $(QM)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto

# The soak (RELIABILITY.md): every kill, fault and fuzz of tests/soak hundreds of times per path
# instead of make test's few dozen, in one process so that it can print what it tried.
soak: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen FACILITY_LEDGER_SOAK=1 $(PY) -m pytest tests/soak -n 0 -q

# The whole suite at the four instants of tests/conftest.py INSTANTS, under libfaketime with the clock
# running, each on a machine in another time zone: machine zone/wall time there (= the Xi'an instant).
FAKETIME_LIB ?= $(firstword $(wildcard /usr/lib/*/faketime/libfaketimeMT.so.1 \
	/usr/lib/faketime/libfaketimeMT.so.1 /usr/local/lib/faketime/libfaketimeMT.so.1))
FAKE_INSTANTS := UTC/2026-12-31T15:59:30 UTC/2026-12-31T16:00:30 \
	America/Los_Angeles/2028-02-28T08:00:30 Asia/Shanghai/2030-06-30T12:00:00

test-dates: check-system-offscreen $(QM)
	@test -n "$(FAKETIME_LIB)" || { echo "需要 libfaketime (libfaketime is needed): sudo apt-get install faketime"; exit 1; }
	@failed=""; for instant in $(FAKE_INSTANTS); do \
		zone=$${instant%/*}; wall=$$(echo "$${instant##*/}" | tr T ' '); \
		echo "== $$wall ($$zone)"; \
		TZ=$$zone FAKETIME="@$$wall" LD_PRELOAD=$(FAKETIME_LIB) QT_QPA_PLATFORM=offscreen \
			$(PY) -m pytest -n auto -q -p no:cacheprovider || failed="$$failed $$wall($$zone)"; \
	done; test -z "$$failed" || { echo "failed at:$$failed"; exit 1; }

# The frozen app for the machine it runs on (PyInstaller, one folder): dist/FacilityLedger/ holds
# FacilityLedger (the window) and facility-ledger (the command line). Windows: packaging/windows/.
PACKAGER := $(VENV)/.packager

$(PACKAGER): packaging/build.lock | $(STAMP)
	$(PY) -m pip install --quiet --require-hashes -r packaging/build.lock
	@touch $@

package: $(PACKAGER) $(QM)
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/facility_ledger.spec

# Builds it, then runs the frozen programs on a fresh data directory (packaging/check_frozen.py).
package-check: package
	$(PY) packaging/check_frozen.py dist/FacilityLedger

# The Chinese interface: rebuilt whenever a .ts is newer (or one was added or removed).
i18n: $(QM)

$(QM): $(TS) $(I18N)/zh_CN | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $@

# For developers, after changing UI strings: every ui/**/*.py into its own .ts, keeping the
# translations already there; a module with no translatable string gets no .ts.
i18n-update: $(STAMP)
	@mkdir -p $(I18N)/zh_CN
	@for source in $$(find ui -name '*.py' | sort); do \
		module=$$(echo "$${source%.py}" | tr / .); module=$${module%.__init__}; \
		ts=$(I18N)/zh_CN/$$module.ts; new=$$(test -f "$$ts" || echo yes); \
		$(VENV)/bin/pyside6-lupdate -silent "$$source" -ts "$$ts" \
			-source-language en -target-language zh_CN || exit 1; \
		if [ -n "$$new" ] && ! grep -q '<message' "$$ts"; then rm -f "$$ts"; \
		elif grep -q 'type="unfinished"' "$$ts"; then echo "$$ts: to translate"; fi; \
	done

lint: $(STAMP)
	$(VENV)/bin/ruff check app ui tests bench migrations
	$(VENV)/bin/mypy

# Every benchmark at city scale (the databases are built once in build/bench/, minutes), then one
# table of every budgeted figure, PASS or FAIL; BENCH picks scale and names, e.g.
# make bench BENCH="--scale tenth lists pdf", BENCH="--growth" (--list names them); bench/README.md.
bench: $(STAMP) bench-setup
	$(PY) -m bench $(BENCH)

# LibreOffice headless, the comparison of the excel and pdf benchmarks (DESIGN.md), and a CJK font
# for it to lay the demands out with; installed when missing, as root with apt-get (~90 MB, never
# for make test). BENCH_SETUP=no skips it; without it those comparisons are "n/a" in the table.
LIBREOFFICE := libreoffice-calc-nogui fonts-wqy-microhei
BENCH_SETUP ?= yes
bench-setup:
	@if [ "$(BENCH_SETUP)" = no ] || command -v soffice >/dev/null || command -v libreoffice >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing LibreOffice headless for the benchmarks: $(LIBREOFFICE)"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(LIBREOFFICE) \
		|| { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $(LIBREOFFICE); } \
		|| echo "LibreOffice could not be installed: the benchmarks run without it"; \
	else \
		echo "LibreOffice is not installed: the excel and pdf benchmarks run without it. To compare:"; \
		echo "  sudo apt-get install --no-install-recommends $(LIBREOFFICE)"; \
	fi

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache $(QM)
