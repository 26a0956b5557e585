#!/usr/bin/env python3
"""Writes the tests of the file-seek exercise, with expectations computed by Python.

    python3 grader/hidden/gen-03-file-seek.py          # rewrites both files
    python3 grader/hidden/gen-03-file-seek.py --check  # exit 1 if either file is stale

It lives in `grader/hidden/` because it spells out the hidden tests: like them,
it must never reach students.

Outputs `exercises/03-file-seek/tests.toml` (public) and
`grader/hidden/03-file-seek.toml` (hidden). Nothing in them is typed by hand:
each test below names a mode, the files to create and the OPs; the expected
stdout, exit status and files afterwards come from running the OPs on real
Python file objects in a temporary directory, when the tests are written (never
from the Rust solution). The random tests are drawn from fixed seeds, so the
output is the same on every run (CPython 3.11 here).

The model is `open(PATH, MODE + "b", buffering=0)`: SPEC §3's "every write goes to
the end whatever the position" is what the system's O_APPEND does, and Python's
buffered `a+` object does not honour it after a seek (it writes in place), so the
unbuffered file object, whose calls are the system calls, is the reference.
"""

import io
import os
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# The hidden tests may live in a private repository: NETLAB_ROOT names the course then.
ROOT = os.environ.get("NETLAB_ROOT") or os.path.normpath(os.path.join(HERE, "..", ".."))
PUBLIC = os.path.join(ROOT, "exercises", "03-file-seek", "tests.toml")
HIDDEN = os.path.join(HERE, "03-file-seek.toml")

DATA = b"abcdefghijklmnopqrst"  # 20 bytes: position 5 holds `f`
DEFAULT_FILES = {"data.txt": DATA}
GIB4 = 4 * 1024 * 1024 * 1024
BIG = {"big.bin": GIB4}  # an int is a sparse file of that size
MODES = ["r", "r+", "w", "w+", "a", "a+"]
#: Files longer than this are checked by size only.
MAX_CHECKED_BYTES = 4096
#: The big-file tests' limits (SPEC §3: under 64 MiB of memory; the writes at
#: 4 GiB need a file-size limit above the runner's default). They are written
#: only when the test format has a `limits` key, so regenerate once it has.
BIG_LIMITS = {"memory": "64MiB", "file-size": "8GiB"}
HAS_LIMITS = "pub limits:" in open(os.path.join(ROOT, "grader", "src", "scenario", "raw.rs"), encoding="utf-8").read()


class Usage(Exception):
    """A usage error: exit status 2, the file is not opened."""


def number(text):
    try:
        if text.strip() != text or "_" in text or text == "":
            raise ValueError
        return int(text, 10)
    except ValueError:
        raise Usage(f"`{text}` is not a number")


def parse_op(arg):
    """SPEC §3's grammar of one OP, as a tuple."""
    name, colon, rest = arg.partition(":")
    if name == "write" and colon:
        return ("write", rest.encode())
    if name == "tell" and not colon:
        return ("tell",)
    if name == "read" and not colon:
        return ("read", -1)
    if name == "read":
        n = number(rest)
        if n < -1:
            raise Usage("N below -1")
        return ("read", n)
    if name == "seek" and colon:
        fields = rest.split(":")
        if len(fields) > 2:
            raise Usage("extra field")
        offset = number(fields[0])
        whence = number(fields[1]) if len(fields) == 2 else 0
        if whence not in (0, 1, 2):
            raise Usage("bad whence")
        return ("seek", offset, whence)
    raise Usage(f"bad OP {arg!r}")


def parse_args(args):
    mode = "r+"
    args = list(args)
    if args[:1] == ["--mode"]:
        if len(args) < 2 or args[1] not in MODES:
            raise Usage("bad mode")
        mode = args[1]
        args = args[2:]
    if not args:
        raise Usage("no PATH")
    path, ops = args[0], args[1:]
    return mode, path, [parse_op(op) for op in ops]


def run_model(args, files):
    """Runs `file-seek ARGS` in Python in a fresh directory holding `files`.

    Returns (stdout bytes, exit status, {path: bytes, size or None}) for every
    file the test created and the file it names."""
    with tempfile.TemporaryDirectory(prefix="gen-file-seek-") as tmp:
        for path, content in files.items():
            with open(os.path.join(tmp, path), "wb") as f:
                if isinstance(content, int):
                    f.truncate(content)
                else:
                    f.write(content)
        out = bytearray()
        status = 0
        watched = list(files)
        # The file the command line names, even when a usage error stops it.
        named = args[2:3] if args[:1] == ["--mode"] else args[:1]
        watched.extend(named)
        try:
            mode, path, ops = parse_args(args)
        except Usage:
            status = 2
            ops = None
        if ops is not None:
            status = run_ops(os.path.join(tmp, path), mode, ops, out)
        after = {}
        for path in dict.fromkeys(watched):
            full = os.path.join(tmp, path)
            if not os.path.exists(full):
                after[path] = None
            elif os.path.getsize(full) > MAX_CHECKED_BYTES:
                after[path] = os.path.getsize(full)
            else:
                with open(full, "rb") as f:
                    after[path] = f.read()
        return bytes(out), status, after


def run_ops(path, mode, ops, out):
    try:
        f = open(path, mode + "b", buffering=0)
    except OSError:
        return 1
    with f:
        for op in ops:
            try:
                if op[0] == "seek":
                    f.seek(op[1], op[2])
                elif op[0] == "tell":
                    out += b"%d\n" % f.tell()
                elif op[0] == "read":
                    n = op[1]
                    if n > 0:
                        # `read(10**12)` would make Python allocate 10**12 bytes;
                        # asking for one byte more than the file holds reads the same.
                        n = min(n, os.fstat(f.fileno()).st_size + 1)
                    data = f.readall() if n == -1 and f.readable() else f.read(n)
                    out += data + b"\n"
                elif op[0] == "write":
                    written = f.write(op[1])
                    assert written == len(op[1])
            except (OSError, io.UnsupportedOperation, ValueError):
                return 1
    return 0


# ---------------------------------------------------------------- the tests


class T:
    """One test: a name, points, words for the student, and what to run."""

    def __init__(self, name, points, about, hint, mode, path, ops, files=None,
                 step_timeout=None, budget=None, limits=None, about_zh=None):
        self.name, self.points, self.about, self.hint = name, points, about, hint
        # Chinese for an `about` made from a template (else looked up in `ZH`).
        self.about_zh = about_zh
        self.files = DEFAULT_FILES if files is None else files
        self.args = (["--mode", mode] if mode is not None else []) + ([path] if path else []) + ops
        self.step_timeout, self.budget = step_timeout, budget
        self.limits = limits if HAS_LIMITS else None


PUBLIC_TESTS = [
    T("read-then-tell", 2,
      "After `read:3` the position is 3: `tell` prints it.",
      "Open the file, read up to N bytes, print them and `\\n`; `tell` prints the position (`Seek::stream_position`).",
      "r", "data.txt", ["read:3", "tell"]),
    T("three-seeks-reach-offset-5", 2,
      "On a 20-byte file, `seek:5`, `seek:2:1` from 3 and `seek:-15:2` all reach offset 5.",
      "WHENCE 0 counts from the start, 1 from the current position, 2 from the end (`SeekFrom`).",
      "r", "data.txt", ["seek:5", "tell", "read:1", "seek:3", "seek:2:1", "tell", "read:1", "seek:-15:2", "tell", "read:1"]),
    T("write-chinese-then-read-the-last-character", 2,
      "`write:你好` writes 6 bytes of UTF-8; `seek:-3:2` then `read` gives back `好`.",
      "TEXT's bytes are written as they are; a seek from the end counts bytes, not characters.",
      "w+", "hello.txt", ["write:你好", "seek:-3:2", "read"], files={}),
    T("write-past-the-end-leaves-zeros", 2,
      "A seek past the end, then a write: the gap between the old end and the write holds zero bytes.",
      "Seeking past the end is allowed; the system fills the gap with zeros when you write there.",
      "r+", "data.txt", ["seek:25", "write:Z", "tell"]),
    T("append-writes-go-to-the-end", 2,
      "In mode `a` the position starts at the end, and a write after `seek:0` still goes to the end.",
      "`OpenOptions::append(true)` sends every write to the end; Python also starts `a` at the end, so seek there when opening.",
      "a", "log.txt", ["tell", "seek:0", "write:second", "tell"], files={"log.txt": b"first\n"}),
    T("w-truncates", 1,
      "Mode `w` empties an existing file before the first write.",
      "`w` is `write`, `create` and `truncate`.",
      "w", "data.txt", ["write:new", "tell"]),
    T("read-to-the-end", 1,
      "`read` reads to the end; at the end it prints an empty line.",
      "`read` and `read:-1` read everything from the position on (`read_to_end`).",
      "r", "data.txt", ["seek:-5:2", "read", "read"]),
    T("write-in-read-mode-is-an-error", 1,
      "In mode `r`, `write:x` is an error: one `error:` line, exit status 1, the earlier `read:2` printed, the later one not run.",
      "Check the mode before writing; print `error: ...` on stderr and exit with status 1; keep what was printed before.",
      "r", "data.txt", ["read:2", "write:x", "read:2"]),
    T("missing-file-in-r-mode-is-an-error", 1,
      "Mode `r` needs the file to exist: `error:` on stderr, exit status 1, and no file is created.",
      "`r` and `r+` open without `create`; the open's error is a runtime error.",
      "r", "missing.txt", ["tell"], files={}),
    T("seek-before-the-start-is-an-error", 1,
      "`seek:-4:1` from position 3 would go before the start: an error, exit 1, not a seek to 0.",
      "Compute the new position yourself; below 0 it is an error, never 0.",
      "r", "data.txt", ["seek:3", "tell", "seek:-4:1", "tell"]),
    T("unknown-op-is-a-usage-error", 1,
      "An unknown OP is a usage error (exit 2), found before the file is opened: mode `w` must not truncate it.",
      "Parse every OP before opening the file.",
      "w", "data.txt", ["write:x", "jump:3"]),
    T("no-op-only-opens", 1,
      "With no OP the file is only opened: mode `a` creates a missing file, prints nothing, exits 0.",
      "No OP at all is allowed.",
      "a", "new.txt", [], files={}),
]



# Simplified Chinese for the texts students see, keyed by the English text;
# a test without an entry shows English (`--lang zh` falls back to it).
ZH = {
    "After `read:3` the position is 3: `tell` prints it.":
        "`read:3` 之后位置是 3：`tell` 打印它。",
    "Open the file, read up to N bytes, print them and `\\n`; `tell` prints the position (`Seek::stream_position`).":
        "打开文件，最多读取 N 个字节，打印它们和 `\\n`；`tell` 打印当前位置（`Seek::stream_position`）。",
    "On a 20-byte file, `seek:5`, `seek:2:1` from 3 and `seek:-15:2` all reach offset 5.":
        "在 20 字节的文件上，`seek:5`、从 3 开始的 `seek:2:1` 和 `seek:-15:2` 都到达偏移 5。",
    "WHENCE 0 counts from the start, 1 from the current position, 2 from the end (`SeekFrom`).":
        "WHENCE 为 0 从开头算，为 1 从当前位置算，为 2 从末尾算（`SeekFrom`）。",
    "`write:你好` writes 6 bytes of UTF-8; `seek:-3:2` then `read` gives back `好`.":
        "`write:你好` 写入 6 个 UTF-8 字节；`seek:-3:2` 之后 `read` 读回 `好`。",
    "TEXT's bytes are written as they are; a seek from the end counts bytes, not characters.":
        "TEXT 的字节按原样写入；从末尾定位时按字节计数，而不是按字符。",
    "A seek past the end, then a write: the gap between the old end and the write holds zero bytes.":
        "定位到末尾之后再写入：原末尾与写入位置之间的空隙填充为零字节。",
    "Seeking past the end is allowed; the system fills the gap with zeros when you write there.":
        "允许定位到文件末尾之后；在那里写入时，系统用零填充空隙。",
    "In mode `a` the position starts at the end, and a write after `seek:0` still goes to the end.":
        "模式 `a` 下位置从末尾开始，即使 `seek:0` 之后写入也仍然写到末尾。",
    "`OpenOptions::append(true)` sends every write to the end; Python also starts `a` at the end, so seek there when opening.":
        "`OpenOptions::append(true)` 让每次写入都到末尾；Python 的 `a` 模式打开时位置也在末尾，所以打开后要定位到末尾。",
    "Mode `w` empties an existing file before the first write.":
        "模式 `w` 在第一次写入之前清空已有的文件。",
    "`w` is `write`, `create` and `truncate`.":
        "`w` 就是 `write`、`create` 加 `truncate`。",
    "`read` reads to the end; at the end it prints an empty line.":
        "`read` 读到文件末尾；已在末尾时打印一个空行。",
    "`read` and `read:-1` read everything from the position on (`read_to_end`).":
        "`read` 和 `read:-1` 从当前位置读取全部内容（`read_to_end`）。",
    "In mode `r`, `write:x` is an error: one `error:` line, exit status 1, the earlier `read:2` printed, the later one not run.":
        "模式 `r` 下 `write:x` 是错误：输出一行 `error:`，退出码为 1，之前的 `read:2` 已打印，之后的不再执行。",
    "Check the mode before writing; print `error: ...` on stderr and exit with status 1; keep what was printed before.":
        "写入前检查模式；在 stderr 打印 `error: ...` 并以退出码 1 退出；之前打印的内容保留。",
    "Mode `r` needs the file to exist: `error:` on stderr, exit status 1, and no file is created.":
        "模式 `r` 要求文件存在：stderr 输出 `error:`，退出码为 1，并且不创建文件。",
    "`r` and `r+` open without `create`; the open's error is a runtime error.":
        "`r` 和 `r+` 打开时不带 `create`；打开失败是运行时错误。",
    "`seek:-4:1` from position 3 would go before the start: an error, exit 1, not a seek to 0.":
        "从位置 3 执行 `seek:-4:1` 会到开头之前：这是错误，退出码为 1，而不是定位到 0。",
    "Compute the new position yourself; below 0 it is an error, never 0.":
        "自己计算新位置；小于 0 就是错误，绝不是 0。",
    "An unknown OP is a usage error (exit 2), found before the file is opened: mode `w` must not truncate it.":
        "未知的 OP 是用法错误（退出码 2），要在打开文件之前发现：模式 `w` 不能清空文件。",
    "Parse every OP before opening the file.":
        "在打开文件之前解析所有 OP。",
    "With no OP the file is only opened: mode `a` creates a missing file, prints nothing, exits 0.":
        "没有 OP 时只打开文件：模式 `a` 会创建不存在的文件，不打印任何内容，以 0 退出。",
    "No OP at all is allowed.":
        "完全没有 OP 是允许的。",
    "A bad OP or MODE is a usage error: exit status 2, usage on stderr, and the file is not even opened.":
        "错误的 OP 或 MODE 是用法错误：退出码为 2，在 stderr 输出用法说明，并且根本不打开文件。",
}


def usage(name, about, ops, mode="w", path="data.txt", files=None):
    return T(name, 1, about,
             "A bad OP or MODE is a usage error: exit status 2, usage on stderr, and the file is not even opened.",
             mode, path, ops, files=files)


HIDDEN_TESTS = [
    # Each mode's open behaviour.
    T("r-keeps-the-file", 1, "Mode `r` with no OP leaves the file as it was.", "`r` opens for reading only.",
      "r", "data.txt", []),
    T("r-plus-missing-file-is-an-error", 1, "The default mode `r+` needs the file to exist: exit 1, nothing created.",
      "`r+` is read and write, without `create`.", None, "missing.txt", ["write:x"], files={}),
    T("default-mode-is-r-plus", 2, "Without `--mode`, the file is opened `r+`: read and write, kept, at position 0.",
      "The default MODE is `r+`.", None, "data.txt", ["write:XY", "read:3", "tell"]),
    T("r-plus-writes-in-place", 2, "`r+` overwrites in place and can grow the file past its end.",
      "`r+` keeps the file: no `truncate`, no `append`.", "r+", "data.txt", ["seek:-2:2", "write:ZZZ", "seek:0", "read"]),
    T("r-plus-keeps-the-file", 2, "`r+` does not truncate: reading the start gives the old bytes.",
      "`r+` keeps the file: no `truncate`.", "r+", "data.txt", ["read:4"]),
    T("w-creates-a-missing-file", 1, "Mode `w` creates a missing file.", "`w` creates or truncates.",
      "w", "new.txt", [], files={}),
    T("w-truncates-without-any-op", 1, "Mode `w` empties the file even when no OP follows.", "`w` truncates when it opens.",
      "w", "data.txt", []),
    T("w-plus-truncates-and-reads-back", 2, "`w+` empties the file, then reads back what was written.",
      "`w+` is read and write, create and truncate.", "w+", "data.txt", ["read", "write:hello", "seek:1", "read:3", "tell"]),
    T("w-plus-creates-a-missing-file", 1, "`w+` creates a missing file.", "`w+` creates or truncates.",
      "w+", "new.bin", ["write:abc", "tell"], files={}),
    T("a-creates-a-missing-file", 1, "Mode `a` creates a missing file and writes to it.", "`a` creates a missing file.",
      "a", "new.log", ["write:one"], files={}),
    T("a-starts-at-the-end", 1, "In mode `a` the position starts at the end of the file.",
      "Python's append modes start at the end; `append(true)` alone does not move the position.", "a", "data.txt", ["tell"]),
    T("a-plus-starts-at-the-end", 1, "In mode `a+` the position starts at the end: a `read` there prints an empty line.",
      "Python's append modes start at the end; `append(true)` alone does not move the position.", "a+", "data.txt", ["tell", "read"]),
    T("a-writes-at-the-end-whatever-the-position", 2, "In mode `a`, a write after `seek:3` goes to the end; `tell` then gives the new end.",
      "Every write in `a` and `a+` goes to the end (`append(true)`).", "a", "data.txt", ["seek:3", "write:XY", "tell"]),
    T("a-plus-reads-anywhere-writes-at-the-end", 2, "In mode `a+`, reads happen at the position, writes at the end.",
      "`a+` is read and append.", "a+", "data.txt", ["seek:2", "read:3", "write:Z", "tell", "seek:0", "read"]),
    T("a-plus-write-after-seek-past-end-leaves-no-gap", 1, "In `a+`, a write after a seek past the end still goes to the end: no gap.",
      "Append writes go to the end, wherever the position is.", "a+", "data.txt", ["seek:30", "write:Z", "tell"]),
    T("a-plus-creates-a-missing-file", 1, "`a+` creates a missing file.", "`a+` creates a missing file.",
      "a+", "new.log", ["write:xy", "seek:0", "read"], files={}),
    # Direction errors.
    T("r-refuses-even-an-empty-write", 2, "In mode `r`, even `write:` (no bytes) is an error; the earlier read is printed, the later not run.",
      "Check the mode yourself: Rust's `write_all(b"")` returns without a system call, so nothing complains (a bare `write(2)` of 0 bytes on a read-only descriptor would fail with EBADF).",
      "r", "data.txt", ["read:1", "write:", "read:1"]),
    T("w-refuses-even-read-0", 2, "In mode `w`, even `read:0` is an error; the earlier write is in the file, the later one is not.",
      "Check the mode yourself: a 0-byte read through `take(0)` or `read_exact` returns without a system call (a bare `read(2)` of 0 bytes on a write-only descriptor would fail with EBADF).",
      "w", "data.txt", ["write:ab", "read:0", "write:cd"]),
    T("a-refuses-read", 1, "In mode `a`, `read` is an error after `tell` printed.", "`a` is write only.",
      "a", "data.txt", ["tell", "read", "tell"]),
    T("w-refuses-read-after-truncating", 1, "In mode `w`, `read` is an error, and the file was truncated when it was opened.",
      "The open happens before the first OP runs.", "w", "data.txt", ["read"]),
    # Whence.
    T("whence-0-explicit-and-default", 1, "`seek:7:0` and `seek:7` both go to offset 7.", "WHENCE defaults to 0.",
      "r", "data.txt", ["seek:7:0", "read:1", "seek:7", "read:1"]),
    T("whence-1-forward-and-back", 2, "`seek:OFFSET:1` moves from the current position, backwards with a negative OFFSET.",
      "WHENCE 1 is `SeekFrom::Current`.", "r", "data.txt", ["seek:10", "seek:-4:1", "read:2", "seek:3:1", "read:1", "tell"]),
    T("whence-2-negative", 2, "`seek:-1:2` is the last byte, `seek:-20:2` the first of 20, `seek:0:2` the end.",
      "WHENCE 2 is `SeekFrom::End`.", "r", "data.txt", ["seek:-1:2", "read", "seek:-20:2", "read:1", "seek:0:2", "tell"]),
    T("whence-2-positive-goes-past-the-end", 1, "`seek:2:2` goes 2 bytes past the end; a write there leaves 2 zero bytes.",
      "A positive OFFSET from the end goes past it.", "r+", "data.txt", ["seek:2:2", "write:!", "seek:0:2", "tell"]),
    T("negative-position-with-whence-0-is-an-error", 2, "`seek:-1` is an error: exit 1, `error:` on stderr, the earlier output kept.",
      "A negative position is an error, never 0.", "r", "data.txt", ["read:2", "seek:-1", "tell"]),
    T("negative-position-with-whence-1-is-an-error", 2, "`seek:-6:1` from 5 is an error.",
      "A negative position is an error, never 0.", "r", "data.txt", ["seek:5", "tell", "seek:-6:1", "tell"]),
    T("negative-position-with-whence-2-is-an-error", 2, "`seek:-21:2` on a 20-byte file is an error.",
      "A negative position is an error, never 0.", "r", "data.txt", ["seek:-21:2", "tell"]),
    T("seeking-exactly-to-0-is-fine", 1, "`seek:-4:1` from 4 and `seek:-20:2` on 20 bytes reach 0 without error.",
      "Only a position below 0 is an error.", "r", "data.txt", ["seek:4", "seek:-4:1", "tell", "seek:-20:2", "tell"]),
    T("a-failed-seek-writes-nothing", 2, "After a failed `seek:-5`, the following write does not run: the file is unchanged.",
      "Stop at the first error; a bad seek does not move to 0.", "r+", "data.txt", ["seek:-5", "write:X"]),
    # Past the end.
    T("w-plus-write-past-the-end-leaves-zeros", 2, "In `w+`, `seek:3` then `write:A` gives 3 zero bytes, then `A`.",
      "Seeking past the end is allowed; the gap holds zeros.", "w+", "new.bin", ["seek:3", "write:A", "seek:0", "read"], files={}),
    T("seek-past-the-end-alone-does-not-grow-the-file", 1, "A seek past the end without a write leaves the file's size alone.",
      "Only a write extends the file.", "r+", "data.txt", ["seek:100", "tell"]),
    T("read-past-the-end-is-empty", 1, "Reads past the end print empty lines and leave the position where it is.",
      "A read at or past the end reads 0 bytes.", "r", "data.txt", ["seek:100", "read:5", "read", "tell"]),
    # Read.
    T("read-at-the-end-prints-an-empty-line", 1, "`read:1` at the end of the file prints just `\\n`.",
      "A read always prints its bytes and then `\\n`, even when there are none.", "r", "data.txt", ["seek:0:2", "read:1"]),
    T("read-0-prints-an-empty-line", 1, "`read:0` prints an empty line and does not move.", "N may be 0.",
      "r", "data.txt", ["read:0", "tell"]),
    T("read-minus-1-reads-to-the-end", 1, "`read:-1` is `read`: everything from the position on.",
      "`read:-1` means to the end.", "r", "data.txt", ["seek:15", "read:-1", "tell"]),
    T("read-more-than-is-left", 1, "`read:10` with 2 bytes left prints those 2.", "N is at most; fewer bytes may be left.",
      "r", "data.txt", ["seek:18", "read:10", "tell"]),
    T("read-with-a-huge-n-reads-what-is-there", 1, "`read:1000000000000` on a 20-byte file prints the 20 bytes (no terabyte buffer).",
      "Reading costs no more than the bytes read: don't allocate N bytes up front (`Read::take` + `read_to_end`).",
      "r", "data.txt", ["read:1000000000000"]),
    T("read-prints-raw-bytes", 2, "`read` prints the file's bytes as they are, even bytes that are not UTF-8.",
      "Write the bytes to stdout (`write_all`), not a `String` made from them.", "r", "raw.bin", ["read"],
      files={"raw.bin": bytes.fromhex("ff00fe0a41")}),
    T("read-part-of-a-character", 1, "`read:1` of `你` prints its first byte alone.", "Bytes, not characters.",
      "w+", "zh.txt", ["write:你好", "seek:0", "read:1", "tell"], files={}),
    T("read-a-larger-file-to-the-end", 1, "`read` reads a 3000-byte file to the end, across many reads of the system.",
      "Keep reading until a read returns 0 bytes (`read_to_end`).", "r", "long.txt", ["seek:1", "read"],
      files={"long.txt": bytes(random.Random(3000).choice(b"abcdefghij \n") for _ in range(3000))}),
    # Tell.
    T("tell-after-a-write", 2, "After `seek:3` and `write:abc`, `tell` prints 6.", "A write moves the position by its length.",
      "r+", "data.txt", ["seek:3", "write:abc", "tell"]),
    T("tell-after-mixed-reads-and-writes", 2, "`tell` follows reads, writes and relative seeks.",
      "Ask the file for its position (`stream_position`) rather than counting yourself.",
      "w+", "mix.txt", ["write:hello world", "seek:-5:1", "tell", "read:2", "tell", "write:XY", "tell"], files={}),
    T("tell-after-an-append", 1, "In `a+`, `tell` after a write is the new end, whatever the position before.",
      "An append write moves the position to the new end.", "a+", "data.txt", ["seek:0", "write:XY", "tell"]),
    # Errors.
    T("an-error-keeps-earlier-output-and-stops", 2, "A runtime error keeps what earlier OPs printed and runs nothing after it.",
      "Print as you go, stop at the first error, one `error:` line, exit 1.", "r", "data.txt",
      ["read:2", "tell", "seek:-100:1", "tell", "read:1"]),
    T("an-error-keeps-earlier-writes", 2, "A runtime error keeps what earlier OPs wrote.", "Earlier OPs have taken effect.",
      "r+", "data.txt", ["write:AB", "seek:-1", "write:CD"]),
    # Usage errors: exit 2, the file not opened (so `w` does not truncate it, `a` does not create it).
    usage("usage-unknown-op", "An unknown OP is a usage error: exit 2, and mode `w` has not truncated the file.", ["write:x", "jump"]),
    usage("usage-seek-without-offset", "`seek` without a field is a usage error.", ["tell", "seek"]),
    usage("usage-tell-with-a-field", "`tell:1` has an extra field: a usage error.", ["tell:1"]),
    usage("usage-read-with-two-fields", "`read:1:2` has an extra field: a usage error.", ["read:1:2"]),
    usage("usage-seek-with-three-fields", "`seek:1:0:0` has an extra field: a usage error.", ["seek:1:0:0"]),
    usage("usage-write-without-a-colon", "`write` without a colon is a usage error.", ["write"]),
    usage("usage-whence-3", "WHENCE 3 is a usage error.", ["seek:0:3"]),
    usage("usage-n-below-minus-1", "`read:-2` is a usage error.", ["read:-2"]),
    usage("usage-offset-not-a-number", "`seek:1.5` does not parse: a usage error.", ["seek:1.5"]),
    usage("usage-n-not-a-number", "`read:ten` does not parse: a usage error.", ["read:ten"]),
    usage("usage-empty-n", "`read:` has an empty N: a usage error.", ["read:"]),
    usage("usage-bad-mode", "`--mode rw` is a usage error, and the file is untouched.", ["write:x"], mode="rw"),
    usage("usage-does-not-create-in-a", "A usage error in mode `a` leaves a missing file missing.", ["write:x", "read:-2"],
          mode="a", path="new.txt", files={}),
    T("usage-no-path", 1, "Without PATH, `file-seek` is a usage error.", "PATH is required.", None, None, []),
    T("usage-mode-without-path", 1, "`--mode r` without PATH is a usage error.", "PATH is required.", "r", None, []),
    # Write.
    T("write-nothing-is-fine", 1, "`write:` writes no bytes and is no error in a writable mode.", "TEXT may be empty.",
      "r+", "data.txt", ["write:", "tell"]),
    T("write-text-keeps-its-colons", 1, "Everything after `write:` is TEXT, colons included.",
      "Split the name from TEXT at the first colon only.", "w+", "clock.txt", ["write:12:30:45", "seek:0", "read"], files={}),
    T("write-text-with-spaces", 1, "TEXT is one argument and may hold spaces.", "Write TEXT's bytes as given.",
      "w", "note.txt", ["write:hello world"], files={}),
]

BIG_TESTS = [
    T("big-file-10-bytes-at-the-end", 3,
      "A 10-byte read at the end of a 4 GiB (sparse) file finishes within a second.",
      "Seek, then read only what is asked for: never read (or hold) the whole file.",
      "r", "big.bin", ["seek:-10:2", "read:10", "tell"], files=BIG, step_timeout="1s", budget="4s", limits=BIG_LIMITS),
    T("big-file-read-to-the-end-from-near-it", 2,
      "`read` from 6 bytes before the end of a 4 GiB file reads just those 6 bytes, fast.",
      "A read to the end starts at the position, not at the start of the file.",
      "r", "big.bin", ["seek:4294967290", "read"], files=BIG, step_timeout="1s", budget="4s", limits=BIG_LIMITS),
    T("big-file-append", 2,
      "Mode `a` on a 4 GiB file starts at its end and appends one byte, fast.",
      "Find the end with a seek, not by reading.",
      "a", "big.bin", ["tell", "write:x", "tell"], files=BIG, step_timeout="1s", budget="4s", limits=BIG_LIMITS),
    T("big-file-write-the-last-byte", 2,
      "`r+` on a 4 GiB file: seek to the end, overwrite the last byte, read it back, fast.",
      "Seeks cost nothing; reads cost what they read.",
      "r+", "big.bin", ["seek:0:2", "tell", "seek:-1:1", "write:!", "seek:-1:2", "read"],
      files=BIG, step_timeout="1s", budget="4s", limits=BIG_LIMITS),
]


# Simplified Chinese for the hidden tests' texts, keyed by the English text like `ZH`.
ZH.update({
    "Mode `r` with no OP leaves the file as it was.":
        "模式 `r` 且没有 OP 时，文件保持原样。",
    "`r` opens for reading only.":
        "`r` 只以读方式打开。",
    "The default mode `r+` needs the file to exist: exit 1, nothing created.":
        "默认模式 `r+` 要求文件存在：退出码为 1，不创建任何文件。",
    "`r+` is read and write, without `create`.":
        "`r+` 可读可写，不带 `create`。",
    "Without `--mode`, the file is opened `r+`: read and write, kept, at position 0.":
        "不给 `--mode` 时以 `r+` 打开文件：可读可写，保留原内容，位置在 0。",
    "The default MODE is `r+`.":
        "默认的 MODE 是 `r+`。",
    "`r+` overwrites in place and can grow the file past its end.":
        "`r+` 原地覆盖写入，也可以把文件写得超出原来的末尾。",
    "`r+` keeps the file: no `truncate`, no `append`.":
        "`r+` 保留文件：不 `truncate`，也不 `append`。",
    "`r+` does not truncate: reading the start gives the old bytes.":
        "`r+` 不清空文件：从开头读到的是原来的字节。",
    "`r+` keeps the file: no `truncate`.":
        "`r+` 保留文件：不 `truncate`。",
    "Mode `w` creates a missing file.":
        "模式 `w` 会创建不存在的文件。",
    "`w` creates or truncates.":
        "`w` 会创建文件，或清空已有的文件。",
    "Mode `w` empties the file even when no OP follows.":
        "即使后面没有 OP，模式 `w` 也会清空文件。",
    "`w` truncates when it opens.":
        "`w` 在打开时就清空文件。",
    "`w+` empties the file, then reads back what was written.":
        "`w+` 先清空文件，再读回写入的内容。",
    "`w+` is read and write, create and truncate.":
        "`w+` 可读可写，并且会创建和清空文件。",
    "`w+` creates a missing file.":
        "`w+` 会创建不存在的文件。",
    "`w+` creates or truncates.":
        "`w+` 会创建文件，或清空已有的文件。",
    "Mode `a` creates a missing file and writes to it.":
        "模式 `a` 会创建不存在的文件并写入。",
    "`a` creates a missing file.":
        "`a` 会创建不存在的文件。",
    "In mode `a` the position starts at the end of the file.":
        "模式 `a` 下位置从文件末尾开始。",
    "Python's append modes start at the end; `append(true)` alone does not move the position.":
        "Python 的追加模式从末尾开始；单靠 `append(true)` 不会移动位置。",
    "In mode `a+` the position starts at the end: a `read` there prints an empty line.":
        "模式 `a+` 下位置从末尾开始：在那里 `read` 打印一个空行。",
    "In mode `a`, a write after `seek:3` goes to the end; `tell` then gives the new end.":
        "模式 `a` 下，`seek:3` 之后的写入仍写到末尾；之后 `tell` 给出新的末尾。",
    "Every write in `a` and `a+` goes to the end (`append(true)`).":
        "`a` 和 `a+` 下每次写入都到末尾（`append(true)`）。",
    "In mode `a+`, reads happen at the position, writes at the end.":
        "模式 `a+` 下，读在当前位置进行，写在末尾进行。",
    "`a+` is read and append.":
        "`a+` 是读加追加。",
    "In `a+`, a write after a seek past the end still goes to the end: no gap.":
        "`a+` 下，定位到末尾之后再写入，仍然写到末尾：不留空隙。",
    "Append writes go to the end, wherever the position is.":
        "追加写入总是到末尾，不管当前位置在哪里。",
    "`a+` creates a missing file.":
        "`a+` 会创建不存在的文件。",
    "In mode `r`, even `write:` (no bytes) is an error; the earlier read is printed, the later not run.":
        "模式 `r` 下，即使 `write:`（零字节）也是错误；之前的读取已打印，之后的不再执行。",
    "Check the mode yourself: Rust's `write_all(b"")` returns without a system call, so nothing complains (a bare `write(2)` of 0 bytes on a read-only descriptor would fail with EBADF).":
        "自己检查模式：Rust 的 `write_all(b"")` 不发起系统调用就直接返回，所以不会有任何报错（而对只读描述符直接调用 0 字节的 `write(2)` 会因 EBADF 失败）。",
    "In mode `w`, even `read:0` is an error; the earlier write is in the file, the later one is not.":
        "模式 `w` 下，即使 `read:0` 也是错误；之前写的内容已在文件中，之后的没有。",
    "Check the mode yourself: a 0-byte read through `take(0)` or `read_exact` returns without a system call (a bare `read(2)` of 0 bytes on a write-only descriptor would fail with EBADF).":
        "自己检查模式：通过 `take(0)` 或 `read_exact` 读取 0 字节时不发起系统调用就直接返回（而对只写描述符直接调用 0 字节的 `read(2)` 会因 EBADF 失败）。",
    "In mode `a`, `read` is an error after `tell` printed.":
        "模式 `a` 下，`tell` 打印之后的 `read` 是错误。",
    "`a` is write only.":
        "`a` 只能写。",
    "In mode `w`, `read` is an error, and the file was truncated when it was opened.":
        "模式 `w` 下 `read` 是错误，而且文件在打开时已经被清空。",
    "The open happens before the first OP runs.":
        "打开文件发生在第一个 OP 执行之前。",
    "`seek:7:0` and `seek:7` both go to offset 7.":
        "`seek:7:0` 和 `seek:7` 都到达偏移 7。",
    "WHENCE defaults to 0.":
        "WHENCE 默认为 0。",
    "`seek:OFFSET:1` moves from the current position, backwards with a negative OFFSET.":
        "`seek:OFFSET:1` 从当前位置移动，OFFSET 为负时向后移动。",
    "WHENCE 1 is `SeekFrom::Current`.":
        "WHENCE 为 1 就是 `SeekFrom::Current`。",
    "`seek:-1:2` is the last byte, `seek:-20:2` the first of 20, `seek:0:2` the end.":
        "`seek:-1:2` 是最后一个字节，`seek:-20:2` 是 20 个字节中的第一个，`seek:0:2` 是末尾。",
    "WHENCE 2 is `SeekFrom::End`.":
        "WHENCE 为 2 就是 `SeekFrom::End`。",
    "`seek:2:2` goes 2 bytes past the end; a write there leaves 2 zero bytes.":
        "`seek:2:2` 到达末尾之后 2 个字节处；在那里写入会留下 2 个零字节。",
    "A positive OFFSET from the end goes past it.":
        "从末尾算起的正 OFFSET 会越过末尾。",
    "`seek:-1` is an error: exit 1, `error:` on stderr, the earlier output kept.":
        "`seek:-1` 是错误：退出码为 1，stderr 输出 `error:`，之前的输出保留。",
    "A negative position is an error, never 0.":
        "负的位置是错误，绝不是 0。",
    "`seek:-6:1` from 5 is an error.":
        "从 5 执行 `seek:-6:1` 是错误。",
    "`seek:-21:2` on a 20-byte file is an error.":
        "在 20 字节的文件上 `seek:-21:2` 是错误。",
    "`seek:-4:1` from 4 and `seek:-20:2` on 20 bytes reach 0 without error.":
        "从 4 执行 `seek:-4:1`，以及在 20 字节上执行 `seek:-20:2`，都正好到达 0，不报错。",
    "Only a position below 0 is an error.":
        "只有小于 0 的位置才是错误。",
    "After a failed `seek:-5`, the following write does not run: the file is unchanged.":
        "`seek:-5` 失败之后，后面的写入不会执行：文件不变。",
    "Stop at the first error; a bad seek does not move to 0.":
        "遇到第一个错误就停下；错误的定位不会移到 0。",
    "In `w+`, `seek:3` then `write:A` gives 3 zero bytes, then `A`.":
        "`w+` 下先 `seek:3` 再 `write:A`，得到 3 个零字节，然后是 `A`。",
    "Seeking past the end is allowed; the gap holds zeros.":
        "允许定位到末尾之后；空隙里是零。",
    "A seek past the end without a write leaves the file's size alone.":
        "定位到末尾之后但不写入，文件大小不变。",
    "Only a write extends the file.":
        "只有写入才会让文件变长。",
    "Reads past the end print empty lines and leave the position where it is.":
        "在末尾之后读取打印空行，位置保持不变。",
    "A read at or past the end reads 0 bytes.":
        "在末尾或末尾之后读取，读到 0 个字节。",
    "`read:1` at the end of the file prints just `\\n`.":
        "在文件末尾 `read:1` 只打印 `\\n`。",
    "A read always prints its bytes and then `\\n`, even when there are none.":
        "读取总是先打印读到的字节再打印 `\\n`，即使一个字节也没读到。",
    "`read:0` prints an empty line and does not move.":
        "`read:0` 打印一个空行，位置不动。",
    "N may be 0.":
        "N 可以是 0。",
    "`read:-1` is `read`: everything from the position on.":
        "`read:-1` 就是 `read`：从当前位置读到末尾的全部内容。",
    "`read:-1` means to the end.":
        "`read:-1` 表示读到末尾。",
    "`read:10` with 2 bytes left prints those 2.":
        "只剩 2 个字节时 `read:10` 打印这 2 个字节。",
    "N is at most; fewer bytes may be left.":
        "N 是上限；剩下的字节可能更少。",
    "`read:1000000000000` on a 20-byte file prints the 20 bytes (no terabyte buffer).":
        "在 20 字节的文件上 `read:1000000000000` 打印这 20 个字节（不要分配 TB 级的缓冲区）。",
    "Reading costs no more than the bytes read: don't allocate N bytes up front (`Read::take` + `read_to_end`).":
        "读取的开销不应超过实际读到的字节：不要预先分配 N 个字节（用 `Read::take` 加 `read_to_end`）。",
    "`read` prints the file's bytes as they are, even bytes that are not UTF-8.":
        "`read` 按原样打印文件的字节，即使不是 UTF-8 也一样。",
    "Write the bytes to stdout (`write_all`), not a `String` made from them.":
        "把字节写到 stdout（`write_all`），不要先转成 `String`。",
    "`read:1` of `你` prints its first byte alone.":
        "对 `你` 执行 `read:1` 只打印它的第一个字节。",
    "Bytes, not characters.":
        "按字节，而不是按字符。",
    "`read` reads a 3000-byte file to the end, across many reads of the system.":
        "`read` 把 3000 字节的文件读到末尾，需要多次系统读取。",
    "Keep reading until a read returns 0 bytes (`read_to_end`).":
        "一直读到某次读取返回 0 字节为止（`read_to_end`）。",
    "After `seek:3` and `write:abc`, `tell` prints 6.":
        "`seek:3` 加 `write:abc` 之后，`tell` 打印 6。",
    "A write moves the position by its length.":
        "写入会让位置前进所写的长度。",
    "`tell` follows reads, writes and relative seeks.":
        "`tell` 跟随读取、写入和相对定位的变化。",
    "Ask the file for its position (`stream_position`) rather than counting yourself.":
        "向文件询问它的位置（`stream_position`），不要自己计数。",
    "In `a+`, `tell` after a write is the new end, whatever the position before.":
        "`a+` 下写入之后 `tell` 是新的末尾，不管之前位置在哪里。",
    "An append write moves the position to the new end.":
        "追加写入把位置移到新的末尾。",
    "A runtime error keeps what earlier OPs printed and runs nothing after it.":
        "运行时错误保留之前 OP 打印的内容，之后的 OP 都不执行。",
    "Print as you go, stop at the first error, one `error:` line, exit 1.":
        "边执行边打印，遇到第一个错误就停下，输出一行 `error:`，以 1 退出。",
    "A runtime error keeps what earlier OPs wrote.":
        "运行时错误保留之前 OP 写入的内容。",
    "Earlier OPs have taken effect.":
        "之前的 OP 已经生效。",
    "An unknown OP is a usage error: exit 2, and mode `w` has not truncated the file.":
        "未知的 OP 是用法错误：退出码为 2，并且模式 `w` 没有清空文件。",
    "`seek` without a field is a usage error.":
        "`seek` 没有字段是用法错误。",
    "`tell:1` has an extra field: a usage error.":
        "`tell:1` 多了一个字段：用法错误。",
    "`read:1:2` has an extra field: a usage error.":
        "`read:1:2` 多了一个字段：用法错误。",
    "`seek:1:0:0` has an extra field: a usage error.":
        "`seek:1:0:0` 多了一个字段：用法错误。",
    "`write` without a colon is a usage error.":
        "`write` 后面没有冒号是用法错误。",
    "WHENCE 3 is a usage error.":
        "WHENCE 为 3 是用法错误。",
    "`read:-2` is a usage error.":
        "`read:-2` 是用法错误。",
    "`seek:1.5` does not parse: a usage error.":
        "`seek:1.5` 无法解析：用法错误。",
    "`read:ten` does not parse: a usage error.":
        "`read:ten` 无法解析：用法错误。",
    "`read:` has an empty N: a usage error.":
        "`read:` 的 N 是空的：用法错误。",
    "`--mode rw` is a usage error, and the file is untouched.":
        "`--mode rw` 是用法错误，文件不受影响。",
    "A usage error in mode `a` leaves a missing file missing.":
        "模式 `a` 下的用法错误不会创建不存在的文件。",
    "Without PATH, `file-seek` is a usage error.":
        "没有 PATH 时，`file-seek` 是用法错误。",
    "PATH is required.":
        "PATH 是必需的。",
    "`--mode r` without PATH is a usage error.":
        "`--mode r` 却没有 PATH 是用法错误。",
    "`write:` writes no bytes and is no error in a writable mode.":
        "在可写的模式下，`write:` 不写任何字节，也不是错误。",
    "TEXT may be empty.":
        "TEXT 可以为空。",
    "Everything after `write:` is TEXT, colons included.":
        "`write:` 之后的全部内容都是 TEXT，包括冒号。",
    "Split the name from TEXT at the first colon only.":
        "只在第一个冒号处把名称和 TEXT 分开。",
    "TEXT is one argument and may hold spaces.":
        "TEXT 是一个参数，可以包含空格。",
    "Write TEXT's bytes as given.":
        "按给出的样子写入 TEXT 的字节。",
    "A 10-byte read at the end of a 4 GiB (sparse) file finishes within a second.":
        "在 4 GiB（稀疏）文件的末尾读取 10 个字节，一秒内完成。",
    "Seek, then read only what is asked for: never read (or hold) the whole file.":
        "先定位，再只读要求的部分：绝不读取（或在内存中保存）整个文件。",
    "`read` from 6 bytes before the end of a 4 GiB file reads just those 6 bytes, fast.":
        "在 4 GiB 文件上从末尾前 6 个字节处 `read`，只读这 6 个字节，而且很快。",
    "A read to the end starts at the position, not at the start of the file.":
        "读到末尾是从当前位置开始，而不是从文件开头。",
    "Mode `a` on a 4 GiB file starts at its end and appends one byte, fast.":
        "模式 `a` 打开 4 GiB 的文件时从末尾开始，追加一个字节，而且很快。",
    "Find the end with a seek, not by reading.":
        "用定位找到末尾，而不是靠读取。",
    "`r+` on a 4 GiB file: seek to the end, overwrite the last byte, read it back, fast.":
        "`r+` 打开 4 GiB 的文件：定位到末尾，覆盖最后一个字节，再读回来，而且很快。",
    "Seeks cost nothing; reads cost what they read.":
        "定位没有开销；读取的开销取决于读了多少。",
    "Compare your output with Python: `open(PATH, MODE + 'b', buffering=0)` and the same calls.":
        "把你的输出和 Python 的比较：`open(PATH, MODE + 'b', buffering=0)` 加上同样的调用。",
})


def random_ops(rng, mode):
    """One random OP sequence; the wrong direction and negative positions are rare."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    reads = mode not in ("w", "a")
    writes = mode != "r"
    ops = []
    for _ in range(rng.randint(4, 10)):
        kind = rng.random()
        if kind < 0.3:
            whence = rng.choice([None, 0, 1, 2])
            low = -12 if whence in (1, 2) else (-2 if rng.random() < 0.1 else 0)
            offset = rng.randint(low, 35)
            ops.append(f"seek:{offset}" if whence is None else f"seek:{offset}:{whence}")
        elif kind < 0.5:
            ops.append("tell")
        elif kind < 0.75 and (reads or rng.random() < 0.1):
            ops.append(rng.choice(["read", "read:-1"] + [f"read:{n}" for n in range(0, 12)]))
        elif writes or rng.random() < 0.1:
            text = "".join(rng.choice(letters + ":") for _ in range(rng.randint(0, 6)))
            ops.append(f"write:{text}")
    if rng.random() < 0.1:
        ops.insert(rng.randrange(len(ops) + 1), rng.choice(["seek:1:5", "read:-3", "tel", "write"]))
    return ops


def ops_run(head, ops, files):
    """How many of `ops` run before an error (all of them when none fails)."""
    for k in range(len(ops) + 1):
        if run_model(head + ops[:k], files)[1] != 0:
            return k - 1
    return len(ops)


def random_tests(count=16, base_seed=2026):
    """Random OP sequences, one seed each; expectations come from the model.

    Draws are repeated until one ends the way the test wants (status 0, 1 or 2)
    with at least 3 OPs run before any runtime error, so that the tests exercise
    sequences rather than a first-OP error."""
    tests = []
    letters = "abcdefghijklmnopqrstuvwxyz"
    for index in range(count):
        seed = base_seed * 1000 + index
        rng = random.Random(seed)
        # Mostly clean runs; every third ends in a runtime error, now and then a usage error.
        want = 2 if index % 8 == 7 else 1 if index % 3 == 1 else 0
        while True:
            mode = rng.choice(MODES + ["r+", "a+", "w+"])
            files = {}
            if rng.random() < 0.9:
                size = rng.randint(0, 30)
                files["data.bin"] = "".join(rng.choice(letters) for _ in range(size)).encode()
            ops = random_ops(rng, mode)
            head = ["--mode", mode, "data.bin"]
            status = run_model(head + ops, files)[1]
            if status == want and (status == 2 or ops_run(head, ops, files) >= 3):
                break
        tests.append(T(f"random-ops-{index + 1:02}", 1,
                       f"Random OPs (seed {seed}) in mode `{mode}`, checked against Python's file objects.",
                       "Compare your output with Python: `open(PATH, MODE + 'b', buffering=0)` and the same calls.",
                       mode, "data.bin", ops, files=files,
                       about_zh=f"随机的 OP（种子 {seed}），模式 `{mode}`，与 Python 文件对象的结果比对。"))
    return tests


# ---------------------------------------------------------------- TOML output


def toml_str(text):
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def is_text(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch == "\n" or (ord(ch) >= 0x20 and ord(ch) != 0x7F) for ch in text)


def bytes_field(data, text_key="text", hex_key="hex"):
    if is_text(data):
        return f"{text_key} = {toml_str(data.decode())}"
    return f"{hex_key} = {toml_str(data.hex(' '))}"


def file_entry(path, content):
    if isinstance(content, int):
        return f"{{ path = {toml_str(path)}, size = {content} }}"
    return f"{{ path = {toml_str(path)}, {bytes_field(content)} }}"


def render_test(test, lines):
    stdout, status, after = run_model(test.args, test.files)
    lines.append("[[test]]")
    lines.append(f"name = {toml_str(test.name)}")
    lines.append(f"about = {toml_str(test.about)}")
    about_zh = test.about_zh or ZH.get(test.about)
    if about_zh:
        lines.append(f"about-zh = {toml_str(about_zh)}")
    lines.append(f"points = {test.points}")
    lines.append(f"hint = {toml_str(test.hint)}")
    if test.hint in ZH:
        lines.append(f"hint-zh = {toml_str(ZH[test.hint])}")
    if test.files != DEFAULT_FILES:
        lines.append("files = [" + ", ".join(file_entry(p, c) for p, c in test.files.items()) + "]")
    lines.append("args = [" + ", ".join(toml_str(a) for a in test.args) + "]")
    if test.step_timeout:
        lines.append(f"step-timeout = {toml_str(test.step_timeout)}")
    if test.budget:
        lines.append(f"budget = {toml_str(test.budget)}")
    if test.limits:
        lines.append("limits = { " + ", ".join(f"{k} = {toml_str(v)}" for k, v in test.limits.items()) + " }")
    steps = [f"{{ expect-exit = {status} }}"]
    steps.append("{ " + bytes_field(stdout, "expect-stdout", "expect-stdout-hex") + " }")
    if status == 1:
        steps.append('{ expect-stderr-prefix = "error:" }')
        steps.append("{ expect-stderr-lines = 1 }")
    for path, content in after.items():
        if content is None:
            check = "exists = false"
        elif isinstance(content, int):
            check = f"size = {content}"
        else:
            check = bytes_field(content)
        steps.append(f"{{ expect-file = {{ path = {toml_str(path)}, {check} }} }}")
    lines.append("step = [")
    lines.extend(f"  {step}," for step in steps)
    lines.append("]")
    lines.append("")


HEADER = """\
# {what} of `file-seek`: run them with
#   cargo xtask check file-seek
# Each test creates its files in a fresh temporary directory (your program's
# working directory), runs `file-seek ARGS` there, then checks the exit status,
# stdout, stderr and the files afterwards. The format is described in
# grader/src/scenario/raw.rs.
#
# Generated: every expected output below was computed by running the same
# OPs on Python's own file objects (`open(PATH, MODE + "b", buffering=0)`).
# Maintainers: edit grader/hidden/gen-03-file-seek.py, not this file, and run it.
format-version = 1

[defaults]
program = "file-seek"
step-timeout = "3s"
budget = "10s"
# Unless a test lists its own files: a 20-byte file, where offset 5 holds `f`.
files = [{default}]

"""


def render(tests, what):
    lines = [HEADER.format(what=what, default=file_entry("data.txt", DATA)).rstrip("\n"), ""]
    for test in tests:
        render_test(test, lines)
    return "\n".join(lines).rstrip("\n") + "\n"


def main():
    names = [t.name for t in PUBLIC_TESTS + HIDDEN_TESTS + BIG_TESTS + random_tests()]
    assert len(names) == len(set(names)), "test names must be unique"
    outputs = {
        PUBLIC: render(PUBLIC_TESTS, "Public tests"),
        HIDDEN: render(HIDDEN_TESTS + BIG_TESTS + random_tests(), "Hidden tests"),
    }
    stale = []
    for path, text in outputs.items():
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            stale.append(os.path.relpath(path, ROOT))
            if "--check" not in sys.argv:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    if "--check" in sys.argv and stale:
        print("stale: " + ", ".join(stale) + "; run python3 grader/hidden/gen-03-file-seek.py")
        return 1
    for path in stale:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
