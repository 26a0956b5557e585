//! What the gradebook's views say: the course policy's explanation and
//! table, and the comparison with an earlier run.

use crate::text::catalogue;

catalogue! {
    /// Which commit of an exercise was graded.
    pub(crate) fn graded_commit(id: &str, hash: &str, time: &str) {
        en: "{id}: graded commit {hash} of {time} (commit times are set by the student's machine)",
        zh: "{id}：评分的提交 {hash}，时间 {time}（提交时间由学生的电脑设定）",
    }
    /// The course policy's totals for one student.
    pub(crate) fn policy_totals(raw: &str, penalty: &str, fin: &str, max: &str) {
        en: "Course policy: raw {raw}, late penalty {penalty}, final {fin}/{max}",
        zh: "课程规则：原始分 {raw}，迟交扣分 {penalty}，最终得分 {fin}/{max}",
    }
    /// The policy table's title.
    pub(crate) fn policy_title() { en: "Course policy", zh: "课程规则" }
    /// Before the policy file's name.
    pub(crate) fn policy_applied() { en: "Applied", zh: "已应用" }
    /// The policy table's submission column.
    pub(crate) fn policy_submission() { en: "submission", zh: "提交" }
    /// The policy table's raw score column.
    pub(crate) fn policy_raw() { en: "raw", zh: "原始分" }
    /// The policy table's late penalty column.
    pub(crate) fn policy_penalty() { en: "penalty", zh: "迟交扣分" }
    /// The policy table's override column.
    pub(crate) fn policy_override() { en: "override", zh: "教师改分" }
    /// The policy table's final score column.
    pub(crate) fn policy_final() { en: "final", zh: "最终得分" }
    /// The comparison's title.
    pub(crate) fn diff_title() { en: "Changes since the earlier run", zh: "与上次评分相比的变化" }
    /// After the number of students who changed.
    pub(crate) fn diff_changed() { en: "student(s) changed", zh: "名学生有变化" }
    /// The comparison's submission column.
    pub(crate) fn diff_submission() { en: "submission", zh: "提交" }
    /// The comparison's earlier column.
    pub(crate) fn diff_before() { en: "before", zh: "之前" }
    /// The comparison's current column.
    pub(crate) fn diff_now() { en: "now", zh: "现在" }
    /// The comparison's change column.
    pub(crate) fn diff_what() { en: "what changed", zh: "变化" }
    /// A raw score.
    pub(crate) fn diff_raw() { en: "raw", zh: "原始分" }
    /// A penalty.
    pub(crate) fn diff_penalty() { en: "penalty", zh: "扣分" }
    /// An instructor's override.
    pub(crate) fn diff_overridden() { en: "override", zh: "教师改分" }
    /// After a number of points.
    pub(crate) fn diff_points() { en: "points", zh: "分" }
    /// A test passed.
    pub(crate) fn diff_passed() { en: "passed", zh: "通过" }
    /// A test failed.
    pub(crate) fn diff_failed() { en: "failed", zh: "未通过" }
    /// A test did not run.
    pub(crate) fn diff_not_run() { en: "not run", zh: "未运行" }
    /// An exercise was not graded.
    pub(crate) fn diff_not_graded() { en: "not graded", zh: "未评分" }
    /// Tests were added.
    pub(crate) fn diff_added() { en: "tests added", zh: "新增测试" }
    /// Tests were removed.
    pub(crate) fn diff_removed() { en: "tests removed", zh: "删除的测试" }
    /// Tests changed.
    pub(crate) fn diff_tests_changed() { en: "tests changed", zh: "修改的测试" }
    /// Why one test differs: it is new in this run.
    pub(crate) fn diff_test_added() { en: "test added", zh: "新增测试" }
    /// Why one test differs: it is gone from this run.
    pub(crate) fn diff_test_removed() { en: "test removed", zh: "删除测试" }
    /// Why one test differs: its definition changed.
    pub(crate) fn diff_test_changed() { en: "test changed", zh: "测试已修改" }
    /// Why one test differs: same test, another verdict.
    pub(crate) fn diff_verdict_moved() { en: "verdict moved", zh: "结果改变" }
    /// An exercise's deadline, moved by an extension (`why`).
    pub(crate) fn late_deadline_extended(exercise: &str, when: &str, why: &str) {
        en: "{exercise}: deadline {when} (extended: {why})",
        zh: "{exercise}：截止时间 {when}（已延期：{why}）",
    }
    /// An exercise's deadline.
    pub(crate) fn late_deadline(exercise: &str, when: &str) {
        en: "{exercise}: deadline {when}",
        zh: "{exercise}：截止时间 {when}",
    }
    /// When late work was handed in, and how late (`by`: days, hours, minutes).
    pub(crate) fn late_handed_in(when: &str, by: &str) {
        en: "  handed in {when}, {by} late",
        zh: "  提交于 {when}，晚了 {by}",
    }
    /// Late work within the grace period.
    pub(crate) fn late_in_grace() {
        en: "  within the grace period: on time",
        zh: "  在宽限期内：按时",
    }
    /// Late work past `zero-after`.
    pub(crate) fn late_cut_off() {
        en: "  past the last day work is accepted: no points",
        zh: "  超过最迟期限：本题不得分",
    }
    /// Late days paid from the budget.
    pub(crate) fn late_days_spent(days: u32) {
        en: "  {days} late day(s) spent from your budget, without penalty",
        zh: "  使用迟交天数 {days} 天，不扣分",
    }
    /// The late penalty, as a percent of the raw score and in points.
    pub(crate) fn late_penalty(percent: &str, points: &str) {
        en: "  late penalty: {percent}% of the raw score, {points} point(s)",
        zh: "  迟交扣分：原始分的 {percent}%，即 {points} 分",
    }
    /// An instructor's override of an exercise's points.
    pub(crate) fn late_override(exercise: &str, points: &str, reason: &str) {
        en: "{exercise}: points set to {points} by the instructor ({reason})",
        zh: "{exercise}：教师将得分改为 {points}（{reason}）",
    }
    /// An exercise's totals after course policy.
    pub(crate) fn late_totals(raw: &str, penalty: &str, fin: &str, max: &str) {
        en: "  raw {raw}, penalty {penalty}, final {fin}/{max}",
        zh: "  原始分 {raw}，扣分 {penalty}，最终得分 {fin}/{max}",
    }
    /// Days of a length of time.
    pub(crate) fn span_days(value: i64) { en: "{value}d", zh: "{value} 天" }
    /// Hours of a length of time.
    pub(crate) fn span_hours(value: i64) { en: "{value}h", zh: "{value} 小时" }
    /// Minutes of a length of time.
    pub(crate) fn span_minutes(value: i64) { en: "{value}min", zh: "{value} 分钟" }
    /// A length of time under a minute.
    pub(crate) fn span_seconds(seconds: i64) { en: "{seconds}s", zh: "{seconds} 秒" }
}
