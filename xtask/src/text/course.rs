//! The texts of `list` and `hint`: where a student stands and what to do next.

use grader::text::catalogue;

catalogue! {
    /// The heading of `list`.
    pub(crate) fn list_heading() {
        en: "netlab exercises (status from your last `cargo xtask check`):",
        zh: "netlab 练习（状态来自你上一次运行的 `cargo xtask check`）：",
    }
    /// `list` when nothing is left to do.
    pub(crate) fn course_done() {
        en: "Every public test passes. Well done! Hidden tests check more of SPEC when you are graded.",
        zh: "所有公开测试都已通过，做得好！正式评分时，隐藏测试会检查规范的更多内容。",
    }
    /// The status of an exercise never checked.
    pub(crate) fn not_started() { en: "not started", zh: "未开始" }
    /// The status of an exercise that does not build.
    pub(crate) fn not_compiling() { en: "does not compile", zh: "编译失败" }
    /// The status of an exercise whose public tests pass.
    pub(crate) fn done() { en: "done", zh: "已完成" }
    /// The status of an exercise with failing tests.
    pub(crate) fn failing(failing: usize, total: usize) {
        en: "failing {failing} of {total}",
        zh: "{total} 项中 {failing} 项未通过",
    }
    /// Next step: begin an exercise; `file` is what to edit.
    pub(crate) fn next_start(id: &str, folder: &str, file: &str) {
        en: "next: start `{id}`: read exercises/{folder}/README.md, edit {file}, then run `cargo xtask watch` (or `cargo xtask check {id}`)",
        zh: "下一步：开始 `{id}`：阅读 exercises/{folder}/README.zh-CN.md，编辑 {file}，然后运行 `cargo xtask watch`（或 `cargo xtask check {id}`）",
    }
    /// Next step: make an exercise compile.
    pub(crate) fn next_compile(id: &str) {
        en: "next: make `{id}` compile (`cargo build -p {id}` shows the errors), then `cargo xtask check {id}`",
        zh: "下一步：让 `{id}` 能够编译（`cargo build -p {id}` 会显示错误），然后运行 `cargo xtask check {id}`",
    }
    /// Next step: fix the first failing test of an exercise.
    pub(crate) fn next_fix(id: &str, test: &str, file: &str) {
        en: "next: fix `{test}` in `{id}` ({file}); `cargo xtask hint {id}` gives a hint",
        zh: "下一步：修正 `{id}` 的 `{test}`（{file}）；`cargo xtask hint {id}` 会给出提示",
    }
    /// `hint` without an exercise when every public test passes.
    pub(crate) fn no_hint_needed() {
        en: "Every public test passes: no hint needed. Name an exercise to see its hints anyway.",
        zh: "所有公开测试都已通过，不需要提示。指定练习名仍可查看它的提示。",
    }
    /// `hint` for an exercise whose tests passed at the last check.
    pub(crate) fn passed_last_check() {
        en: "Every public test passed at your last check. Use --all to see every hint.",
        zh: "上次检查时所有公开测试都已通过。用 --all 查看全部提示。",
    }
    /// Between a label and its text: a Chinese label ends in a full-width
    /// colon, which needs no space after it.
    pub(crate) fn label_gap() { en: " ", zh: "" }
    /// The label of what a test checks.
    pub(crate) fn checks_label() { en: "checks:", zh: "检查：" }
    /// The label of a test's hint.
    pub(crate) fn hint_label() { en: "hint:", zh: "提示：" }
    /// A test without a hint.
    pub(crate) fn no_hint() { en: "(this test has no hint)", zh: "（这项测试没有提示）" }
    /// `hint` shows one failing test of several.
    pub(crate) fn more_hints(more: usize) {
        en: "  ({more} more failing; `--all` shows every hint)",
        zh: "  （还有 {more} 项未通过；`--all` 显示全部提示）",
    }
    /// Where to begin a program exercise that was never checked.
    pub(crate) fn begin_program(folder: &str) {
        en: "Not checked yet. Start in exercises/{folder}/src/: every `// TODO:` says what to write. The first test:",
        zh: "还没有检查过。从 exercises/{folder}/src/ 开始：每个 `// TODO:` 都说明了要写什么。第一项测试：",
    }
    /// Where to begin a quiz that was never checked.
    pub(crate) fn begin_quiz(folder: &str) {
        en: "Not checked yet. Fill in exercises/{folder}/answers.toml; the questions are in its README.md. The first check:",
        zh: "还没有检查过。填写 exercises/{folder}/answers.toml；题目见 README.zh-CN.md。第一项检查：",
    }
}
