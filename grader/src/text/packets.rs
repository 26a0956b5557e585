//! What a packet ladder tells a student: the header of a connection, the
//! diagnosis of its segments and how it ended.

use crate::text::catalogue;

catalogue! {
    /// The capture is capped and dropped segments.
    pub(crate) fn capture_capped(kept: usize, seen: usize) {
        en: "the capture kept {kept} of {seen} segments (it is capped)",
        zh: "抓包只保留了 {seen} 个报文段中的 {kept} 个（有上限）",
    }
    /// The handshake completed.
    pub(crate) fn handshake() {
        en: "three-way handshake completed (SYN, SYN-ACK, ACK)",
        zh: "三次握手完成（SYN、SYN-ACK、ACK）",
    }
    /// A reset answered the SYN.
    pub(crate) fn refused() {
        en: "the connection was refused: a reset (RST) answered the SYN, nothing listened on that port",
        zh: "连接被拒绝：SYN 得到的回答是重置（RST），该端口上没有程序在监听",
    }
    /// The SYN was never answered.
    pub(crate) fn syn_unanswered() { en: "the SYN was never answered", zh: "SYN 一直没有得到回答" }
    /// No handshake at all.
    pub(crate) fn no_handshake_seen() { en: "the handshake was not seen", zh: "没有看到握手" }
    /// The student's program as a client.
    pub(crate) fn your_client() { en: "your client", zh: "你的客户端" }
    /// The student's program as a server.
    pub(crate) fn your_server() { en: "your server", zh: "你的服务器" }
    /// The program closed, then reset on more data.
    pub(crate) fn fin_then_reset(you: &str) {
        en: "{you} closed the connection (FIN), then answered more data with a reset (RST)",
        zh: "{you}关闭了连接（FIN），随后对新到的数据回以重置（RST）",
    }
    /// The program reset the connection.
    pub(crate) fn program_reset() {
        en: "the connection was reset (RST) by your program: it closed the socket or exited with unread data",
        zh: "连接被你的程序重置（RST）：它在还有未读数据时关闭了套接字或退出了",
    }
    /// The test reset the connection.
    pub(crate) fn test_reset() { en: "the test reset the connection (RST)", zh: "测试重置了连接（RST）" }
    /// The program closed first.
    pub(crate) fn program_closed_first(you: &str) {
        en: "{you} closed first (it sent FIN)",
        zh: "{you}先关闭了连接（它发送了 FIN）",
    }
    /// Appended when the program closed before replying.
    pub(crate) fn before_any_reply() { en: ", before sending any reply", zh: "，在发送任何回复之前" }
    /// The program half-closed.
    pub(crate) fn kept_reading() {
        en: "after its FIN your program kept reading: it closed only its sending side (shutdown)",
        zh: "发送 FIN 之后你的程序仍在读取：它只关闭了发送方向（shutdown）",
    }
    /// The test closed first.
    pub(crate) fn test_closed_first() {
        en: "the test closed first (it sent FIN)",
        zh: "测试先关闭了连接（它发送了 FIN）",
    }
    /// The program never closed.
    pub(crate) fn no_fin() {
        en: "no FIN from your program: it never closed the connection",
        zh: "你的程序没有发送 FIN：它一直没有关闭连接",
    }
    /// A teardown in three segments.
    pub(crate) fn teardown_3() {
        en: "teardown in 3 segments (FIN, FIN+ACK, ACK)",
        zh: "四次挥手合并为 3 个报文段（FIN、FIN+ACK、ACK）",
    }
    /// A teardown in `n` segments.
    pub(crate) fn teardown(n: usize) {
        en: "teardown in {n} segments (FIN, ACK, FIN, ACK)",
        zh: "挥手用了 {n} 个报文段（FIN、ACK、FIN、ACK）",
    }
    /// The test's side of a ladder.
    pub(crate) fn test_side() { en: "test", zh: "测试" }
    /// The program's side of a ladder.
    pub(crate) fn program_side() { en: "your program", zh: "你的程序" }
    /// A ladder's header.
    pub(crate) fn header(number: usize, client: &str, client_addr: impl std::fmt::Display, server: &str, server_addr: impl std::fmt::Display) {
        en: "connection {number}: {client} {client_addr} (client) | {server} {server_addr} (server)",
        zh: "连接 {number}：{client} {client_addr}（客户端）| {server} {server_addr}（服务器）",
    }
    /// Segments left out of a long ladder.
    pub(crate) fn omitted(count: usize) {
        en: "          … {count} more segments …",
        zh: "          … 另有 {count} 个报文段 …",
    }
    /// Where the test ends in a ladder.
    pub(crate) fn test_over() {
        en: "          ── test over: the grader closes its side and stops your program ──",
        zh: "          ── 测试结束：评分程序关闭自己一端并结束你的程序 ──",
    }
    /// Ending: the server sent FIN first.
    pub(crate) fn server_fin_first() { en: "FIN by server first", zh: "服务器先发 FIN" }
    /// Ending: the client sent FIN first.
    pub(crate) fn client_fin_first() { en: "FIN by client first", zh: "客户端先发 FIN" }
    /// Ending: a reset.
    pub(crate) fn reset() { en: "reset (RST)", zh: "被重置（RST）" }
    /// Ending: never closed.
    pub(crate) fn still_open() { en: "still open", zh: "仍未关闭" }
    /// Ending: no handshake.
    pub(crate) fn no_handshake() { en: "no handshake", zh: "未完成握手" }
    /// Test over short.
    pub(crate) fn test_over_short() {
        en: "test over",
        zh: "测试结束",
    }
    /// Endings heading.
    pub(crate) fn endings_heading() {
        en: "How connections ended (from the packets of each run)",
        zh: "连接是如何结束的（来自每次运行的数据包）",
    }
}
