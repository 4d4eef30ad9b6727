# HillSprint developer commands. The two that matter:
#
#   make run     start the app (first use: system libraries + .venv, see README "Set up")
#   make test    run the whole test suite offscreen   (extra pytest args: make test ARGS=-x)
#
# Both call scripts/bootstrap.sh, which is a fast no-op once everything is in place.

PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
ARGS   ?=
# make install: where the desktop entry, AppStream metadata and icons go (packaging/linux/)
PREFIX ?= /usr/local
DESTDIR ?=

export PYTHON VENV

.PHONY: run test lint format bench venv sysdeps-test sysdeps-run clean-venv help \
	install uninstall dist bundle icons self-check

help:
	@echo "make run            start HillSprint (ARGS='--data-dir /tmp/x' to pass options)"
	@echo "make test           run the test suite offscreen (ARGS='-x -k engine' for pytest)"
	@echo "make lint           ruff check + ruff format --check + lint-imports (the rooms)"
	@echo "make format         ruff format + ruff check --fix"
	@echo "make bench          start-up benchmark (tests/benchmarks/bench_startup.py)"
	@echo "make clean-venv     remove .venv (the next command recreates it)"
	@echo "make self-check     hillsprint --self-check (sounds, voice clips, icons, a database)"
	@echo "make dist           sdist and wheel into dist/ (python -m build)"
	@echo "make bundle         PyInstaller one-folder app in dist/hillsprint/, self-checked"
	@echo "make install        desktop entry, AppStream metadata, icons into PREFIX/share"
	@echo "                    (PREFIX=$(PREFIX); PREFIX=~/.local for you alone; DESTDIR=...)"
	@echo "make uninstall      remove what make install put there"
	@echo "make icons          re-render the PNG icons from the SVG"

sysdeps-test:
	@bash scripts/bootstrap.sh sysdeps test

sysdeps-run:
	@bash scripts/bootstrap.sh sysdeps run

venv:
	@bash scripts/bootstrap.sh venv

run: sysdeps-run venv
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY$$QT_QPA_PLATFORM" ]; then \
		echo "make run: no DISPLAY or WAYLAND_DISPLAY set; Qt needs a desktop session" >&2; fi
	$(VPY) -m hillsprint $(ARGS)

test: sysdeps-test venv
	QT_QPA_PLATFORM=offscreen $(VPY) -m pytest $(ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: sysdeps-test venv
	$(VPY) tests/benchmarks/bench_startup.py $(ARGS)

clean-venv:
	rm -rf $(VENV)

self-check: venv
	QT_QPA_PLATFORM=offscreen $(VPY) -m hillsprint --self-check

dist: venv
	$(VPY) -m build --outdir dist .

bundle:
	bash packaging/pyinstaller/build.sh $(ARGS)

install:
	@PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" bash packaging/linux/install.sh install

uninstall:
	@PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" bash packaging/linux/install.sh uninstall

icons: venv
	QT_QPA_PLATFORM=offscreen $(VPY) packaging/icons/render_icons.py
