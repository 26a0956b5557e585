//! What the student reports say around the runner's own texts: a failure's
//! step, invisible differences, the "try it" and seed lines, build failures,
//! the packets section.

use crate::text::catalogue;

catalogue! {
    /// Where a failure happened.
    pub(crate) fn at_step(step: usize) {
        en: "step {step}: ",
        zh: "第 {step} 步：",
    }
    /// Too many carriage returns.
    pub(crate) fn extra_carriage_returns(count: usize) {
        en: "your output holds {count} carriage return(s) `\\r` the test does not expect",
        zh: "你的输出多了 {count} 个测试不期望的回车符 `\\r`",
    }
    /// Missing carriage returns.
    pub(crate) fn missing_carriage_returns(count: usize) {
        en: "the test expects {count} carriage return(s) `\\r` your output lacks",
        zh: "测试期望的 {count} 个回车符 `\\r` 在你的输出里没有",
    }
    /// Nothing.
    pub(crate) fn nothing() {
        en: "(nothing)",
        zh: "（什么也没有）",
    }
    /// Expected empty line.
    pub(crate) fn expected_empty_line() {
        en: "the test expects an empty line (only a line end `\\n`), but nothing at all arrived",
        zh: "测试期望一个空行（只有换行符 `\\n`），但什么都没有收到",
    }
    /// Only line end missing.
    pub(crate) fn only_line_end_missing() {
        en: "your reply has everything but its line end `\\n`: without it the test is still waiting for the rest of the line",
        zh: "你的回复只差行尾的换行符 `\\n`：没有它，测试会一直等待这一行的其余部分",
    }
    /// No line end yet.
    pub(crate) fn no_line_end_yet() {
        en: "your reply has no line end `\\n` yet: the test is still waiting for the rest of the line",
        zh: "你的回复还没有换行符 `\\n`：测试仍在等待这一行的其余部分",
    }
    /// Trailing blanks only.
    pub(crate) fn trailing_blanks_only() {
        en: "the only difference is spaces or tabs at the end of a line (a changed space shows as `␠` in the diff)",
        zh: "唯一的差别是行尾的空格或制表符（差异中变动的空格显示为 `␠`）",
    }
    /// Tabs against spaces.
    pub(crate) fn tabs_against_spaces() {
        en: "the only difference is tabs `\\t` against spaces: the test counts them as different characters",
        zh: "唯一的差别是制表符 `\\t` 与空格：测试把它们当作不同的字符",
    }
    /// Spaces only.
    pub(crate) fn spaces_only() {
        en: "the only difference is spaces (a changed space shows as `␠` in the diff)",
        zh: "唯一的差别是空格（差异中变动的空格显示为 `␠`）",
    }
    /// Replaced by fffd.
    pub(crate) fn replaced_by_fffd() {
        en: "your program replaced bytes that are not UTF-8 with `�` (U+FFFD, what `String::from_utf8_lossy` does): keep the bytes as they are, in a `Vec<u8>`",
        zh: "你的程序把不是 UTF-8 的字节替换成了 `�`（U+FFFD，即 `String::from_utf8_lossy` 的做法）：请保持字节原样，用 `Vec<u8>` 保存",
    }
    /// Expected not utf8.
    pub(crate) fn expected_not_utf8() {
        en: "the expected bytes are not UTF-8 text (shown as `\\xNN`): handle them as bytes, not as a `String`",
        zh: "期望的字节不是 UTF-8 文本（显示为 `\\xNN`）：请按字节处理，不要转成 `String`",
    }
    /// Output not utf8.
    pub(crate) fn output_not_utf8() {
        en: "your output holds bytes that are not UTF-8 text (shown as `\\xNN`)",
        zh: "你的输出中有不是 UTF-8 文本的字节（显示为 `\\xNN`）",
    }
    /// Packets heading.
    pub(crate) fn packets_heading() {
        en: "packets (TCP segments on the run's loopback; → client to server, ← server to client):",
        zh: "数据包（本次运行回环接口上的 TCP 报文段；→ 客户端到服务器，← 服务器到客户端）：",
    }
    /// Note label.
    pub(crate) fn note_label() {
        en: "note:",
        zh: "注意：",
    }
    /// What follows a label such as `note:` (Chinese labels end in a full-width colon).
    pub(crate) fn label_gap() {
        en: " ",
        zh: "",
    }
    /// Grader error label.
    pub(crate) fn grader_error_label() {
        en: "grader error (not your fault):",
        zh: "评分程序出错（不是你的问题）：",
    }
    /// Checks label.
    pub(crate) fn checks_label() {
        en: "checks:",
        zh: "检查：",
    }
    /// Expected label.
    pub(crate) fn expected_label() {
        en: "expected:",
        zh: "期望：  ",
    }
    /// Actual label.
    pub(crate) fn actual_label() {
        en: "actual:  ",
        zh: "实际：  ",
    }
    /// Diff label.
    pub(crate) fn diff_label() {
        en: "diff:    ",
        zh: "差异：  ",
    }
    /// Transcript heading.
    pub(crate) fn transcript_heading() {
        en: "transcript (→ sent by the test, ← sent by your program):",
        zh: "交互记录（→ 测试发送，← 你的程序发送）：",
    }
    /// Stderr heading.
    pub(crate) fn stderr_heading() {
        en: "your program's stderr (last lines):",
        zh: "你的程序的 stderr（最后几行）：",
    }
    /// Hint label.
    pub(crate) fn hint_label() {
        en: "hint:",
        zh: "提示：",
    }
    /// The label of the "try it" line.
    pub(crate) fn try_label() { en: "try it:", zh: "试一试：" }
    /// How to run the program; `how` is one of the `try_` texts below.
    pub(crate) fn try_it(exercise: &str, command: &str, how: &str) {
        en: " run `cargo run -q -p {exercise} {command}` {how}",
        zh: "运行 `cargo run -q -p {exercise} {command}`{how}",
    }
    /// A client needs a server first.
    pub(crate) fn try_after_server(port: &str) {
        en: "after starting a server for it with `nc -N -l 127.0.0.1 {port}`",
        zh: "（先用 `nc -N -l 127.0.0.1 {port}` 为它开一个服务器）",
    }
    /// A server is talked to.
    pub(crate) fn try_talk_to_it(server: &str) {
        en: "and talk to it with `nc -N 127.0.0.1 {server}`",
        zh: "，再用 `nc -N 127.0.0.1 {server}` 和它对话",
    }
    /// A file program runs where its files are.
    pub(crate) fn try_in_scratch_folder() {
        en: "from a scratch folder inside your repository, holding any files the transcript shows",
        zh: "（在仓库内的一个临时文件夹中运行；交互记录里若出现文件，先把它们放好）",
    }
    /// The label of the seed line.
    pub(crate) fn seed_label() { en: "seed:", zh: "种子：" }
    /// The seed, and how to rerun with it.
    pub(crate) fn rerun_with_seed(seed: u64) {
        en: " {seed} (rerun with `--seed {seed}`)",
        zh: "{seed}（用 `--seed {seed}` 重现）",
    }
    /// The heading of a compiler log.
    pub(crate) fn does_not_compile(exercise: &str) {
        en: "`{exercise}` does not compile:",
        zh: "`{exercise}` 无法编译：",
    }
}
