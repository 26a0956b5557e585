//! The texts of `check` and `watch`: what a run of the public tests says,
//! and the load line of `check`, `grade` and `bench`.

use grader::text::catalogue;

catalogue! {
    /// After a run: how to rerun it with the same data.
    pub(crate) fn rerun_seed(seed: u64) {
        en: "seed {seed}: rerun the same data with `cargo xtask check --seed {seed}`",
        zh: "种子 {seed}：用 `cargo xtask check --seed {seed}` 以相同数据重跑",
    }
    /// The noun after one test in [`summary`].
    pub(crate) fn test_noun() { en: "test", zh: "项测试" }
    /// The noun after several tests in [`summary`].
    pub(crate) fn tests_noun() { en: "tests", zh: "项测试" }
    /// `34 failed, 2 passed (36 tests): 4/85 points`; `tests` is the noun.
    pub(crate) fn summary(failed: usize, passed: usize, total: usize, tests: &str, got: &str, max: &str) {
        en: "{failed} failed, {passed} passed ({total} {tests}): {got}/{max} points",
        zh: "失败 {failed} 项，通过 {passed} 项（共 {total} {tests}）：得分 {got}/{max}",
    }
    /// The first failing test to fix.
    pub(crate) fn next_failure(id: &str, name: &str) {
        en: "next: make `{name}` of `{id}` pass (the first failure, shown in full above), then run `cargo xtask check {id}` again; \
             `cargo xtask hint {id}` gives a hint, `-v` shows every failure in full",
        zh: "下一步：先让 `{id}` 的 `{name}` 通过（即上面完整显示的第一个失败），再运行 `cargo xtask check {id}`；\
             `cargo xtask hint {id}` 给出提示，`-v` 完整显示每个失败",
    }
    /// What this machine cannot contain.
    pub(crate) fn missing_protections(missing: &str) {
        en: "note: on this machine your programs run without {missing}; time limits and clean-up still apply",
        zh: "注意：本机上你的程序运行时没有 {missing}；时间限制和清理仍然有效",
    }
    /// An exercise's heading: its id, the tests passed and the points.
    pub(crate) fn heading(id: &str, passed: usize, total: usize, got: &str, max: &str) {
        en: "{id}  {passed}/{total} tests passed, {got}/{max} points",
        zh: "{id}  通过 {passed}/{total} 项测试，得分 {got}/{max}",
    }
    /// The first line of a failure at a numbered step.
    pub(crate) fn at_step(step: usize, first: &str) {
        en: "step {step}: {first}",
        zh: "第 {step} 步：{first}",
    }
    /// Packets were asked for but cannot be captured here.
    pub(crate) fn no_capture(why: &str) {
        en: "note: no packet capture here ({why}); everything else works",
        zh: "注意：此处无法抓包（{why}）；其他功能不受影响",
    }
    /// How loaded the machine was during a run.
    pub(crate) fn limits(at_once: usize, limit: usize, cores: usize, percent: f64, place: &str) {
        en: "load: at most {at_once} test program(s) at once (limit {limit}, {cores} core(s)); \
             slowest step of a passed test: {percent}% of its deadline ({place})",
        zh: "负载：同时最多运行 {at_once} 个测试程序（上限 {limit}，{cores} 个核心）；\
             通过的测试中最慢的一步用了其时限的 {percent}%（{place}）",
    }
    /// `watch` starts.
    pub(crate) fn watching(how: &str) {
        en: "watching exercises/ ({how}); save a file to check it, Ctrl-C to stop",
        zh: "正在监视 exercises/（{how}）；保存文件即检查，按 Ctrl-C 停止",
    }
    /// `watch` moves on to the next exercise.
    pub(crate) fn passes_next(id: &str, next: &str) {
        en: "`{id}` passes every public test! Next: `{next}`.",
        zh: "`{id}` 通过了所有公开测试！下一个：`{next}`。",
    }
    /// `watch` has nothing left to check.
    pub(crate) fn all_done() {
        en: "Every exercise passes its public tests. Well done! (Still watching: save to check again.)",
        zh: "所有练习都通过了公开测试，做得好！（仍在监视：保存文件会再次检查。）",
    }
    /// `watch` runs the tests of an exercise.
    pub(crate) fn checking(run: usize, id: &str) {
        en: "[{run}] checking `{id}` …",
        zh: "[{run}] 正在检查 `{id}` …",
    }
    /// `watch` shows only the first failure.
    pub(crate) fn more_failing(more: usize, id: &str) {
        en: "  (and {more} more failing: `cargo xtask check {id}` lists them all)",
        zh: "  （另有 {more} 项未通过：`cargo xtask check {id}` 会全部列出）",
    }
}
