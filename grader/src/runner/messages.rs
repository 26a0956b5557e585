//! What the runner tells a student, in English and Simplified Chinese.
//!
//! One function per message, the two texts side by side. Identifiers a
//! student types or reads in their code (`listening on ADDR`, `todo!()`,
//! `stderr`, signal names) stay as they are in the Chinese texts. The English
//! texts are the ones tests and earlier reports rely on: keep them stable.

use std::fmt::Display;
use std::time::Duration;

use crate::lang::Lang;

/// What the readiness line starts with (the program's side of the texts here).
pub(crate) const READY_PREFIX: &str = "listening on ";

/// A duration as test files write them (`2s`, `500ms`, `1s 500ms`), to the millisecond.
pub fn dur(duration: Duration) -> String {
    let millis = Duration::from_millis(duration.as_millis().try_into().unwrap_or(u64::MAX));
    humantime::format_duration(millis).to_string()
}

/// Picks the English or the Chinese text, both built lazily.
fn say(lang: Lang, en: impl FnOnce() -> String, zh: impl FnOnce() -> String) -> String {
    match lang {
        Lang::En => en(),
        Lang::Zh => zh(),
    }
}

// ---------------------------------------------------------------- start

/// The program ended before announcing its address.
pub(crate) fn ended_before_ready(lang: Lang, exit: &str) -> String {
    say(
        lang,
        || format!("the program ended ({exit}) before printing `{READY_PREFIX}ADDR`"),
        || format!("程序还没打印 `{READY_PREFIX}ADDR` 就结束了：{exit}"),
    )
}

/// The readiness line holds no address.
pub(crate) fn bad_ready_line(lang: Lang, line: &str) -> String {
    say(
        lang,
        || {
            format!(
                "`{line}` does not give an address such as `127.0.0.1:40123` after `{READY_PREFIX}`"
            )
        },
        || format!("`{line}` 在 `{READY_PREFIX}` 后面没有给出 `127.0.0.1:40123` 这样的地址"),
    )
}

/// The readiness line names an address that is not loopback.
pub(crate) fn claimed_not_loopback(lang: Lang, addr: std::net::SocketAddr) -> String {
    say(
        lang,
        || {
            format!(
                "your program said it listens on {addr}, which is not a loopback address: bind 127.0.0.1"
            )
        },
        || format!("你的程序说它在 {addr} 上监听，但这不是环回地址：请绑定 127.0.0.1"),
    )
}

/// The readiness line names an address where nothing of the run listens.
pub(crate) fn claimed_not_listening(lang: Lang, addr: std::net::SocketAddr) -> String {
    say(
        lang,
        || {
            format!(
                "your program said it listens on {addr}, but no socket of your program is listening there: print the line after `listen`, with the address `local_addr()` gives"
            )
        },
        || {
            format!(
                "你的程序说它在 {addr} 上监听，但你的程序没有任何套接字在那里监听：请在 `listen` 之后打印这一行，地址用 `local_addr()` 给出的"
            )
        },
    )
}

/// No readiness line in time.
pub(crate) fn no_ready_line(lang: Lang, wait: Duration) -> String {
    let wait_ = dur(wait);
    say(
        lang,
        || {
            format!(
                "no `{READY_PREFIX}ADDR` line on stdout within {wait_}: print it (and flush) right after binding"
            )
        },
        || {
            format!(
                "{wait_} 内 stdout 上没有出现 `{READY_PREFIX}ADDR` 这一行：绑定成功后立即打印它（并 flush）"
            )
        },
    )
}

/// The test's whole time budget is spent.
pub(crate) fn out_of_budget(lang: Lang, budget: Duration) -> String {
    let budget_ = dur(budget);
    say(
        lang,
        || format!("the test ran out of its {budget_} budget"),
        || format!("测试用完了 {budget_} 的时间预算"),
    )
}

/// Appended to a network failure when the program had ended meanwhile.
pub(crate) fn had_ended_note(lang: Lang, exit: &str) -> String {
    say(
        lang,
        || format!("; the program had ended ({exit})"),
        || format!("；此时程序已经结束：{exit}"),
    )
}

// ---------------------------------------------------------------- transcript events

/// The test's own server is up.
pub(crate) fn test_listens(lang: Lang, addr: impl Display) -> String {
    say(
        lang,
        || format!("the test listens on {addr}"),
        || format!("测试在 {addr} 上监听"),
    )
}

/// The command line the program starts with.
pub(crate) fn start(lang: Lang, program: &str, args: &str) -> String {
    say(
        lang,
        || format!("start `{program} {args}`"),
        || format!("启动 `{program} {args}`"),
    )
}

/// What the program gets on stdin.
pub(crate) fn stdin(lang: Lang, shown: &str) -> String {
    say(
        lang,
        || format!("stdin: {shown}"),
        || format!("stdin：{shown}"),
    )
}

/// The test connected to the program.
pub(crate) fn connected(lang: Lang, addr: impl Display) -> String {
    say(
        lang,
        || format!("connected to {addr}"),
        || format!("已连接到 {addr}"),
    )
}

/// The program connected to the test.
pub(crate) fn accepted(lang: Lang, peer: &str) -> String {
    say(
        lang,
        || format!("accepted the program's connection from {peer}"),
        || format!("接受了程序从 {peer} 发起的连接"),
    )
}

/// How bytes were sent in pieces (after the bytes, in the transcript).
pub(crate) fn in_pieces(lang: Lang, size: usize, pause: Duration) -> String {
    let pause_ = dur(pause);
    say(
        lang,
        || format!("  (in pieces of {size} byte(s), {pause_} apart)"),
        || format!("  （分段发送，每段 {size} 字节，间隔 {pause_}）"),
    )
}

/// Marks randomly generated lines in the transcript.
pub(crate) fn random(lang: Lang) -> &'static str {
    lang.text("  (random)", "  （随机）")
}

/// The program closed the connection, as expected.
pub(crate) fn program_closed(lang: Lang) -> String {
    lang.text("the program closed the connection", "程序关闭了连接")
        .into()
}

/// The program reset the connection.
pub(crate) fn program_reset(lang: Lang) -> String {
    lang.text("the program reset the connection", "程序重置了连接")
        .into()
}

/// The test closed a connection.
pub(crate) fn test_closed(lang: Lang) -> &'static str {
    lang.text("the test closed the connection", "测试关闭了连接")
}

/// The test shut down its sending side.
pub(crate) fn test_shutdown(lang: Lang) -> &'static str {
    lang.text(
        "the test closed its sending side (end of stream)",
        "测试关闭了自己的发送方向（流结束）",
    )
}

/// The test reset a connection.
pub(crate) fn test_reset(lang: Lang) -> &'static str {
    lang.text(
        "the test reset the connection (RST)",
        "测试重置了连接（RST）",
    )
}

/// Nothing arrived during a quiet period, as expected.
pub(crate) fn nothing_arrived(lang: Lang, quiet: Duration) -> String {
    let quiet_ = dur(quiet);
    say(
        lang,
        || format!("nothing arrived for {quiet_}"),
        || format!("{quiet_} 内没有收到任何内容"),
    )
}

/// The program is still running, as expected.
pub(crate) fn still_running(lang: Lang) -> &'static str {
    lang.text("the program is still running", "程序仍在运行")
}

/// The program ended (transcript).
pub(crate) fn program_ended(lang: Lang, exit: &str) -> String {
    say(
        lang,
        || format!("the program ended: {exit}"),
        || format!("程序已结束：{exit}"),
    )
}

/// The test sent a signal.
pub(crate) fn sent_signal(lang: Lang, signal: &str) -> String {
    say(
        lang,
        || format!("sent SIG{signal} to the program"),
        || format!("向程序发送了 SIG{signal}"),
    )
}

/// The test paused on purpose.
pub(crate) fn waited(lang: Lang, pause: Duration) -> String {
    let pause_ = dur(pause);
    say(
        lang,
        || format!("waited {pause_}"),
        || format!("等待了 {pause_}"),
    )
}

// ---------------------------------------------------------------- network failures

/// The test could not connect.
pub(crate) fn cannot_connect(lang: Lang, addr: impl Display, err: impl Display) -> String {
    say(
        lang,
        || format!("cannot connect to {addr}: {err}"),
        || format!("无法连接到 {addr}：{err}"),
    )
}

/// The program never connected to the test's server; `ended` when it exited.
pub(crate) fn did_not_connect(lang: Lang, ended: Option<&str>) -> String {
    match (lang, ended) {
        (Lang::En, Some(exit)) => {
            format!("the program did not connect to the test's server; it ended first ({exit})")
        }
        (Lang::En, None) => "the program did not connect to the test's server in time".into(),
        (Lang::Zh, Some(exit)) => format!("程序没有连接到测试的服务器，它先结束了：{exit}"),
        (Lang::Zh, None) => "程序没有及时连接到测试的服务器".into(),
    }
}

/// A line differs from the expected one.
pub(crate) fn wrong_line(lang: Lang) -> String {
    lang.text("wrong line", "收到的这一行不对").into()
}

/// A reply differs from the expected one.
pub(crate) fn wrong_reply(lang: Lang, message: &str) -> String {
    say(
        lang,
        || format!("wrong reply to the message {message}"),
        || format!("对消息 {message} 的回复不对"),
    )
}

/// Bytes arrived where the connection should have closed.
pub(crate) fn expected_close(lang: Lang) -> String {
    lang.text(
        "expected the connection to close with nothing more sent",
        "连接应当直接关闭，不再发送任何内容",
    )
    .into()
}

/// Bytes arrived during a quiet period.
pub(crate) fn expected_nothing(lang: Lang, quiet: Duration) -> String {
    let quiet_ = dur(quiet);
    say(
        lang,
        || format!("expected nothing for {quiet_}"),
        || format!("{quiet_} 内不应收到任何内容"),
    )
}

/// No whole line before the step's deadline.
pub(crate) fn no_complete_line(lang: Lang, waited: Duration) -> String {
    let waited_ = dur(waited);
    say(
        lang,
        || format!("no complete line within {waited_}"),
        || format!("{waited_} 内没有收到完整的一行"),
    )
}

/// No reply to a message before the step's deadline.
pub(crate) fn no_reply(lang: Lang, message: &str, waited: Duration) -> String {
    let waited_ = dur(waited);
    say(
        lang,
        || format!("no complete reply to the message {message} within {waited_}"),
        || format!("{waited_} 内没有收到对消息 {message} 的完整回复"),
    )
}

/// The connection should have closed and did not.
pub(crate) fn still_open(lang: Lang, waited: Duration) -> String {
    let waited_ = dur(waited);
    say(
        lang,
        || format!("the connection was still open after {waited_}: your program did not close it"),
        || format!("{waited_} 后连接仍然打开：你的程序没有关闭它"),
    )
}

/// A line too long to be a line.
pub(crate) fn no_line_end(lang: Lang, len: usize) -> String {
    say(
        lang,
        || format!("{len} bytes arrived without a line end"),
        || format!("收到了 {len} 字节，却没有换行符"),
    )
}

/// Writing to the program failed.
pub(crate) fn sending_failed(lang: Lang, err: impl Display) -> String {
    say(
        lang,
        || format!("sending failed: {err}"),
        || format!("发送失败：{err}"),
    )
}

// ---------------------------------------------------------------- program failures

/// The program had to end (with `status`, or at all) but still runs.
pub(crate) fn still_running_after(lang: Lang, status: Option<i32>, waited: Duration) -> String {
    let waited_ = dur(waited);
    match (lang, status) {
        (Lang::En, Some(status)) => format!(
            "expected the program to exit with status {status}, but it was still running after {waited_}"
        ),
        (Lang::En, None) => {
            format!("expected the program to end, but it was still running after {waited_}")
        }
        (Lang::Zh, Some(status)) => {
            format!("程序应当以状态 {status} 退出，但 {waited_} 后仍在运行")
        }
        (Lang::Zh, None) => format!("程序应当结束，但 {waited_} 后仍在运行"),
    }
}

/// The program ended with another status.
pub(crate) fn wrong_exit_status(lang: Lang, status: i32, exit: &str) -> String {
    say(
        lang,
        || format!("expected exit status {status}, got {exit}"),
        || format!("退出码应为 {status}，实际：{exit}"),
    )
}

/// The program ended where it should still run.
pub(crate) fn ended_early(lang: Lang, exit: &str) -> String {
    say(
        lang,
        || format!("expected the program to be still running, but it ended: {exit}"),
        || format!("程序此时应当仍在运行，但它已经结束：{exit}"),
    )
}

/// Standard output differs.
pub(crate) fn wrong_stdout(lang: Lang) -> String {
    lang.text("wrong standard output", "标准输出不对").into()
}

/// A file check needs the program to have ended.
pub(crate) fn running_before_file_check(lang: Lang, path: &str, waited: Duration) -> String {
    let waited_ = dur(waited);
    say(
        lang,
        || {
            format!(
                "expected the program to have ended before checking `{path}`, but it was still running after {waited_}"
            )
        },
        || format!("检查 `{path}` 之前程序应当已经结束，但 {waited_} 后仍在运行"),
    )
}

/// The number of stderr lines differs.
pub(crate) fn wrong_stderr_lines(lang: Lang, lines: usize, count: usize) -> String {
    say(
        lang,
        || format!("expected {lines} line(s) on stderr, got {count}"),
        || format!("stderr 应有 {lines} 行，实际有 {count} 行"),
    )
}

/// Stderr starts otherwise.
pub(crate) fn wrong_stderr_prefix(lang: Lang, prefix: &str) -> String {
    say(
        lang,
        || format!("expected stderr to start with {prefix}"),
        || format!("stderr 应以 {prefix} 开头"),
    )
}

/// Processes that survived the end of the test.
pub(crate) fn leftovers(lang: Lang, count: usize) -> String {
    say(
        lang,
        || format!("{count} process(es) of this test could not be killed"),
        || format!("本测试有 {count} 个进程无法终止"),
    )
}

/// Output beyond the capture's cap.
pub(crate) fn truncated(lang: Lang, name: &str, total: u64, kept: usize) -> String {
    say(
        lang,
        || format!("{name}: {total} bytes in all; only the first {kept} were kept"),
        || format!("{name}：共 {total} 字节，只保留了前 {kept} 字节"),
    )
}

// ---------------------------------------------------------------- exit statuses

/// An exit code, with what 101 usually means in Rust.
pub(crate) fn exit_code(lang: Lang, code: i32) -> String {
    match (lang, code) {
        (Lang::En, 101) => "exit status 101 (the program panicked: often a `todo!()` not filled in yet, or an `unwrap()` on an error)".into(),
        (Lang::Zh, 101) => "退出码 101（程序 panic 了：常见原因是还没填写的 `todo!()`，或对错误调用了 `unwrap()`）".into(),
        (Lang::En, code) => format!("exit status {code}"),
        (Lang::Zh, code) => format!("退出码 {code}"),
    }
}

/// Death by a signal, with what the signal usually means.
pub(crate) fn killed_by(lang: Lang, name: &str) -> String {
    let why = match (lang, name) {
        (Lang::En, "SIGKILL") => " (killed: a time or memory limit, or the grader ending the test)",
        (Lang::En, "SIGSEGV") => " (a crash: invalid memory access)",
        (Lang::En, "SIGABRT") => " (aborted: for example out of memory)",
        (Lang::En, "SIGPIPE") => " (wrote to a closed connection or pipe)",
        (Lang::En, "SIGXCPU") => " (its CPU time limit ran out)",
        (Lang::En, "SIGXFSZ") => " (it wrote past its file size limit)",
        (Lang::Zh, "SIGKILL") => "（被强制终止：超出了时间或内存限制，或者评分程序结束了测试）",
        (Lang::Zh, "SIGSEGV") => "（崩溃：非法内存访问）",
        (Lang::Zh, "SIGABRT") => "（中止：例如内存不足）",
        (Lang::Zh, "SIGPIPE") => "（向已关闭的连接或管道写入）",
        (Lang::Zh, "SIGXCPU") => "（CPU 时间用完了）",
        (Lang::Zh, "SIGXFSZ") => "（写入超出了文件大小限制）",
        _ => "",
    };
    match lang {
        Lang::En => format!("killed by {name}{why}"),
        Lang::Zh => format!("被 {name} 终止{why}"),
    }
}

// ---------------------------------------------------------------- files

/// A file the test created with bytes.
pub(crate) fn created_file(lang: Lang, path: &str, len: usize, shown: &str) -> String {
    say(
        lang,
        || format!("created `{path}` holding {len} byte(s): {shown}"),
        || format!("创建了 `{path}`，共 {len} 字节：{shown}"),
    )
}

/// A sparse file the test created.
pub(crate) fn created_sparse(lang: Lang, path: &str, size: u64) -> String {
    say(
        lang,
        || format!("created `{path}`: {size} zero bytes (a sparse file)"),
        || format!("创建了 `{path}`：{size} 个零字节（稀疏文件）"),
    )
}

/// A file exists, as expected.
pub(crate) fn file_exists(lang: Lang, path: &str) -> String {
    say(
        lang,
        || format!("`{path}` exists"),
        || format!("`{path}` 存在"),
    )
}

/// A file does not exist, as expected.
pub(crate) fn file_absent(lang: Lang, path: &str) -> String {
    say(
        lang,
        || format!("`{path}` does not exist"),
        || format!("`{path}` 不存在"),
    )
}

/// A file should exist.
pub(crate) fn expected_to_exist(lang: Lang, path: &str) -> String {
    say(
        lang,
        || format!("expected `{path}` to exist, but it does not"),
        || format!("`{path}` 应当存在，但它不存在"),
    )
}

/// A file should not exist.
pub(crate) fn expected_no_file(lang: Lang, path: &str, len: u64) -> String {
    say(
        lang,
        || format!("expected no file `{path}`, but there is one ({len} bytes)"),
        || format!("不应有文件 `{path}`，但它存在（{len} 字节）"),
    )
}

/// A file to check is missing.
pub(crate) fn expected_a_file(lang: Lang, path: &str) -> String {
    say(
        lang,
        || format!("expected a file `{path}`, but there is none"),
        || format!("应当有文件 `{path}`，但没有找到"),
    )
}

/// Not a plain file.
pub(crate) fn expected_plain_file(lang: Lang, path: &str) -> String {
    say(
        lang,
        || format!("expected `{path}` to be a plain file"),
        || format!("`{path}` 应当是普通文件"),
    )
}

/// A file has the expected size.
pub(crate) fn file_size(lang: Lang, path: &str, size: u64) -> String {
    say(
        lang,
        || format!("`{path}` is {size} bytes long"),
        || format!("`{path}` 长 {size} 字节"),
    )
}

/// A file has another size.
pub(crate) fn wrong_file_size(lang: Lang, path: &str, size: u64, len: u64) -> String {
    say(
        lang,
        || format!("expected `{path}` to be {size} bytes long, but it is {len} bytes long"),
        || format!("`{path}` 应长 {size} 字节，实际长 {len} 字节"),
    )
}

/// A file is far longer than the bytes it should hold.
pub(crate) fn file_too_long(lang: Lang, path: &str, expected: usize, len: u64) -> String {
    say(
        lang,
        || format!("expected `{path}` to hold {expected} byte(s), but it is {len} bytes long"),
        || format!("`{path}` 应包含 {expected} 字节，实际长 {len} 字节"),
    )
}

/// A file holds the expected bytes.
pub(crate) fn file_holds(lang: Lang, path: &str, len: usize, shown: &str) -> String {
    say(
        lang,
        || format!("`{path}` holds {len} byte(s): {shown}"),
        || format!("`{path}` 包含 {len} 字节：{shown}"),
    )
}

/// A file holds other bytes.
pub(crate) fn wrong_file_contents(lang: Lang, path: &str) -> String {
    say(
        lang,
        || format!("wrong contents of `{path}`"),
        || format!("`{path}` 的内容不对"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_texts_stay_as_they_were() {
        assert_eq!(
            ended_before_ready(Lang::En, "exit status 1"),
            "the program ended (exit status 1) before printing `listening on ADDR`"
        );
        assert_eq!(
            no_complete_line(Lang::En, Duration::from_secs(2)),
            "no complete line within 2s"
        );
        assert_eq!(
            wrong_exit_status(Lang::En, 1, "exit status 0"),
            "expected exit status 1, got exit status 0"
        );
        assert_eq!(
            did_not_connect(Lang::En, None),
            "the program did not connect to the test's server in time"
        );
        assert_eq!(
            still_running_after(Lang::En, Some(2), Duration::from_secs(3)),
            "expected the program to exit with status 2, but it was still running after 3s"
        );
        assert_eq!(
            killed_by(Lang::En, "SIGSEGV"),
            "killed by SIGSEGV (a crash: invalid memory access)"
        );
    }

    #[test]
    fn chinese_texts_keep_identifiers_and_values() {
        let ready = ended_before_ready(Lang::Zh, &exit_code(Lang::Zh, 101));
        assert!(ready.contains("`listening on ADDR`"), "{ready}");
        assert!(ready.contains("退出码 101"), "{ready}");
        assert!(ready.contains("`todo!()`"), "{ready}");
        assert_eq!(
            no_complete_line(Lang::Zh, Duration::from_secs(2)),
            "2s 内没有收到完整的一行"
        );
        assert_eq!(wrong_reply(Lang::Zh, "hello"), "对消息 hello 的回复不对");
        assert_eq!(program_closed(Lang::Zh), "程序关闭了连接");
        assert_eq!(
            killed_by(Lang::Zh, "SIGKILL"),
            "被 SIGKILL 终止（被强制终止：超出了时间或内存限制，或者评分程序结束了测试）"
        );
        assert_eq!(
            wrong_file_size(Lang::Zh, "a.txt", 3, 5),
            "`a.txt` 应长 3 字节，实际长 5 字节"
        );
    }
}
