//! What the unframed steps and port-agnostic readiness tell a student, in the
//! course's own terms (`sockfd`, `connfd`, `recv(1024)`, `if not data:`). Code
//! a student types stays as it is in the Chinese texts.

use std::time::Duration;

use crate::text::catalogue;

/// Fixed ports need a network namespace per run (a grader error, in English).
pub(crate) const NEEDS_A_NAMESPACE: &str = "this test's program uses a fixed port, which is safe only in a network namespace of its own per run; this machine offers none (Linux with bubblewrap and user namespaces is needed)";

/// CPU time cannot be read on this machine (a grader error, in English).
pub(crate) const NO_CPU_TIME: &str =
    "the CPU time of a run cannot be measured on this machine (no cgroup CPU accounting)";

catalogue! {
    /// A socket of the run listens (transcript).
    pub(crate) fn listens(addr: impl std::fmt::Display) {
        en: "the program listens on {addr}",
        zh: "程序在 {addr} 上监听",
    }
    /// The program ended before any of its sockets listened.
    pub(crate) fn ended_before_listening(exit: &str) {
        en: "your server ended ({exit}) before it listened on any port",
        zh: "你的服务器还没在任何端口上监听就结束了：{exit}",
    }
    /// No socket of the run listened in time.
    pub(crate) fn no_listener(wait: Duration) {
        en: "your server did not listen on any port within {wait:.1?}: call `sockfd.bind((HOST, PORT))` and `sockfd.listen(5)` before `sockfd.accept()`",
        zh: "{wait:.1?} 内你的服务器没有在任何端口上监听：在 `sockfd.accept()` 之前先调用 `sockfd.bind((HOST, PORT))` 和 `sockfd.listen(5)`",
    }
    /// Nothing came back after a message.
    pub(crate) fn no_reply(wait: Duration) {
        en: "no reply came within {wait:.1?}: after `data = connfd.recv(1024)` your server should answer with `connfd.send(...)`",
        zh: "{wait:.1?} 内没有收到回复：`data = connfd.recv(1024)` 之后，服务器应当用 `connfd.send(...)` 回复",
    }
    /// The peer closed instead of replying.
    pub(crate) fn closed_instead_of_reply() {
        en: "the server closed the connection instead of replying",
        zh: "服务器没有回复，而是关闭了连接",
    }
    /// The reply is not the fixed one.
    pub(crate) fn wrong_reply() {
        en: "the reply is not the one this test expects",
        zh: "回复与本测试期望的不同",
    }
    /// A client sent nothing.
    pub(crate) fn no_message(wait: Duration) {
        en: "your client sent nothing within {wait:.1?}: send each line it reads with `sockfd.send(msg.encode())`",
        zh: "{wait:.1?} 内你的客户端什么也没发：读到的每一行都用 `sockfd.send(msg.encode())` 发出去",
    }
    /// A client closed before sending the expected message.
    pub(crate) fn closed_instead_of_message() {
        en: "your client closed the connection before sending this message",
        zh: "你的客户端还没发出这条消息就关闭了连接",
    }
    /// A client sent other bytes.
    pub(crate) fn wrong_message() {
        en: "your client sent other bytes than the line it read",
        zh: "你的客户端发出的字节与它读到的那一行不同",
    }
    /// The peer closed, as expected (transcript).
    pub(crate) fn peer_closed() {
        en: "the program closed the connection",
        zh: "程序关闭了连接",
    }
    /// A drain ended without a close (transcript).
    pub(crate) fn drained_without_close(waited: Duration) {
        en: "the connection was still open after {waited:.1?}; nothing was left unread",
        zh: "{waited:.1?} 后连接仍未关闭；已读完所有数据",
    }
    /// The connection stayed open.
    pub(crate) fn not_closed(wait: Duration) {
        en: "the connection stayed open for {wait:.1?}: when a conversation ends, close the socket (`connfd.close()` in a server, `sockfd.close()` in a client)",
        zh: "连接在 {wait:.1?} 内一直没有关闭：一次对话结束时要关闭套接字（服务器 `connfd.close()`，客户端 `sockfd.close()`）",
    }
    /// The program stayed idle (transcript).
    pub(crate) fn idle(cpu: Duration, wall: Duration) {
        en: "the program used {cpu:.2?} of CPU time in {wall:.1?} without clients",
        zh: "没有客户端的 {wall:.1?} 里程序用了 {cpu:.2?} CPU 时间",
    }
    /// The program spun while nothing happened.
    pub(crate) fn spun(cpu: Duration, wall: Duration) {
        en: "your program used {cpu:.2?} of CPU time in {wall:.1?} while no client sent anything: it spins in a loop. When `connfd.recv(1024)` returns `b''` the client has left: `if not data: break`",
        zh: "没有客户端发送任何数据的 {wall:.1?} 里，你的程序用了 {cpu:.2?} CPU 时间：它在空转。`connfd.recv(1024)` 返回 `b''` 说明客户端已经离开：`if not data: break`",
    }
}
