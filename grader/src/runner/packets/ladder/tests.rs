use super::*;

const CLIENT: &str = "127.0.0.1:40000";
const SERVER: &str = "127.0.0.1:8080";

/// A segment sent by the client (`from_client`) or the server.
fn seg(from_client: bool, flags: &str, seq: u32, ack_no: u32, data: &[u8]) -> Segment {
    let (c, s): (SocketAddr, SocketAddr) = (CLIENT.parse().unwrap(), SERVER.parse().unwrap());
    let (from, to) = if from_client { (c, s) } else { (s, c) };
    Segment {
        at: Duration::from_millis(u64::from(seq % 1000)),
        from,
        to,
        seq,
        ack_no,
        syn: flags.contains('S'),
        ack: flags.contains('A'),
        fin: flags.contains('F'),
        rst: flags.contains('R'),
        len: data.len(),
        first: data.to_vec(),
        after_end: false,
    }
}

/// Handshake and `hello\n` echoed: client seq from 100, server from 500.
fn opening() -> Vec<Segment> {
    vec![
        seg(true, "S", 100, 0, b""),
        seg(false, "SA", 500, 101, b""),
        seg(true, "A", 101, 501, b""),
        seg(true, "A", 101, 501, b"hello\n"),
        seg(false, "A", 501, 107, b""),
        seg(false, "A", 501, 107, b"hello\n"),
        seg(true, "A", 107, 507, b""),
    ]
}

fn only(segments: &[Segment]) -> Ladder {
    let mut all = ladders(segments, None, Lang::En);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn labels(ladder: &Ladder) -> Vec<String> {
    ladder
        .rungs
        .iter()
        .map(|r| format!("{}{}", if r.from_client { "> " } else { "< " }, r.label))
        .collect()
}

#[test]
fn a_full_exchange_has_a_handshake_and_a_four_segment_teardown() {
    let mut segments = opening();
    segments.extend([
        seg(true, "FA", 107, 507, b""),
        seg(false, "A", 507, 108, b""),
        seg(false, "FA", 507, 108, b""),
        seg(true, "A", 108, 508, b""),
    ]);
    let ladder = only(&segments);
    assert_eq!(
        labels(&ladder),
        [
            "> SYN",
            "< SYN,ACK",
            "> ACK",
            "> \"hello\\n\" (6 bytes)",
            "< \"hello\\n\" (6 bytes)",
            "> FIN",
            "< ACK",
            "< FIN",
            "> ACK"
        ]
    );
    assert_eq!(ladder.client, Side::Test);
    assert_eq!(ladder.ending, Ending::ClientFinFirst);
    assert_eq!(
        ladder.diagnosis,
        [
            "three-way handshake completed (SYN, SYN-ACK, ACK)",
            "the test closed first (it sent FIN)",
            "teardown in 4 segments (FIN, ACK, FIN, ACK)"
        ]
    );
    let text = render_ladder(&ladder, 1, Lang::En).join("\n");
    assert!(text.contains("SYN →"), "{text}");
    assert!(text.contains("← SYN,ACK"), "{text}");
    let zh = render_ladder(&only_in(&segments, Lang::Zh), 1, Lang::Zh).join("\n");
    assert!(zh.contains("三次握手完成"), "{zh}");
}

fn only_in(segments: &[Segment], lang: Lang) -> Ladder {
    ladders(segments, None, lang).remove(0)
}

#[test]
fn a_server_that_closes_first_in_three_segments_is_named() {
    let mut segments = opening();
    segments.extend([
        seg(false, "FA", 507, 107, b""),
        seg(true, "FA", 107, 508, b""),
        seg(false, "A", 508, 108, b""),
    ]);
    let ladder = only(&segments);
    assert_eq!(labels(&ladder)[5..], ["< FIN", "> FIN,ACK", "< ACK"]);
    assert_eq!(ladder.ending, Ending::ServerFinFirst);
    assert!(
        ladder
            .diagnosis
            .contains(&"your server closed first (it sent FIN)".to_string())
    );
    assert!(
        ladder
            .diagnosis
            .contains(&"teardown in 3 segments (FIN, FIN+ACK, ACK)".to_string())
    );
}

#[test]
fn never_closed_and_closed_but_kept_reading_are_told_apart() {
    let mut never = opening();
    never.push(seg(true, "FA", 107, 507, b""));
    never.push(seg(false, "A", 507, 108, b""));
    let ladder = only(&never);
    assert_eq!(ladder.ending, Ending::ClientFinFirst);
    assert!(
        ladder
            .diagnosis
            .contains(&"no FIN from your program: it never closed the connection".to_string()),
        "{:?}",
        ladder.diagnosis
    );
    let mut half = opening();
    half.push(seg(false, "FA", 507, 107, b""));
    half.push(seg(true, "A", 107, 508, b"more\n"));
    half.push(seg(false, "A", 508, 112, b""));
    let ladder = only(&half);
    assert!(
        ladder.diagnosis.iter().any(|d| d.contains("kept reading")),
        "{:?}",
        ladder.diagnosis
    );
    assert!(!ladder.diagnosis.iter().any(|d| d.contains("never closed")));
}

#[test]
fn a_reset_with_unread_data_and_a_close_before_replying_are_named() {
    let mut reset = opening()[..5].to_vec();
    reset.push(seg(false, "RA", 501, 107, b""));
    let ladder = only(&reset);
    assert_eq!(ladder.ending, Ending::Reset);
    assert!(
        ladder.diagnosis[1].contains("reset (RST) by your program"),
        "{:?}",
        ladder.diagnosis
    );
    let mut early = opening()[..5].to_vec();
    early.push(seg(false, "FA", 501, 107, b""));
    let ladder = only(&early);
    assert_eq!(
        ladder.diagnosis[1],
        "your server closed first (it sent FIN), before sending any reply"
    );
}

#[test]
fn what_the_grader_sends_after_the_end_does_not_count_and_long_exchanges_are_cut() {
    let mut segments = opening();
    for i in 0..40 {
        segments.push(seg(true, "A", 107 + i, 507, b"x"));
    }
    let mut fin = seg(true, "FA", 147, 507, b"");
    fin.after_end = true;
    segments.push(fin);
    let ladder = only(&segments);
    assert_eq!(ladder.ending, Ending::StillOpen);
    assert!(ladder.omitted > 0);
    let text = render_ladder(&ladder, 1, Lang::En).join("\n");
    assert!(text.contains("more segments"), "{text}");
    assert!(text.contains("test over"), "{text}");
}

#[test]
fn a_refused_connection_and_a_client_program_are_recognised() {
    let refused = [seg(true, "S", 100, 0, b""), seg(false, "RA", 0, 101, b"")];
    let ladder = only(&refused);
    assert_eq!(ladder.ending, Ending::NoHandshake);
    assert!(ladder.diagnosis[0].contains("refused"));
    let server: SocketAddr = SERVER.parse().unwrap();
    let ladder = ladders(&opening(), Some(server), Lang::En).remove(0);
    assert_eq!(ladder.client, Side::Program);
}
