"""course_utils.files.atomic_write: the whole new file or the old one, nothing in between."""
import os
import stat

import pytest

from course_utils.files import atomic_write

pytestmark = pytest.mark.unit


def test_text_bytes_and_a_writer_each_land_whole(tmp_path):
    atomic_write(tmp_path / "a.txt", "ünïcode\r\nkept as given\n")
    assert (tmp_path / "a.txt").read_bytes() == "ünïcode\r\nkept as given\n".encode()
    atomic_write(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    atomic_write(tmp_path / "sub" / "c.txt", lambda tmp: open(tmp, "w").write("by a writer"))
    assert (tmp_path / "sub" / "c.txt").read_text() == "by a writer"
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.bin", "sub"]     # no temporary left


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "g.csv"
    atomic_write(path, "old\n")

    def half_then_fail(tmp):
        open(tmp, "w").write("half a fi")
        raise OSError("disk full")
    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, half_then_fail)
    assert path.read_text() == "old\n" and os.listdir(tmp_path) == ["g.csv"]


def test_bad_content_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(TypeError, match="content must be str, bytes or a callable.*got int"):
        atomic_write(tmp_path / "x", 3)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("mode", [0o644, 0o600])
def test_the_file_gets_the_mode_asked_for(tmp_path, mode):
    atomic_write(tmp_path / "f", "x", mode=mode)
    assert stat.S_IMODE((tmp_path / "f").stat().st_mode) == mode
