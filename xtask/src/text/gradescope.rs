//! The texts of `gradescope` and `dist`: what a Gradescope submission and a
//! student copy tell their reader.

use grader::text::catalogue;

catalogue! {
    /// The upload is a repository.
    pub(crate) fn graded_repository() {
        en: "Graded your repository (its `exercises/` folder).",
        zh: "已按仓库结构评分（`exercises/` 文件夹）。",
    }
    /// The upload is one folder holding a repository.
    pub(crate) fn graded_folder(name: &str) {
        en: "Graded the repository in `{name}/`.",
        zh: "已按 `{name}/` 中的仓库评分。",
    }
    /// The upload holds no file of an exercise.
    pub(crate) fn no_exercise_files() {
        en: "No exercise files found in your upload: submit your repository, or files such as `01-tcp-server/src/main.rs`.",
        zh: "上传的内容中没有找到练习文件：请提交你的仓库，或 `01-tcp-server/src/main.rs` 这样的文件。",
    }
    /// Before the list of uploaded files that were graded.
    pub(crate) fn graded_files() {
        en: "Graded your uploaded files: ",
        zh: "已评分你上传的文件：",
    }
    /// Before the list of uploaded files that were not graded.
    pub(crate) fn not_graded() {
        en: "Not graded (not part of an exercise, a link, or over 1 MiB): ",
        zh: "未评分（不属于任何练习、是链接或超过 1 MiB）：",
    }
    /// An instructor's command run in a student copy.
    pub(crate) fn instructor_only(name: &str) {
        en: "error: `cargo xtask {name}` is an instructor's command: it needs the reference solutions, \
             hidden tests and known-wrong variants, which this student copy does not hold.\n\
             Run your public tests with `cargo xtask check`.",
        zh: "错误：`cargo xtask {name}` 是教师使用的命令：它需要参考答案、隐藏测试和已知错误的变体，\
             而这份学生副本中没有这些。\n用 `cargo xtask check` 运行你的公开测试。",
    }
}
