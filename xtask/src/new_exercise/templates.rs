//! The files `new-exercise` writes, with `__ID__`, `__FOLDER__` and
//! `__NUMBER__` standing for the exercise's id, folder and number.
//!
//! The scaffold is a program on the command line (no socket), so that it is
//! std-only, fast and never flaky; the tests of `01-tcp-server` show how a
//! network exercise's tests are written.

/// `exercises/<folder>/Cargo.toml`: the stub crate, and the trusted template
/// the grader builds a submission in.
pub(super) const STUB_MANIFEST: &str = r#"[package]
name = "__ID__"
version = "0.1.0"
edition = "2024"
rust-version = "1.88"
publish = false
description = "Exercise __NUMBER__: print each word in capitals."

# The standard library is all you need: no [dependencies].

# These lints are the exercise's own (not the workspace's), so that a stub builds quietly.
[lints.rust]
# Stubs leave parameters and helpers unused until you fill them in.
# Only these are allowed, by name: `unused_must_use` still warns, so a
# `stream.write_all(..);` whose error you forgot to handle gets a warning.
unused_variables = "allow"
unused_imports = "allow"
dead_code = "allow"
# The code after a stub's `todo!()` runs once you replace the `todo!()`.
unreachable_code = "allow"

[lints.clippy]
# The stubs mark the work left for you with `todo!()`.
todo = "allow"
"#;

/// `solutions/<folder>/Cargo.toml`.
pub(super) const SOLUTION_MANIFEST: &str = r#"[package]
name = "__ID__-solution"
version = "0.1.0"
edition = "2024"
rust-version = "1.88"
publish = false
description = "Reference solution of the __ID__ exercise."
# The grader builds this `src/` inside the exercise's own manifest, where the
# binary is `__ID__`; here it carries a suffix so the workspace never builds
# two binaries with one name into `target/`.
autobins = false

[[bin]]
name = "__ID__-solution"
path = "src/main.rs"

[lints]
workspace = true
"#;

/// The program around the part a student writes, shared by stub and solution.
const MAIN_HEAD: &str = r#"//! `__ID__ [WORD...]`: print each word in capitals, one per line.
//!
//! Read README.md (or README.zh-CN.md) first. Run the public tests with
//! `cargo xtask check __ID__`.

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut out = io::stdout().lock();
    for word in std::env::args().skip(1) {
        if let Err(err) = writeln!(out, "{}", shout(&word)) {
            eprintln!("error: cannot write to stdout: {err}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// `word` with every ASCII letter in capitals.
fn shout(word: &str) -> String {
"#;

/// `exercises/<folder>/src/main.rs`.
pub(super) fn stub_main() -> String {
    format!("{MAIN_HEAD}{STUB_BODY}")
}

/// What the student writes.
const STUB_BODY: &str = r#"    // TODO: Return `word` with every ASCII letter in capitals; other
    // characters stay as they are.
    todo!("shout {word}")
}
"#;

/// `solutions/<folder>/src/main.rs`.
pub(super) fn solution_main() -> String {
    format!("{MAIN_HEAD}{SOLUTION_BODY}")
}

/// The solution's answer to the stub's `// TODO:`.
const SOLUTION_BODY: &str = r#"    // ASCII only: `to_uppercase` would turn `ß` into `SS`.
    word.to_ascii_uppercase()
}
"#;

/// The line of the solution the known-wrong variant changes, and what it becomes.
pub(super) const VARIANT_LINE: (&str, &str) =
    ("    word.to_ascii_uppercase()", "    word.to_string()");

/// The variant's file name (without `.patch`) and its description.
pub(super) const VARIANT: (&str, &str) = (
    "prints-the-words-as-given",
    "Prints each word as it was given, without capitals.",
);

/// `exercises/<folder>/tests.toml`.
pub(super) const PUBLIC_TESTS: &str = r#"# Public tests of `__ID__`: run them with
#   cargo xtask check __ID__
# Each test runs `__ID__ ARGS` in a fresh temporary directory, then checks its
# exit status and its output. The format is described in
# grader/src/scenario/raw.rs.
format-version = 1

[defaults]
program = "__ID__"
step-timeout = "3s"
budget = "10s"

[[test]]
name = "shouts-one-word"
about = "`__ID__ hello` prints `HELLO`."
about-zh = "`__ID__ hello` 打印 `HELLO`。"
points = 2
hint = "Print each word with every ASCII letter in capitals (`str::to_ascii_uppercase`), then `\\n`."
hint-zh = "把每个词的 ASCII 字母都变成大写（`str::to_ascii_uppercase`）后打印，再打印 `\\n`。"
args = ["hello"]
step = [
  { expect-exit = 0 },
  { expect-stdout = "HELLO\n" },
]
"#;

/// `grader/hidden/<folder>.toml`.
pub(super) const HIDDEN_TESTS: &str = r#"# Hidden tests of `__ID__` (never shipped to students).
# The format is described in grader/src/scenario/raw.rs.
format-version = 1

[defaults]
program = "__ID__"
step-timeout = "3s"
budget = "10s"

[[test]]
name = "shouts-each-word-on-its-own-line"
about = "Two words, one with a space inside: each on its own line, in capitals."
about-zh = "两个词，其中一个含有空格：每个词单独一行，全部大写。"
points = 2
hint = "One line per argument, in the order given; a space inside an argument stays."
hint-zh = "每个参数一行，按给出的顺序；参数里的空格保留。"
args = ["net", "lab 2"]
step = [
  { expect-exit = 0 },
  { expect-stdout = "NET\nLAB 2\n" },
]

[[test]]
name = "leaves-other-characters-alone"
about = "Only ASCII letters change: digits, `-`, `_` and `ß` stay."
about-zh = "只有 ASCII 字母会变：数字、`-`、`_` 和 `ß` 保持不变。"
points = 1
hint = "`to_ascii_uppercase` changes `a`–`z` only."
hint-zh = "`to_ascii_uppercase` 只改变 `a`–`z`。"
args = ["a-1_ß"]
step = [
  { expect-exit = 0 },
  { expect-stdout = "A-1_ß\n" },
]
"#;

/// `exercises/<folder>/README.md`.
pub(super) const README_EN: &str = r#"# __NUMBER__ · __ID__: print each word in capitals

[中文版](README.zh-CN.md)

A first exercise, written by `cargo xtask new-exercise`: replace this statement, the stub, the solution, the tests and the known-wrong variant with the exercise you mean to teach.

```
__ID__ [WORD...]
```

The program prints each WORD on a line of its own, with every ASCII letter in capitals, and exits with status 0.
Other characters (digits, punctuation, letters outside ASCII) stay as they are.

```console
$ cargo run -q -p __ID__ -- hello "net lab"
HELLO
NET LAB
```

Fill in the `// TODO:` in `src/main.rs`, then run the public tests:

```sh
cargo xtask check __ID__
```
"#;

/// `exercises/<folder>/README.zh-CN.md`.
pub(super) const README_ZH: &str = r#"# __NUMBER__ · __ID__ —— 把每个词变成大写打印出来

[English](README.md)

这是 `cargo xtask new-exercise` 生成的第一个练习：请把题目、待填代码、参考答案、测试和已知错误变体换成你要教的练习。

```
__ID__ [WORD...]
```

程序把每个 WORD 单独打印一行，其中每个 ASCII 字母都变成大写，然后以退出码 0 结束。
其他字符（数字、标点、ASCII 以外的字母）保持不变。

```console
$ cargo run -q -p __ID__ -- hello "net lab"
HELLO
NET LAB
```

填写 `src/main.rs` 中的 `// TODO:`，然后运行公开测试：

```sh
cargo xtask check __ID__
```
"#;

/// The row of README's exercise table.
pub(super) const README_ROW: &str = "| `__ID__` | `exercises/__FOLDER__` | print each word in capitals (`__ID__`): the scaffold of `cargo xtask new-exercise`, to replace |";
