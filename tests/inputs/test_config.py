"""colossus.inputs.config: every path resolves from the package location, not the working directory."""
import os
import subprocess
import sys

from colossus.inputs import config


def test_paths_exist():
    for path in [config.DATA_DIR, config.SCENARIOS_DIR, config.FACTS_CSV, config.EVENTS_CSV,
                 config.CONFLICTS_YML, config.SOURCES_BIB, config.CHAPTERS_DIR, config.BOOK_CONFIG, config.BOOK_TOC]:
        assert path.exists(), path
        assert path.is_absolute()


def test_same_paths_from_any_cwd(tmp_path):
    code = "from colossus.inputs import config; print(config.FACTS_CSV)"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(config.ROOT)})
    assert out.stdout.strip() == str(config.FACTS_CSV)


def test_work_dir_can_be_moved(tmp_path):
    code = "from colossus.inputs import config; print(config.WORK_DIR)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "COLOSSUS_WORK_DIR": str(tmp_path)})
    assert out.stdout.strip() == str(tmp_path)
