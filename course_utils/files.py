"""Writing a file so that nobody ever sees half of it.

:func:`atomic_write` writes to a temporary file beside the target and renames it into
place (``os.replace`` is atomic on one file system): a reader sees the old file or the
new one, never a mix, and a crash or Ctrl-C leaves the old file as it was. Every file
the course writes -- data sets, figures, results, hand-ins, gradebooks -- goes through it.
"""
import os
import tempfile
from pathlib import Path


def atomic_write(path, content, mode=0o644):
    """Write ``content`` to ``path`` atomically; return ``path`` as a Path.

    Parameters
    ----------
    path : str or Path, the file to write (its folder is created if needed)
    content : str (written as UTF-8, newlines as given), bytes, or a callable that is
        given the temporary file's path and writes it (for writers such as ``savefig``)
    mode : int, the file's permissions (0o600 for files only their owner should read)
    """
    path = Path(path)
    if not isinstance(content, (str, bytes)) and not callable(content):
        raise TypeError(f"content must be str, bytes or a callable that writes a path; "
                        f"got {type(content).__name__}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if callable(content):
            os.close(fd)
            content(tmp)
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
