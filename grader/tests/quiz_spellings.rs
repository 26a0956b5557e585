//! What real students write, against the real quiz: spellings that must be
//! accepted and ones that must not, in English and Chinese, with and without
//! units. Each row is a question, an item (a list position or a map key) and
//! answers for that item alone.
//!
//! It lives under `tests/`, which `cargo xtask dist` leaves out, because it
//! spells out hidden checks' answers.

use grader::lang::Lang;
use grader::quiz::{Quiz, normalize, score_check};

mod support;

/// Item answers that are right.
const ACCEPT: &[(&str, &str, &[&str])] = &[
    // Item 1: the teardown's FIN segments as a capture or 谢希仁 shows them.
    (
        "teardown",
        "1",
        &[
            "FIN",
            "fin",
            "FIN+ACK",
            "FIN, ACK",
            "FIN,ACK",
            "[FIN, ACK]",
            "FIN/ACK",
            "FIN ACK",
            "ACK+FIN",
            "ＦＩＮ＋ＡＣＫ",
            "FIN，ACK",
        ],
    ),
    ("teardown", "2", &["ACK", "[ACK]"]),
    ("teardown", "3", &["FIN", "FIN+ACK", "FIN, ACK"]),
    ("teardown", "4", &["ACK"]),
    ("handshake", "1", &["SYN"]),
    (
        "handshake",
        "2",
        &[
            "SYN+ACK",
            "SYN, ACK",
            "SYN,ACK",
            "SYN/ACK",
            "SYN-ACK",
            "SYNACK",
            "ACK+SYN",
            "[SYN, ACK]",
            "SYN，ACK",
        ],
    ),
    ("handshake", "3", &["ACK"]),
    // Item 2: layer names, OSI.
    (
        "osi-layers",
        "1",
        &["Physical", "物理层", "Physical Layer", "物理", "PHY"],
    ),
    (
        "osi-layers",
        "2",
        &[
            "Data Link",
            "数据链路层",
            "链路层",
            "Data Link Layer",
            "datalink",
            "data-link",
            "data_link",
            "数据链路",
            "Link Layer",
        ],
    ),
    (
        "osi-layers",
        "3",
        &["Network", "网络层", "Network Layer", "网络", "网络 层"],
    ),
    (
        "osi-layers",
        "4",
        &["Transport", "传输层", "运输层", "Transport Layer"],
    ),
    ("osi-layers", "5", &["Session", "会话层", "Session Layer"]),
    (
        "osi-layers",
        "6",
        &["Presentation", "表示层", "Presentation Layer"],
    ),
    (
        "osi-layers",
        "7",
        &["Application", "应用层", "Application Layer", "app"],
    ),
    // Item 2: layer names, TCP/IP (谢希仁, 《图解HTTP》, English texts).
    (
        "tcpip-layers",
        "1",
        &[
            "网络接口层",
            "网络接入层",
            "网络访问层",
            "数据链路层",
            "链路层",
            "Link",
            "Link Layer",
            "Network Access",
            "Network Access Layer",
            "Network Interface Layer",
            "host-to-network",
            "主机到网络层",
            "Data Link Layer",
        ],
    ),
    (
        "tcpip-layers",
        "2",
        &[
            "网际层",
            "网络层",
            "互联网层",
            "互连网层",
            "网络互连层",
            "IP层",
            "IP 层",
            "IP layer",
            "Internet",
            "Internet Layer",
            "Network Layer",
            "internetwork layer",
        ],
    ),
    (
        "tcpip-layers",
        "3",
        &[
            "传输层",
            "运输层",
            "Transport",
            "Transport Layer",
            "host-to-host",
            "Host to Host Layer",
            "主机到主机层",
        ],
    ),
    (
        "tcpip-layers",
        "4",
        &["应用层", "Application", "Application Layer", "app"],
    ),
    (
        "protocol-layers",
        "TCP",
        &[
            "transport",
            "传输层",
            "运输层",
            "Transport Layer",
            "host-to-host",
        ],
    ),
    ("protocol-layers", "UDP", &["传输层", "transport layer"]),
    (
        "protocol-layers",
        "IP",
        &[
            "internet",
            "网际层",
            "网络层",
            "IP层",
            "Internet Layer",
            "network layer",
        ],
    ),
    (
        "protocol-layers",
        "HTTP",
        &["应用层", "application", "Application Layer"],
    ),
    // Item 3: protocols with a trailing 协议 / protocol, and their full names.
    (
        "transport-choice",
        "file-download",
        &[
            "TCP",
            "tcp",
            "TCP协议",
            "TCP 协议",
            "TCP protocol",
            "ＴＣＰ",
            "Transmission Control Protocol",
            "传输控制协议",
        ],
    ),
    (
        "transport-choice",
        "live-video",
        &[
            "UDP",
            "UDP协议",
            "udp 协议",
            "UDP Protocol",
            "User Datagram Protocol",
            "用户数据报协议",
        ],
    ),
    ("transport-choice", "lan-announce", &["UDP", "UDP协议"]),
    ("transport-choice", "login", &["TCP", "TCP协议"]),
    (
        "tcp-or-udp",
        "connection-oriented",
        &["TCP", "TCP协议", "tcp protocol"],
    ),
    ("tcp-or-udp", "message-boundaries", &["UDP", "UDP协议"]),
    // Item 4: counts with a trailing 次 / 个 / segments.
    (
        "segment-counts",
        "handshake",
        &[
            "3",
            "three",
            "Three",
            "三",
            "三次",
            "3次",
            "3个",
            "三个",
            "3 segments",
            "three segments",
            "三个报文段",
            "3 times",
        ],
    ),
    (
        "segment-counts",
        "teardown",
        &[
            "4",
            "four",
            "四",
            "四次",
            "4次",
            "4个",
            "四个",
            "4 segments",
            "四个报文段",
        ],
    ),
    // Other items, in the spellings students use.
    (
        "special-addresses",
        "127.0.0.1",
        &["C", "c", "(C)", "C.", "Ｃ"],
    ),
    ("subnet", "network", &["192.168.1.0", "192.168.1.0/24"]),
    (
        "port-ranges",
        "well-known",
        &[
            "0-1023",
            "0 - 1023",
            "0~1023",
            "0～1023",
            "0至1023",
            "0到1023",
            "0 to 1023",
            "0–1023",
        ],
    ),
];

/// Item answers that are wrong, however they are spelled.
const REJECT: &[(&str, &str, &[&str])] = &[
    ("teardown", "1", &["ACK", "SYN", "FIN+SYN", "RST"]),
    ("teardown", "2", &["FIN", "FIN+ACK", "FIN, ACK", "SYN+ACK"]),
    ("teardown", "4", &["FIN", "FIN+ACK"]),
    ("handshake", "1", &["SYN+ACK", "ACK"]),
    ("handshake", "2", &["SYN", "ACK", "FIN+ACK"]),
    ("handshake", "3", &["SYN+ACK", "FIN"]),
    // OSI layer 3 is the network layer, not TCP/IP's internet layer.
    (
        "osi-layers",
        "3",
        &[
            "internet",
            "Internet Layer",
            "互联网",
            "互联网层",
            "网际",
            "网际层",
            "互连网层",
            "IP层",
            "layer 3",
            "L3",
            "第三层",
            "transport",
        ],
    ),
    (
        "osi-layers",
        "1",
        &["layer 1", "L1", "第一层", "Link", "网络接口层"],
    ),
    (
        "osi-layers",
        "2",
        &[
            "network access",
            "网络接口层",
            "网络接入层",
            "physical",
            "layer 2",
        ],
    ),
    ("osi-layers", "4", &["host-to-host", "L4", "network"]),
    ("osi-layers", "7", &["presentation", "应用程序"]),
    (
        "tcpip-layers",
        "1",
        &["物理层", "Physical", "网络层", "internet"],
    ),
    (
        "tcpip-layers",
        "2",
        &["IP", "Internet Protocol", "传输层", "link", "链路层"],
    ),
    ("tcpip-layers", "3", &["session", "网络层", "layer 4", "L4"]),
    (
        "tcpip-layers",
        "4",
        &["表示层", "presentation", "会话层", "session"],
    ),
    (
        "protocol-layers",
        "IP",
        &[
            "IP",
            "Internet Protocol",
            "网际协议",
            "transport",
            "link",
            "ip协议",
        ],
    ),
    (
        "protocol-layers",
        "TCP",
        &["TCP", "TCP协议", "network", "application", "L4"],
    ),
    (
        "protocol-layers",
        "HTTP",
        &["transport", "HTTP协议", "表示层"],
    ),
    (
        "transport-choice",
        "file-download",
        &[
            "UDP",
            "UDP协议",
            "TCP/UDP",
            "TCP+UDP",
            "TCP或UDP",
            "both",
            "tc",
            "IP",
        ],
    ),
    ("transport-choice", "live-video", &["TCP", "TCP协议", "RTP"]),
    ("transport-choice", "lan-announce", &["TCP", "TCP协议"]),
    (
        "segment-counts",
        "handshake",
        &["4", "四次", "2", "33", "3 4", "三四"],
    ),
    (
        "segment-counts",
        "teardown",
        &["3", "三次", "三个", "3次", "5"],
    ),
    ("special-addresses", "127.0.0.1", &["A", "B", "AC"]),
    (
        "subnet",
        "network",
        &["192.168.1.1", "192.168.1.57", "192.168.1"],
    ),
    ("port-ranges", "well-known", &["0-1024", "1-1023", "1024"]),
];

/// Whether `answer` to item `key` of `question` scores, in the real quiz
/// with its hidden checks.
fn accepted(quiz: &Quiz, question: &str, key: &str, answer: &str) -> bool {
    let q = quiz
        .question(question)
        .unwrap_or_else(|| panic!("no question `{question}`"));
    let key = normalize(key);
    let item = quiz
        .checks
        .iter()
        .filter(|c| c.question.id == question)
        .flat_map(|c| &c.items)
        .find(|item| item.key == key)
        .unwrap_or_else(|| panic!("no check scores `{question}` item `{key}`"));
    item.accepts(question, &quiz.canonical(q, answer))
}

fn real_quiz() -> Quiz {
    let root = support::root();
    Quiz::load(
        &root.join("exercises/00-concepts/questions.toml"),
        Some(&root.join("grader/hidden/00-concepts.toml")),
    )
    .unwrap()
}

/// The rows of `table` whose verdict is not `want`, as readable lines.
fn misjudged(quiz: &Quiz, table: &[(&str, &str, &[&str])], want: bool) -> Vec<String> {
    table
        .iter()
        .flat_map(|(question, key, answers)| answers.iter().map(move |a| (question, key, a)))
        .filter(|(question, key, answer)| accepted(quiz, question, key, answer) != want)
        .map(|(question, key, answer)| {
            let canonical = quiz.canonical(quiz.question(question).unwrap(), answer);
            format!("{question}.{key} = {answer:?} (read as `{canonical}`)")
        })
        .collect()
}

#[test]
fn what_students_write_right_is_accepted() {
    let wrongly_rejected = misjudged(&real_quiz(), ACCEPT, true);
    assert!(
        wrongly_rejected.is_empty(),
        "rejected:\n{}",
        wrongly_rejected.join("\n")
    );
}

#[test]
fn what_students_write_wrong_is_rejected_in_any_spelling() {
    let wrongly_accepted = misjudged(&real_quiz(), REJECT, false);
    assert!(
        wrongly_accepted.is_empty(),
        "accepted:\n{}",
        wrongly_accepted.join("\n")
    );
}

#[test]
fn a_whole_fin_ack_teardown_scores_full_marks() {
    let quiz = real_quiz();
    let answers: toml::Table = toml::from_str(
        r#"teardown = ["FIN+ACK", "ACK", "FIN, ACK", "ACK"]
segment-counts = { handshake = "三次", teardown = "4个" }"#,
    )
    .unwrap();
    for name in ["teardown-order", "segment-counts"] {
        let check = quiz.checks.iter().find(|c| c.name == name).unwrap();
        let scored = score_check(
            check,
            answers.get(&check.question.id),
            &quiz.aliases,
            Lang::En,
        );
        assert_eq!(scored.score, check.points, "{name}: {:?}", scored.lines);
    }
}
