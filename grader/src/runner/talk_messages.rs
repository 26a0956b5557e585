//! What the unframed steps and port-agnostic readiness tell a student, in
//! English and Simplified Chinese, in the course's own terms (`sockfd`,
//! `connfd`, `recv(1024)`, `if not data:`). Code a student types stays as it is
//! in the Chinese texts.

use std::fmt::Display;
use std::time::Duration;

use crate::lang::Lang;

/// Picks the English or the Chinese text, both built lazily.
fn say(lang: Lang, en: impl FnOnce() -> String, zh: impl FnOnce() -> String) -> String {
    match lang {
        Lang::En => en(),
        Lang::Zh => zh(),
    }
}

// ---------------------------------------------------------------- readiness

/// Fixed ports need a network namespace per run (a grader error, in English).
pub(crate) fn needs_a_namespace() -> &'static str {
    "this test's program uses a fixed port, which is safe only in a network namespace of its own per run; this machine offers none (Linux with bubblewrap and user namespaces is needed)"
}

/// A socket of the run listens (transcript).
pub(crate) fn listens(lang: Lang, addr: impl Display) -> String {
    say(
        lang,
        || format!("the program listens on {addr}"),
        || format!("程序在 {addr} 上监听"),
    )
}

/// The program ended before any of its sockets listened.
pub(crate) fn ended_before_listening(lang: Lang, exit: &str) -> String {
    say(
        lang,
        || format!("your server ended ({exit}) before it listened on any port"),
        || format!("你的服务器还没在任何端口上监听就结束了：{exit}"),
    )
}

/// No socket of the run listened in time.
pub(crate) fn no_listener(lang: Lang, wait: Duration) -> String {
    say(
        lang,
        || {
            format!(
                "your server did not listen on any port within {wait:.1?}: call `sockfd.bind((HOST, PORT))` and `sockfd.listen(5)` before `sockfd.accept()`"
            )
        },
        || {
            format!(
                "{wait:.1?} 内你的服务器没有在任何端口上监听：在 `sockfd.accept()` 之前先调用 `sockfd.bind((HOST, PORT))` 和 `sockfd.listen(5)`"
            )
        },
    )
}

// ---------------------------------------------------------------- replies and messages

/// Nothing came back after a message.
pub(crate) fn no_reply(lang: Lang, wait: Duration) -> String {
    say(
        lang,
        || {
            format!(
                "no reply came within {wait:.1?}: after `data = connfd.recv(1024)` your server should answer with `connfd.send(...)`"
            )
        },
        || {
            format!(
                "{wait:.1?} 内没有收到回复：`data = connfd.recv(1024)` 之后，服务器应当用 `connfd.send(...)` 回复"
            )
        },
    )
}

/// The peer closed instead of replying.
pub(crate) fn closed_instead_of_reply(lang: Lang) -> String {
    say(
        lang,
        || "the server closed the connection instead of replying".to_string(),
        || "服务器没有回复，而是关闭了连接".to_string(),
    )
}

/// The reply is not the fixed one.
pub(crate) fn wrong_reply(lang: Lang) -> String {
    say(
        lang,
        || "the reply is not the one this test expects".to_string(),
        || "回复与本测试期望的不同".to_string(),
    )
}

/// A client sent nothing.
pub(crate) fn no_message(lang: Lang, wait: Duration) -> String {
    say(
        lang,
        || {
            format!(
                "your client sent nothing within {wait:.1?}: send each line it reads with `sockfd.send(msg.encode())`"
            )
        },
        || {
            format!(
                "{wait:.1?} 内你的客户端什么也没发：读到的每一行都用 `sockfd.send(msg.encode())` 发出去"
            )
        },
    )
}

/// A client closed before sending the expected message.
pub(crate) fn closed_instead_of_message(lang: Lang) -> String {
    say(
        lang,
        || "your client closed the connection before sending this message".to_string(),
        || "你的客户端还没发出这条消息就关闭了连接".to_string(),
    )
}

/// A client sent other bytes.
pub(crate) fn wrong_message(lang: Lang) -> String {
    say(
        lang,
        || "your client sent other bytes than the line it read".to_string(),
        || "你的客户端发出的字节与它读到的那一行不同".to_string(),
    )
}

// ---------------------------------------------------------------- ends

/// The peer closed, as expected (transcript).
pub(crate) fn peer_closed(lang: Lang) -> String {
    say(
        lang,
        || "the program closed the connection".to_string(),
        || "程序关闭了连接".to_string(),
    )
}

/// A drain ended without a close (transcript).
pub(crate) fn drained_without_close(lang: Lang, waited: Duration) -> String {
    say(
        lang,
        || format!("the connection was still open after {waited:.1?}; nothing was left unread"),
        || format!("{waited:.1?} 后连接仍未关闭；已读完所有数据"),
    )
}

/// The connection stayed open.
pub(crate) fn not_closed(lang: Lang, wait: Duration) -> String {
    say(
        lang,
        || {
            format!(
                "the connection stayed open for {wait:.1?}: when a conversation ends, close the socket (`connfd.close()` in a server, `sockfd.close()` in a client)"
            )
        },
        || {
            format!(
                "连接在 {wait:.1?} 内一直没有关闭：一次对话结束时要关闭套接字（服务器 `connfd.close()`，客户端 `sockfd.close()`）"
            )
        },
    )
}

// ---------------------------------------------------------------- CPU

/// The program stayed idle (transcript).
pub(crate) fn idle(lang: Lang, cpu: Duration, wall: Duration) -> String {
    say(
        lang,
        || format!("the program used {cpu:.2?} of CPU time in {wall:.1?} without clients"),
        || format!("没有客户端的 {wall:.1?} 里程序用了 {cpu:.2?} CPU 时间"),
    )
}

/// The program spun while nothing happened.
pub(crate) fn spun(lang: Lang, cpu: Duration, wall: Duration) -> String {
    say(
        lang,
        || {
            format!(
                "your program used {cpu:.2?} of CPU time in {wall:.1?} while no client sent anything: it spins in a loop. When `connfd.recv(1024)` returns `b''` the client has left: `if not data: break`"
            )
        },
        || {
            format!(
                "没有客户端发送任何数据的 {wall:.1?} 里，你的程序用了 {cpu:.2?} CPU 时间：它在空转。`connfd.recv(1024)` 返回 `b''` 说明客户端已经离开：`if not data: break`"
            )
        },
    )
}

/// CPU time cannot be read on this machine.
pub(crate) const NO_CPU_TIME: &str =
    "the CPU time of a run cannot be measured on this machine (no cgroup CPU accounting)";
