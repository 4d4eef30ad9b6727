"""The one build step pyproject.toml cannot express: resources/ goes into the wheel.

Everything else (metadata, version, dependencies, entry point) is in pyproject.toml. The app
finds its sounds, voice clips and icons at `hillsprint/_resources/` in an installed package
(hillsprint/resources.py), so `build_py` copies the repository's `resources/` tree there. A
checkout and an editable install (`pip install -e .`) read `resources/` in place instead.
MANIFEST.in puts resources/ in the sdist, so a wheel built from the sdist gets it too.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"
TARGET = Path("hillsprint") / "_resources"


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        if not (RESOURCES / "sounds").is_dir():
            raise SystemExit(f"setup.py: {RESOURCES} is missing or incomplete")
        for path in sorted(RESOURCES.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                target = Path(self.build_lib) / TARGET / path.relative_to(RESOURCES)
                self.mkpath(str(target.parent))
                self.copy_file(str(path), str(target))


setup(cmdclass={"build_py": BuildPyWithResources})
