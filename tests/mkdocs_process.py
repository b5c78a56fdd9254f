"""`python -m mkdocs build …` in a fresh process, without paying for the
interpreter's start and the imports each time (conftest.run_mkdocs).

A server (this file, run as a script: one for each process of the tests)
imports what a build imports, once, and then forks: each build is a child
process of its own, a copy of a server that has imported but never built
anything, which takes its folder and environment, writes its output to
files and runs MkDocs' command line as `python -m mkdocs` does, ending with
its exit status as a process does.  Nothing of one build can reach another.

The protocol, a line of JSON each way: the request {"args", "cwd", "env",
"stdout", "stderr"}; the answers {"pid"} at once, then {"status"}, the
child's exit status as `subprocess` gives it, when it has ended.

What a build redoes that depends on nothing of the build is done once
(some 0.55 of a miniature build's 1 s of processor time; see the manual's
Performance page, "The tests"): the theme's templates are compiled in the
warm-up and given to every build (`mkdocs_site._COMPILED`; Jinja compiles a
template again whose source differs), and pandoc's answers are kept on
everything pandoc reads (its path, its arguments, the files they name, its
input), in a folder of the test process's (`keep_pandoc`, which conftest
calls) shared by its own builds and its server's, so that the many builds
of the same bibliography and notes run pandoc once.  pandoc answers the
same input with the same output; a failure is never kept, so a test of one
meets pandoc itself.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import json
import os
import pickle
import select
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path


# --- The server ---------------------------------------------------------------

def _run(request: dict) -> int:
    """In the child: the build, as `python -m mkdocs` runs it; its exit status."""
    os.chdir(request["cwd"])
    sys.path[0] = os.getcwd()  # as `python -m` has it (the server's is this file's folder)
    os.environ.clear()
    os.environ.update(request["env"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, fd)
        os.close(out)
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", closefd=False)
    sys.stderr = open(2, "w", closefd=False)
    from mkdocs import __main__ as command

    sys.argv = [command.__file__, *request["args"]]
    try:
        command.cli.main(args=request["args"], prog_name="python -m mkdocs")
    except SystemExit as done:  # how click ends, in its standalone mode
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        print(done.code, file=sys.stderr)
        return 1
    except BaseException:  # what the interpreter does with an exception nothing caught
        traceback.print_exc()
        return 1
    return 0


def _warm_up() -> None:
    """Import what a build imports, as a build of the miniature edition in a
    child finds it, and keep the templates that build compiled."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            from mkdocs.commands.build import build
            from mkdocs.config import load_config

            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests import miniature

            with tempfile.TemporaryDirectory() as folder:
                project = miniature.write(Path(folder))
                os.chdir(project)
                try:
                    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
                except BaseException:
                    pass
                os.chdir("/")
            from edition.mkdocs_site import _COMPILED

            os.write(write, pickle.dumps((sorted(sys.modules), _COMPILED.compiled)))
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    modules, compiled = pickle.loads(b"".join(chunks)) if chunks else ([], {})  # our own child's
    for name in modules:
        if name.split(".")[0] in ("tests", "__main__"):
            continue
        try:
            importlib.import_module(name)
        except BaseException:  # a module only its package may import: the child will
            pass
    from edition import mkdocs_site

    mkdocs_site._COMPILED.compiled.update(compiled)


def keep_pandoc(folder: Path) -> None:
    """pandoc's answers kept in `folder`, for the builds of this process and
    of the build server it starts (each test process has one of each).
    Written whole, then renamed: builds run side by side."""
    global _answers
    import pypandoc
    from edition import citeproc

    _answers = folder
    pandoc = citeproc._pandoc

    def run(args: list[str], text: str) -> str:
        key = hashlib.sha256(pypandoc.get_pandoc_path().encode())
        for arg in args:  # a file it is given (`--csl=…`) by its content: its name is a new temporary one
            option, _, value = arg.partition("=")
            named = Path(value) if arg.startswith("--") and value else None
            part = option.encode() + b"\0" + named.read_bytes() if named and named.is_file() else arg.encode()
            key.update(b"\0" + part)
        key.update(b"\0\0" + text.encode())
        kept = folder / key.hexdigest()
        if kept.exists():
            return kept.read_text(encoding="utf-8")
        answer = pandoc(args, text)
        written = kept.with_suffix(f".{os.getpid()}-{threading.get_ident()}")  # pandoc runs in threads too
        written.write_text(answer, encoding="utf-8")
        written.rename(kept)
        return answer

    citeproc._pandoc = run


def serve(answers_folder: str | None) -> None:
    _warm_up()
    if answers_folder:
        keep_pandoc(Path(answers_folder))
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                code = _run(request)
            except BaseException:
                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
            sys.exit(code)  # as a process ends: its exit handlers run, its threads are waited for
        answers.write(json.dumps({"pid": pid}) + "\n")
        answers.flush()
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"status": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()


# --- The client -----------------------------------------------------------------

_server: subprocess.Popen | None = None
_answers: Path | None = None  # where pandoc's answers are kept (`keep_pandoc`), if they are
_lock = threading.Lock()


def _start() -> subprocess.Popen:
    global _server
    if _server is None or _server.poll() is not None:
        command = [sys.executable, str(Path(__file__).resolve()), *([str(_answers)] if _answers else [])]
        _server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd="/",
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        atexit.register(_stop, _server)
    return _server


def _stop(server: subprocess.Popen) -> None:
    server.stdin.close()
    server.wait()


def _answer(server: subprocess.Popen, timeout: float | None = None) -> dict | None:
    """The server's next line (None if none came within `timeout` seconds), read unbuffered."""
    line = b""
    while not line.endswith(b"\n"):
        if not select.select([server.stdout], [], [], timeout)[0]:
            return None
        chunk = os.read(server.stdout.fileno(), 1)
        if not chunk:
            raise RuntimeError("the build server stopped")
        line += chunk
    return json.loads(line)


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float | None = None) -> tuple[int, str, str]:
    """`python -m mkdocs *args` in `cwd` with `env`: its exit status, stdout and stderr
    (subprocess.TimeoutExpired after `timeout` seconds, the build killed)."""
    with _lock, tempfile.TemporaryDirectory() as outputs:
        server = _start()
        stdout, stderr = Path(outputs) / "stdout", Path(outputs) / "stderr"
        server.stdin.write((json.dumps({"args": args, "cwd": str(cwd), "env": env, "stdout": str(stdout),
                                        "stderr": str(stderr)}) + "\n").encode())
        server.stdin.flush()
        pid = _answer(server)["pid"]
        ended = _answer(server, timeout)
        if ended is None:
            os.kill(pid, signal.SIGKILL)
            _answer(server)
            raise subprocess.TimeoutExpired([sys.executable, "-m", "mkdocs", *args], timeout)
        return ended["status"], stdout.read_text(encoding="utf-8"), stderr.read_text(encoding="utf-8")


if __name__ == "__main__":
    serve(sys.argv[1] if len(sys.argv) > 1 else None)
