//! `file-seek [--mode MODE] PATH OP...`: opens PATH the way Python's
//! `open(PATH, MODE + "b", buffering=0)` does, then runs each OP, in order, on the one open file.
//!
//! OPs: `seek:OFFSET[:WHENCE]`, `tell`, `read[:N]`, `write:TEXT`.
//! Exit status: 0 when every OP ran; 1 after a runtime error (one `error: …`
//! line on stderr, the earlier OPs kept, the later ones not run); 2 for a usage
//! error, found before the file is opened, so a bad OP never truncates or creates it.

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

/// Reads the command line (without the program's name). Every OP is parsed
/// here, before anything is opened.
fn parse_args(args: Vec<OsString>) -> Result<Invocation, String> {
    let mut args = args.into_iter();
    let mut mode = Mode::RPlus;
    let mut path = args.next().ok_or("no PATH given")?;
    if path == "--mode" {
        let value = args.next().ok_or("`--mode` needs a MODE")?;
        mode = parse_mode(&value.to_string_lossy())?;
        path = args.next().ok_or("no PATH given")?;
    } else if path.as_bytes().starts_with(b"--") {
        return Err(format!("unknown option `{}`", path.to_string_lossy()));
    }
    let ops = args
        .map(|arg| parse_op(&arg.into_vec()))
        .collect::<Result<Vec<Op>, String>>()?;
    Ok(Invocation {
        mode,
        path: PathBuf::from(path),
        ops,
    })
}

/// `r`, `r+`, `w`, `w+`, `a` or `a+`.
fn parse_mode(text: &str) -> Result<Mode, String> {
    Ok(match text {
        "r" => Mode::R,
        "r+" => Mode::RPlus,
        "w" => Mode::W,
        "w+" => Mode::WPlus,
        "a" => Mode::A,
        "a+" => Mode::APlus,
        other => return Err(format!("bad MODE `{other}`: use r, r+, w, w+, a or a+")),
    })
}

/// Parses one OP. Only `write` keeps the colons after its first one: they are part of TEXT.
fn parse_op(arg: &[u8]) -> Result<Op, String> {
    let shown = String::from_utf8_lossy(arg);
    let (name, fields) = match arg.iter().position(|&b| b == b':') {
        Some(colon) => (&arg[..colon], Some(&arg[colon + 1..])),
        None => (arg, None),
    };
    let problem = |why: &str| format!("bad OP `{shown}`: {why}");
    match (name, fields) {
        (b"write", Some(text)) => Ok(Op::Write(text.to_vec())),
        (b"write", None) => Err(problem("`write` needs `:TEXT` (`write:` writes nothing)")),
        (b"tell", None) => Ok(Op::Tell),
        (b"tell", Some(_)) => Err(problem("`tell` takes no field")),
        (b"read", None) => Ok(Op::Read(None)),
        (b"read", Some(field)) => match number(field).map_err(|e| problem(&e))? {
            -1 => Ok(Op::Read(None)),
            n if n >= 0 => Ok(Op::Read(Some(n.unsigned_abs()))),
            n => Err(problem(&format!("N is {n}; it must be -1 or more"))),
        },
        (b"seek", None) => Err(problem("`seek` needs `:OFFSET`")),
        (b"seek", Some(fields)) => {
            let fields: Vec<&[u8]> = fields.split(|&b| b == b':').collect();
            let (offset, whence) = match fields.as_slice() {
                [offset] => (offset, Whence::Start),
                [offset, whence] => {
                    let whence = match number(whence).map_err(|e| problem(&e))? {
                        0 => Whence::Start,
                        1 => Whence::Current,
                        2 => Whence::End,
                        other => return Err(problem(&format!("WHENCE is {other}; use 0, 1 or 2"))),
                    };
                    (offset, whence)
                }
                _ => return Err(problem("`seek` takes OFFSET and at most a WHENCE")),
            };
            let offset = number(offset).map_err(|e| problem(&e))?;
            Ok(Op::Seek { offset, whence })
        }
        _ => Err(problem("the OPs are seek, tell, read and write")),
    }
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
    let mut options = OpenOptions::new();
    match mode {
        Mode::R => options.read(true),
        Mode::RPlus => options.read(true).write(true),
        Mode::W => options.write(true).create(true).truncate(true),
        Mode::WPlus => options.read(true).write(true).create(true).truncate(true),
        // O_APPEND: the system moves every write to the end, whatever the position.
        Mode::A => options.append(true).create(true),
        Mode::APlus => options.read(true).append(true).create(true),
    };
    let mut file = options.open(path)?;
    if matches!(mode, Mode::A | Mode::APlus) {
        // Python starts append modes at the end; O_APPEND alone starts at 0.
        file.seek(SeekFrom::End(0))?;
    }
    Ok(file)
}

/// Runs one OP; `Err` is the message of a runtime error.
fn apply(file: &mut File, mode: Mode, op: &Op, out: &mut impl Write) -> Result<(), String> {
    let printing = |e: io::Error| format!("cannot write to stdout: {e}");
    match op {
        Op::Seek { offset, whence } => {
            let base = match whence {
                Whence::Start => 0,
                Whence::Current => file.stream_position().map_err(|e| e.to_string())?,
                Whence::End => file.metadata().map_err(|e| e.to_string())?.len(),
            };
            let target = i64::try_from(base)
                .ok()
                .and_then(|base| base.checked_add(*offset))
                .ok_or_else(|| format!("seek: {base} + {offset} is out of range"))?;
            let target = u64::try_from(target).map_err(|_| {
                format!("seek: {base} + {offset} = {target} is before the start of the file")
            })?;
            file.seek(SeekFrom::Start(target))
                .map_err(|e| format!("seek: {e}"))?;
        }
        Op::Tell => {
            let position = file.stream_position().map_err(|e| e.to_string())?;
            writeln!(out, "{position}").map_err(printing)?;
        }
        Op::Read(limit) => {
            if matches!(mode, Mode::W | Mode::A) {
                return Err(format!(
                    "read: the file is open for writing only (mode `{}`)",
                    mode_name(mode)
                ));
            }
            // Only the bytes asked for are read, and the buffer grows with what comes.
            let mut bytes = Vec::new();
            match limit {
                None => file.read_to_end(&mut bytes),
                Some(n) => Read::take(&mut *file, *n).read_to_end(&mut bytes),
            }
            .map_err(|e| format!("read: {e}"))?;
            bytes.push(b'\n');
            out.write_all(&bytes).map_err(printing)?;
        }
        Op::Write(text) => {
            if mode == Mode::R {
                return Err("write: the file is open for reading only (mode `r`)".to_string());
            }
            file.write_all(text).map_err(|e| format!("write: {e}"))?;
        }
    }
    Ok(())
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
