//! The words of the class views (terminal summary and `report.html`): one
//! table per language, a struct the compiler checks for every field.

use crate::lang::Lang;
use crate::text::catalogue;

/// Every fixed text of the class views, in one language.
#[derive(Debug)]
pub struct Labels {
    /// The language these labels are in.
    pub lang: Lang,
    /// The language's tag for `<html lang>`.
    pub html_lang: &'static str,
    /// The page's title.
    pub title: &'static str,
    /// "class" in the terminal summary's heading.
    pub class: &'static str,
    /// "submissions", after a count.
    pub submissions: &'static str,
    /// The totals' name.
    pub total: &'static str,
    /// The mean.
    pub mean: &'static str,
    /// The median.
    pub median: &'static str,
    /// The standard deviation.
    pub std_dev: &'static str,
    /// The lowest to highest score.
    pub range: &'static str,
    /// How many earned every point.
    pub full_marks: &'static str,
    /// How many did not compile.
    pub not_built: &'static str,
    /// How many did not have the exercise at all.
    pub missing: &'static str,
    /// The heading of the tests ranked by pass rate.
    pub weakest_tests: &'static str,
    /// The heading of the tests table in `report.html`.
    pub tests_heading: &'static str,
    /// The heading of the score charts.
    pub distribution: &'static str,
    /// The heading of the submissions table.
    pub submission_list: &'static str,
    /// The heading of the per-student details.
    pub details: &'static str,
    /// The heading of the run's facts.
    pub about_run: &'static str,
    /// The seed.
    pub seed: &'static str,
    /// The date.
    pub date: &'static str,
    /// The grader's version.
    pub version: &'static str,
    /// The containment protections.
    pub protections: &'static str,
    /// Said when no protection is known.
    pub none: &'static str,
    /// The exercise column.
    pub exercise: &'static str,
    /// The test column.
    pub test: &'static str,
    /// The name column.
    pub name: &'static str,
    /// The score column.
    pub score: &'static str,
    /// The pass-rate column.
    pub pass_rate: &'static str,
    /// The hint column.
    pub hint: &'static str,
    /// The status column.
    pub status: &'static str,
    /// A passed test.
    pub passed: &'static str,
    /// A failed test.
    pub failed: &'static str,
    /// A test the grader could not run.
    pub error: &'static str,
    /// A public test.
    pub public: &'static str,
    /// A hidden test.
    pub hidden: &'static str,
    /// The link to a student's detail.
    pub open_detail: &'static str,
    /// Explains the sortable headers.
    pub sort_hint: &'static str,
    /// "submissions" on a chart's vertical axis.
    pub count_axis: &'static str,
    /// "points" on a chart's horizontal axis.
    pub points_axis: &'static str,
    /// The heading of a compiler log.
    pub build_failed: &'static str,
}

impl Labels {
    /// The labels of `lang`.
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }

    /// "K of N passed", in this language.
    pub fn passed_of(&self, passed: usize, of: usize) -> String {
        passed_of(self.lang, passed, of)
    }
}

catalogue! {
    /// "K of N passed".
    fn passed_of(passed: usize, of: usize) {
        en: "{passed} of {of} passed",
        zh: "{of} 人中 {passed} 人通过",
    }
}

const EN: Labels = Labels {
    lang: Lang::En,
    html_lang: "en",
    title: "netlab class report",
    class: "class",
    submissions: "submissions",
    total: "total",
    mean: "mean",
    median: "median",
    std_dev: "sd",
    range: "range",
    full_marks: "full marks",
    not_built: "did not compile",
    missing: "missing",
    weakest_tests: "weakest tests",
    tests_heading: "Tests by pass rate, weakest first",
    distribution: "Score distribution",
    submission_list: "Submissions",
    details: "Each student's results",
    about_run: "About this run",
    seed: "seed",
    date: "date",
    version: "grader version",
    protections: "containment",
    none: "none reported",
    exercise: "exercise",
    test: "test",
    name: "name",
    score: "score",
    pass_rate: "pass rate",
    hint: "hint",
    status: "status",
    passed: "passed",
    failed: "failed",
    error: "grader error",
    public: "public",
    hidden: "hidden",
    open_detail: "details",
    sort_hint: "Click a column's heading to sort by it.",
    count_axis: "submissions",
    points_axis: "points",
    build_failed: "did not compile",
};

const ZH: Labels = Labels {
    lang: Lang::Zh,
    html_lang: "zh-CN",
    title: "netlab 班级成绩报告",
    class: "班级",
    submissions: "份提交",
    total: "总分",
    mean: "平均",
    median: "中位数",
    std_dev: "标准差",
    range: "范围",
    full_marks: "满分",
    not_built: "未能编译",
    missing: "未提交",
    weakest_tests: "通过率最低的测试",
    tests_heading: "各测试的通过率（最低的在前）",
    distribution: "分数分布",
    submission_list: "提交列表",
    details: "每位学生的结果",
    about_run: "本次评分",
    seed: "随机种子",
    date: "日期",
    version: "评分器版本",
    protections: "隔离保护",
    none: "未报告",
    exercise: "练习",
    test: "测试",
    name: "姓名",
    score: "分数",
    pass_rate: "通过率",
    hint: "提示",
    status: "状态",
    passed: "通过",
    failed: "未通过",
    error: "评分器错误",
    public: "公开",
    hidden: "隐藏",
    open_detail: "详情",
    sort_hint: "点击列标题即可按该列排序。",
    count_axis: "提交数",
    points_axis: "分",
    build_failed: "未能编译",
};
