//! `file-seek [--mode MODE] PATH OP...`: open PATH the way Python's
//! `open(PATH, MODE + "b", buffering=0)` does, then run each OP, in order, on the one open file.
//!
//! OPs: `seek:OFFSET[:WHENCE]`, `tell`, `read[:N]`, `write:TEXT`.
//! Exit status: 0 when every OP ran; 1 after a runtime error (one `error: …`
//! line on stderr, the earlier OPs kept, the later ones not run); 2 for a usage
//! error, found before the file is opened, so a bad OP never truncates or creates it.
//!
//! `main`, the types and the small helpers are done for you. Fill in the four
//! functions marked `// TODO:`, in order: `parse_args`, `parse_op`, `open`, `apply`.
//! Check your work with `cargo xtask check file-seek`; try it by hand with
//! `cargo run -p file-seek -- --mode r some-file read:3 tell`.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;
use std::process::ExitCode;

/// How the file is opened: six of Python's modes (all but `x`, `x+`), always in binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `r`: read only; the file must exist.
    R,
    /// `r+`: read and write; the file must exist and is kept.
    RPlus,
    /// `w`: write only; created or truncated.
    W,
    /// `w+`: read and write; created or truncated.
    WPlus,
    /// `a`: write only; created if missing; starts at the end, every write goes to the end.
    A,
    /// `a+`: read and write; like `a`, and reads may happen anywhere.
    APlus,
}

/// Where a seek's OFFSET counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Whence {
    /// `0`: from the start of the file.
    Start,
    /// `1`: from the current position.
    Current,
    /// `2`: from the end of the file.
    End,
}

/// One operation from the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Op {
    /// `seek:OFFSET[:WHENCE]`.
    Seek { offset: i64, whence: Whence },
    /// `tell`.
    Tell,
    /// `read:N` (`Some(N)`), or `read` and `read:-1` (`None`: to the end).
    Read(Option<u64>),
    /// `write:TEXT`, TEXT's bytes as given.
    Write(Vec<u8>),
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
struct Invocation {
    mode: Mode,
    path: PathBuf,
    ops: Vec<Op>,
}

fn main() -> ExitCode {
    let invocation = match parse_args(std::env::args_os().skip(1).collect()) {
        Ok(invocation) => invocation,
        Err(problem) => {
            eprintln!("file-seek: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = io::stdout().lock();
    let result = run(&invocation, &mut stdout);
    // What the earlier OPs printed stays printed, whatever happens next.
    let flushed = stdout.flush();
    match result.and_then(|()| flushed.map_err(|e| format!("cannot write to stdout: {e}"))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the command line (without the program's name): `[--mode MODE] PATH OP...`.
/// `Err` is a usage error (exit status 2), in words.
fn parse_args(args: Vec<OsString>) -> Result<Invocation, String> {
    // TODO: The mode is `r+` unless the first argument is `--mode`, followed by
    // one of `r`, `r+`, `w`, `w+`, `a`, `a+`. Then comes PATH (required), then
    // any number of OPs (none is fine). Parse every OP here with `parse_op`,
    // before anything is opened: a bad last OP must not truncate the file in mode `w`.
    // `OsString::into_vec` gives an argument's bytes.
    todo!()
}

/// Parses one OP, such as `seek:-3:2`, `tell`, `read`, `read:10` or `write:hi`.
/// `Err` is a usage error, in words.
fn parse_op(arg: &[u8]) -> Result<Op, String> {
    // TODO: Split the name from the fields at the first `:`. Everything after
    // `write:` is TEXT, colons included. `read:-1` means the same as `read`; N
    // below -1 is an error. WHENCE is 0, 1 or 2. `number` parses the numbers.
    // Anything else (an unknown name, a missing or extra field) is an error.
    todo!()
}

/// A decimal integer, perhaps negative.
fn number(field: &[u8]) -> Result<i64, String> {
    std::str::from_utf8(field)
        .ok()
        .and_then(|text| text.parse().ok())
        .ok_or_else(|| format!("`{}` is not a number", String::from_utf8_lossy(field)))
}

/// Opens the file and runs the OPs in order, stopping at the first error.
fn run(invocation: &Invocation, out: &mut impl Write) -> Result<(), String> {
    let mut file = open(invocation.mode, &invocation.path)
        .map_err(|e| format!("cannot open `{}`: {e}", invocation.path.display()))?;
    for op in &invocation.ops {
        apply(&mut file, invocation.mode, op, out)?;
    }
    Ok(())
}

/// Opens `path` as Python's `open(path, mode + "b")` would.
fn open(mode: Mode, path: &std::path::Path) -> io::Result<File> {
    // TODO: Set up `OpenOptions` for each mode (see the table in the README).
    // `append(true)` makes the system send every write to the end, but it does
    // not move the position there when the file opens: Python's `a` and `a+` do.
    todo!()
}

/// Runs one OP on the open file, printing what it prints to `out`.
/// `Err` is the message of a runtime error (without the `error: ` in front).
fn apply(file: &mut File, mode: Mode, op: &Op, out: &mut impl Write) -> Result<(), String> {
    // TODO: `seek` moves the position (a negative result is an error, never 0);
    // `tell` prints it; `read` prints the bytes, then `\n`; `write` writes TEXT.
    // `r` cannot write and `w`/`a` cannot read, even 0 bytes: check the mode
    // yourself, because Rust skips the system call for an empty buffer.
    // Read only what is asked for: `Read::take` and `read_to_end` help; a 10-byte
    // read at the end of a 4 GiB file must not read (or allocate) 4 GiB.
    todo!()
}

/// The mode as written on the command line.
fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::R => "r",
        Mode::RPlus => "r+",
        Mode::W => "w",
        Mode::WPlus => "w+",
        Mode::A => "a",
        Mode::APlus => "a+",
    }
}

/// Shown after every usage error.
const USAGE: &str = "usage: file-seek [--mode r|r+|w|w+|a|a+] PATH OP...
  OP is seek:OFFSET[:WHENCE] (WHENCE 0 start, 1 current, 2 end), tell, read[:N] or write:TEXT";
