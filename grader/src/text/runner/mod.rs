//! What the runner tells a student: starting the program, the transcript of
//! a test, network and program failures, how a program ended.
//!
//! Identifiers a student types or reads in their code (`listening on ADDR`,
//! `todo!()`, `stderr`, signal names) stay as they are in the Chinese texts.
//! The English texts are the ones tests and earlier reports rely on: keep
//! them stable.

use std::time::Duration;

use crate::lang::Lang;
use crate::text::catalogue;

pub mod files;

/// What the readiness line starts with (the program's side of the texts here).
pub(crate) const READY_PREFIX: &str = "listening on ";

/// A duration as test files write them (`2s`, `500ms`, `1s 500ms`), to the millisecond.
pub fn dur(duration: Duration) -> String {
    let millis = Duration::from_millis(duration.as_millis().try_into().unwrap_or(u64::MAX));
    humantime::format_duration(millis).to_string()
}

catalogue! {
    /// The program ended before announcing its address.
    pub(crate) fn ended_before_ready(exit: &str) {
        en: "the program ended ({exit}) before printing `{READY_PREFIX}ADDR`",
        zh: "程序还没打印 `{READY_PREFIX}ADDR` 就结束了：{exit}",
    }
    /// The readiness line holds no address.
    pub(crate) fn bad_ready_line(line: &str) {
        en: "`{line}` does not give an address such as `127.0.0.1:40123` after `{READY_PREFIX}`",
        zh: "`{line}` 在 `{READY_PREFIX}` 后面没有给出 `127.0.0.1:40123` 这样的地址",
    }
    /// The readiness line names an address that is not loopback.
    pub(crate) fn claimed_not_loopback(addr: std::net::SocketAddr) {
        en: "your program said it listens on {addr}, which is not a loopback address: bind 127.0.0.1",
        zh: "你的程序说它在 {addr} 上监听，但这不是环回地址：请绑定 127.0.0.1",
    }
    /// The readiness line names an address where nothing of the run listens.
    pub(crate) fn claimed_not_listening(addr: std::net::SocketAddr) {
        en: "your program said it listens on {addr}, but no socket of your program is listening there: print the line after `listen`, with the address `local_addr()` gives",
        zh: "你的程序说它在 {addr} 上监听，但你的程序没有任何套接字在那里监听：请在 `listen` 之后打印这一行，地址用 `local_addr()` 给出的",
    }
    /// No readiness line in time.
    pub(crate) fn no_ready_line(wait: Duration) {
        let wait_ = dur(wait);
        en: "no `{READY_PREFIX}ADDR` line on stdout within {wait_}: print it (and flush) right after binding",
        zh: "{wait_} 内 stdout 上没有出现 `{READY_PREFIX}ADDR` 这一行：绑定成功后立即打印它（并 flush）",
    }
    /// The test's whole time budget is spent.
    pub(crate) fn out_of_budget(budget: Duration) {
        let budget_ = dur(budget);
        en: "the test ran out of its {budget_} budget",
        zh: "测试用完了 {budget_} 的时间预算",
    }
    /// Appended to a network failure when the program had ended meanwhile.
    pub(crate) fn had_ended_note(exit: &str) {
        en: "; the program had ended ({exit})",
        zh: "；此时程序已经结束：{exit}",
    }
    /// The test's own server is up.
    pub(crate) fn test_listens(addr: impl std::fmt::Display) {
        en: "the test listens on {addr}",
        zh: "测试在 {addr} 上监听",
    }
    /// The command line the program starts with.
    pub(crate) fn start(program: &str, args: &str) {
        en: "start `{program} {args}`",
        zh: "启动 `{program} {args}`",
    }
    /// What the program gets on stdin.
    pub(crate) fn stdin(shown: &str) {
        en: "stdin: {shown}",
        zh: "stdin：{shown}",
    }
    /// The test connected to the program.
    pub(crate) fn connected(addr: impl std::fmt::Display) {
        en: "connected to {addr}",
        zh: "已连接到 {addr}",
    }
    /// The program connected to the test.
    pub(crate) fn accepted(peer: &str) {
        en: "accepted the program's connection from {peer}",
        zh: "接受了程序从 {peer} 发起的连接",
    }
    /// How bytes were sent in pieces (after the bytes, in the transcript).
    pub(crate) fn in_pieces(size: usize, pause: Duration) {
        let pause_ = dur(pause);
        en: "  (in pieces of {size} byte(s), {pause_} apart)",
        zh: "  （分段发送，每段 {size} 字节，间隔 {pause_}）",
    }
    /// Marks randomly generated lines in the transcript.
    pub(crate) fn random() {
        en: "  (random)",
        zh: "  （随机）",
    }
    /// The program closed the connection, as expected.
    pub(crate) fn program_closed() {
        en: "the program closed the connection",
        zh: "程序关闭了连接",
    }
    /// The program reset the connection.
    pub(crate) fn program_reset() {
        en: "the program reset the connection",
        zh: "程序重置了连接",
    }
    /// The test closed a connection.
    pub(crate) fn test_closed() {
        en: "the test closed the connection",
        zh: "测试关闭了连接",
    }
    /// The test shut down its sending side.
    pub(crate) fn test_shutdown() {
        en: "the test closed its sending side (end of stream)",
        zh: "测试关闭了自己的发送方向（流结束）",
    }
    /// The test reset a connection.
    pub(crate) fn test_reset() {
        en: "the test reset the connection (RST)",
        zh: "测试重置了连接（RST）",
    }
    /// Nothing arrived during a quiet period, as expected.
    pub(crate) fn nothing_arrived(quiet: Duration) {
        let quiet_ = dur(quiet);
        en: "nothing arrived for {quiet_}",
        zh: "{quiet_} 内没有收到任何内容",
    }
    /// The program is still running, as expected.
    pub(crate) fn still_running() {
        en: "the program is still running",
        zh: "程序仍在运行",
    }
    /// The program ended (transcript).
    pub(crate) fn program_ended(exit: &str) {
        en: "the program ended: {exit}",
        zh: "程序已结束：{exit}",
    }
    /// The test sent a signal.
    pub(crate) fn sent_signal(signal: &str) {
        en: "sent SIG{signal} to the program",
        zh: "向程序发送了 SIG{signal}",
    }
    /// The test paused on purpose.
    pub(crate) fn waited(pause: Duration) {
        let pause_ = dur(pause);
        en: "waited {pause_}",
        zh: "等待了 {pause_}",
    }
    /// The test could not connect.
    pub(crate) fn cannot_connect(addr: impl std::fmt::Display, err: impl std::fmt::Display) {
        en: "cannot connect to {addr}: {err}",
        zh: "无法连接到 {addr}：{err}",
    }
    /// A line differs from the expected one.
    pub(crate) fn wrong_line() {
        en: "wrong line",
        zh: "收到的这一行不对",
    }
    /// A reply differs from the expected one.
    pub(crate) fn wrong_reply(message: &str) {
        en: "wrong reply to the message {message}",
        zh: "对消息 {message} 的回复不对",
    }
    /// Bytes arrived where the connection should have closed.
    pub(crate) fn expected_close() {
        en: "expected the connection to close with nothing more sent",
        zh: "连接应当直接关闭，不再发送任何内容",
    }
    /// Bytes arrived during a quiet period.
    pub(crate) fn expected_nothing(quiet: Duration) {
        let quiet_ = dur(quiet);
        en: "expected nothing for {quiet_}",
        zh: "{quiet_} 内不应收到任何内容",
    }
    /// No whole line before the step's deadline.
    pub(crate) fn no_complete_line(waited: Duration) {
        let waited_ = dur(waited);
        en: "no complete line within {waited_}",
        zh: "{waited_} 内没有收到完整的一行",
    }
    /// No reply to a message before the step's deadline.
    pub(crate) fn no_reply(message: &str, waited: Duration) {
        let waited_ = dur(waited);
        en: "no complete reply to the message {message} within {waited_}",
        zh: "{waited_} 内没有收到对消息 {message} 的完整回复",
    }
    /// The connection should have closed and did not.
    pub(crate) fn still_open(waited: Duration) {
        let waited_ = dur(waited);
        en: "the connection was still open after {waited_}: your program did not close it",
        zh: "{waited_} 后连接仍然打开：你的程序没有关闭它",
    }
    /// A line too long to be a line.
    pub(crate) fn no_line_end(len: usize) {
        en: "{len} bytes arrived without a line end",
        zh: "收到了 {len} 字节，却没有换行符",
    }
    /// Writing to the program failed.
    pub(crate) fn sending_failed(err: impl std::fmt::Display) {
        en: "sending failed: {err}",
        zh: "发送失败：{err}",
    }
    /// The program ended with another status.
    pub(crate) fn wrong_exit_status(status: i32, exit: &str) {
        en: "expected exit status {status}, got {exit}",
        zh: "退出码应为 {status}，实际：{exit}",
    }
    /// The program ended where it should still run.
    pub(crate) fn ended_early(exit: &str) {
        en: "expected the program to be still running, but it ended: {exit}",
        zh: "程序此时应当仍在运行，但它已经结束：{exit}",
    }
    /// Standard output differs.
    pub(crate) fn wrong_stdout() {
        en: "wrong standard output",
        zh: "标准输出不对",
    }
    /// A file check needs the program to have ended.
    pub(crate) fn running_before_file_check(path: &str, waited: Duration) {
        let waited_ = dur(waited);
        en: "expected the program to have ended before checking `{path}`, but it was still running after {waited_}",
        zh: "检查 `{path}` 之前程序应当已经结束，但 {waited_} 后仍在运行",
    }
    /// The number of stderr lines differs.
    pub(crate) fn wrong_stderr_lines(lines: usize, count: usize) {
        en: "expected {lines} line(s) on stderr, got {count}",
        zh: "stderr 应有 {lines} 行，实际有 {count} 行",
    }
    /// Stderr starts otherwise.
    pub(crate) fn wrong_stderr_prefix(prefix: &str) {
        en: "expected stderr to start with {prefix}",
        zh: "stderr 应以 {prefix} 开头",
    }
    /// Processes that survived the end of the test.
    pub(crate) fn leftovers(count: usize) {
        en: "{count} process(es) of this test could not be killed",
        zh: "本测试有 {count} 个进程无法终止",
    }
    /// Output beyond the capture's cap.
    pub(crate) fn truncated(name: &str, total: u64, kept: usize) {
        en: "{name}: {total} bytes in all; only the first {kept} were kept",
        zh: "{name}：共 {total} 字节，只保留了前 {kept} 字节",
    }
    /// The program never connected and ended first.
    fn did_not_connect_ended(exit: &str) {
        en: "the program did not connect to the test's server; it ended first ({exit})",
        zh: "程序没有连接到测试的服务器，它先结束了：{exit}",
    }
    /// The program never connected in time.
    fn did_not_connect_in_time() {
        en: "the program did not connect to the test's server in time",
        zh: "程序没有及时连接到测试的服务器",
    }
    /// The program should have exited with `status` and still runs.
    fn still_running_not_exited(status: i32, waited: Duration) {
        let waited_ = dur(waited);
        en: "expected the program to exit with status {status}, but it was still running after {waited_}",
        zh: "程序应当以状态 {status} 退出，但 {waited_} 后仍在运行",
    }
    /// The program should have ended and still runs.
    fn still_running_not_ended(waited: Duration) {
        let waited_ = dur(waited);
        en: "expected the program to end, but it was still running after {waited_}",
        zh: "程序应当结束，但 {waited_} 后仍在运行",
    }
    /// Exit status 101: a panic.
    fn exit_panicked() {
        en: "exit status 101 (the program panicked: often a `todo!()` not filled in yet, or an `unwrap()` on an error)",
        zh: "退出码 101（程序 panic 了：常见原因是还没填写的 `todo!()`，或对错误调用了 `unwrap()`）",
    }
    /// Any other exit status.
    fn exit_status(code: i32) {
        en: "exit status {code}",
        zh: "退出码 {code}",
    }
    /// Death by a signal; `why` is one of the `why_` texts or empty.
    fn killed_by_signal(name: &str, why: &str) {
        en: "killed by {name}{why}",
        zh: "被 {name} 终止{why}",
    }
    /// What SIGKILL usually means.
    fn why_sigkill() {
        en: " (killed: a time or memory limit, or the grader ending the test)",
        zh: "（被强制终止：超出了时间或内存限制，或者评分程序结束了测试）",
    }
    /// What SIGSEGV usually means.
    fn why_sigsegv() { en: " (a crash: invalid memory access)", zh: "（崩溃：非法内存访问）" }
    /// What SIGABRT usually means.
    fn why_sigabrt() { en: " (aborted: for example out of memory)", zh: "（中止：例如内存不足）" }
    /// What SIGPIPE usually means.
    fn why_sigpipe() {
        en: " (wrote to a closed connection or pipe)",
        zh: "（向已关闭的连接或管道写入）",
    }
    /// What SIGXCPU usually means.
    fn why_sigxcpu() { en: " (its CPU time limit ran out)", zh: "（CPU 时间用完了）" }
    /// What SIGXFSZ usually means.
    fn why_sigxfsz() {
        en: " (it wrote past its file size limit)",
        zh: "（写入超出了文件大小限制）",
    }
}

/// The program never connected to the test's server; `ended` when it exited.
pub(crate) fn did_not_connect(lang: Lang, ended: Option<&str>) -> String {
    match ended {
        Some(exit) => did_not_connect_ended(lang, exit),
        None => did_not_connect_in_time(lang).into(),
    }
}

/// The program had to end (with `status`, or at all) but still runs.
pub(crate) fn still_running_after(lang: Lang, status: Option<i32>, waited: Duration) -> String {
    match status {
        Some(status) => still_running_not_exited(lang, status, waited),
        None => still_running_not_ended(lang, waited),
    }
}

/// An exit code, with what 101 usually means in Rust.
pub(crate) fn exit_code(lang: Lang, code: i32) -> String {
    match code {
        101 => exit_panicked(lang).into(),
        code => exit_status(lang, code),
    }
}

/// Death by a signal, with what the signal usually means.
pub(crate) fn killed_by(lang: Lang, name: &str) -> String {
    let why = match name {
        "SIGKILL" => why_sigkill(lang),
        "SIGSEGV" => why_sigsegv(lang),
        "SIGABRT" => why_sigabrt(lang),
        "SIGPIPE" => why_sigpipe(lang),
        "SIGXCPU" => why_sigxcpu(lang),
        "SIGXFSZ" => why_sigxfsz(lang),
        _ => "",
    };
    killed_by_signal(lang, name, why)
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
            files::wrong_file_size(Lang::Zh, "a.txt", 3, 5),
            "`a.txt` 应长 3 字节，实际长 5 字节"
        );
    }
}
