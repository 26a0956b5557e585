//! Checking one test of a file: its defaults applied, its values, its peers
//! and every step.

use std::path::Path;
use std::time::Duration;

use super::{
    DEFAULT_BUDGET, DEFAULT_REPLY_ENDS_AFTER, DEFAULT_STEP_TIMEOUT, TestCase, Visibility, line_of,
};
use crate::scenario::files::{FileSetup, check_setup};
use crate::scenario::limits::Limits;
use crate::scenario::raw::{RawDefaults, RawTest};
use crate::scenario::step::{Conns, Step, StepKind, check_step};

/// Checks one test; an error carries the byte offset it is about.
pub(super) fn check_test(
    raw: &RawTest,
    defaults: &RawDefaults,
    text: &str,
    path: &Path,
    visibility: Visibility,
    start: usize,
) -> Result<TestCase, (usize, String)> {
    let fail = |message: String| (start, format!("test `{}`: {message}", raw.name));
    if raw.name.is_empty() || raw.name.chars().any(char::is_whitespace) {
        return Err(fail(
            "`name` must be non-empty, without spaces (use kebab-case)".into(),
        ));
    }
    if !(raw.points.is_finite() && raw.points > 0.0) {
        return Err(fail(format!("`points = {}` must be above 0", raw.points)));
    }
    let program = raw
        .program
        .clone()
        .or_else(|| defaults.program.clone())
        .ok_or_else(|| fail("no `program` here or in `[defaults]`".into()))?;
    let args = raw
        .args
        .clone()
        .or_else(|| defaults.args.clone())
        .unwrap_or_default();
    let has = |placeholder: &str| args.iter().any(|a| a.contains(placeholder));
    let (step_timeout, budget) = check_timing(raw, defaults).map_err(fail)?;
    let limits = Limits::merge(defaults.limits.as_ref(), raw.limits.as_ref()).map_err(fail)?;
    let reply = raw.reply.clone().or_else(|| defaults.reply.clone());
    if let Some(reply) = &reply
        && !reply.contains("{message}")
    {
        return Err(fail("`reply` must contain `{message}`".into()));
    }
    let files = check_files(raw, defaults).map_err(fail)?;
    let wait_listener = raw
        .wait_listener
        .or(defaults.wait_listener)
        .unwrap_or(false);
    let server_port = raw.server_port.or(defaults.server_port);
    check_peers(has("{server}"), has("{addr}"), server_port, wait_listener)
        .map_err(|message| fail(message.into()))?;
    let needs = StepNeeds {
        server: has("{server}") || server_port.is_some(),
        addr: has("{addr}") || wait_listener,
        reply: reply.is_some(),
    };
    let steps = check_steps(raw, text, step_timeout, &needs)?;
    Ok(TestCase {
        name: raw.name.clone(),
        about: raw.about.clone(),
        points: raw.points,
        hint: raw.hint.clone(),
        zh: (raw.about_zh.clone(), raw.hint_zh.clone()),
        program,
        wait_listening: raw.wait_listening.unwrap_or(has("{addr}")),
        needs_server: needs.server,
        wait_listener,
        server_port,
        reply_ends_after: raw
            .reply_ends_after
            .or(defaults.reply_ends_after)
            .unwrap_or(DEFAULT_REPLY_ENDS_AFTER),
        args,
        stdin: raw.stdin.clone().map(String::into_bytes),
        budget,
        limits,
        reply,
        quiet: quiet_lines(raw, defaults),
        files,
        steps,
        visibility,
        file: path.to_path_buf(),
        line: line_of(text, start),
    })
}

/// The messages that get no reply (the test's own or `[defaults]`'s), as bytes.
fn quiet_lines(raw: &RawTest, defaults: &RawDefaults) -> Vec<Vec<u8>> {
    raw.quiet
        .clone()
        .or_else(|| defaults.quiet.clone())
        .unwrap_or_default()
        .into_iter()
        .map(String::into_bytes)
        .collect()
}

/// A test's step timeout and budget, defaults applied; the budget must
/// cover at least one step.
fn check_timing(raw: &RawTest, defaults: &RawDefaults) -> Result<(Duration, Duration), String> {
    let step_timeout = raw
        .step_timeout
        .or(defaults.step_timeout)
        .unwrap_or(DEFAULT_STEP_TIMEOUT);
    let budget = raw.budget.or(defaults.budget).unwrap_or(DEFAULT_BUDGET);
    if budget < step_timeout {
        return Err(format!(
            "`budget` ({budget:?}) is shorter than one step's timeout ({step_timeout:?})"
        ));
    }
    Ok((step_timeout, budget))
}

/// The files a test sets up (its own or `[defaults]`'s), each path once.
fn check_files(raw: &RawTest, defaults: &RawDefaults) -> Result<Vec<FileSetup>, String> {
    let mut files: Vec<FileSetup> = Vec::new();
    for raw_file in raw
        .files
        .as_ref()
        .or(defaults.files.as_ref())
        .into_iter()
        .flatten()
    {
        let file = check_setup(raw_file).map_err(|message| format!("`files`: {message}"))?;
        if files.iter().any(|f| f.path == file.path) {
            return Err(format!(
                "`files`: `{}` is listed twice",
                file.path.display()
            ));
        }
        files.push(file);
    }
    Ok(files)
}

/// Checks that the ways a test names its peers (`{server}`, `server-port`,
/// `{addr}`, `wait-listener`) agree.
fn check_peers(
    has_server: bool,
    has_addr: bool,
    server_port: Option<u16>,
    wait_listener: bool,
) -> Result<(), &'static str> {
    if server_port == Some(0) {
        return Err("`server-port = 0`: name the port the client connects to, such as 8888");
    }
    if has_server && server_port.is_some() {
        return Err("`server-port` and `{server}` both give the client a server: keep one");
    }
    if wait_listener && has_addr {
        return Err(
            "`wait-listener` is for programs that choose their own port: leave `{addr}` out of `args`",
        );
    }
    Ok(())
}

/// What a test offers its steps: a listener for `accept`, the program's
/// address for `connect`, a reply template for `expect-replies`.
struct StepNeeds {
    server: bool,
    addr: bool,
    reply: bool,
}

/// Checks each step of a test, and that the test offers what the step needs.
fn check_steps(
    raw: &RawTest,
    text: &str,
    step_timeout: Duration,
    needs: &StepNeeds,
) -> Result<Vec<Step>, (usize, String)> {
    let mut conns = Conns::default();
    let mut steps = Vec::with_capacity(raw.steps.len());
    for (index, spanned) in raw.steps.iter().enumerate() {
        let offset = spanned.span().start;
        let fail = |message: &str| {
            (
                offset,
                format!("test `{}`, step {}: {message}", raw.name, index + 1),
            )
        };
        let step = check_step(
            spanned.get_ref(),
            &mut conns,
            step_timeout,
            line_of(text, offset),
        )
        .map_err(|message| fail(&message))?;
        let problem = match &step.kind {
            StepKind::Accept { .. } if !needs.server => Some(
                "`accept` needs a listener: put `{server}` in the test's `args`, or set `server-port`",
            ),
            StepKind::Connect { .. } if !needs.addr => Some(
                "`connect` needs the program's address: put `{addr}` in the test's `args`, or set `wait-listener = true`",
            ),
            StepKind::ExpectReplies { .. } if !needs.reply => {
                Some("`expect-replies` needs a `reply` template in the test or `[defaults]`")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(fail(problem));
        }
        steps.push(step);
    }
    Ok(steps)
}
