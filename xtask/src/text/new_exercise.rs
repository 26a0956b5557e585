//! The texts of `new-exercise`: why a scaffold cannot be written, and what
//! was written.

use grader::text::catalogue;

catalogue! {
    /// Writing the scaffold failed.
    pub(crate) fn cannot_write() {
        en: "cannot write the scaffold (nothing of it was kept)",
        zh: "无法写入练习骨架（已撤销写入的内容）",
    }
    /// The id is malformed.
    pub(crate) fn bad_id(id: &str) {
        en: "`{id}` is not an exercise id: use lowercase letters, digits and single `-`, starting with a letter \
             (such as `udp-echo`), at most 40 characters, not ending in `-solution`",
        zh: "`{id}` 不能作为练习 id：只用小写字母、数字和单个 `-`，以字母开头（例如 `udp-echo`），\
             不超过 40 个字符，且不以 `-solution` 结尾",
    }
    /// The folder is malformed.
    pub(crate) fn bad_folder(folder: &str) {
        en: "`{folder}` is not an exercise folder: use `NN-topic`, two digits, `-`, then lowercase words joined by `-` \
             (such as `04-udp-echo`)",
        zh: "`{folder}` 不能作为练习文件夹：格式为 `NN-主题`，即两位数字、`-`，再接用 `-` 连接的小写单词（例如 `04-udp-echo`）",
    }
    /// The id or folder belongs to an exercise.
    pub(crate) fn exercise_exists(id: &str, folder: &str) {
        en: "exercise `{id}` already exists in `exercises/{folder}`: choose another id and folder",
        zh: "练习 `{id}` 已经存在（`exercises/{folder}`）：请换一个 id 和文件夹",
    }
    /// The folder's number belongs to an exercise.
    pub(crate) fn number_taken(number: &str, folder: &str) {
        en: "the number `{number}` is taken by `exercises/{folder}`: choose a free one",
        zh: "编号 `{number}` 已被 `exercises/{folder}` 使用：请换一个未用的编号",
    }
    /// The id names a package or program.
    pub(crate) fn name_taken(id: &str) {
        en: "`{id}` already names a package or program of this workspace: choose another id",
        zh: "`{id}` 已是本工作区中某个包或程序的名字：请换一个 id",
    }
    /// A path the scaffold claims exists.
    pub(crate) fn path_exists(path: &str) {
        en: "`{path}` already exists: remove it or choose another folder",
        zh: "`{path}` 已经存在：请删除它或换一个文件夹",
    }
    /// The README has no table to add the exercise to.
    pub(crate) fn no_readme_table() {
        en: "README.md has no exercise table (`| Exercise | Folder | What you build |`): add the row by hand",
        zh: "README.md 中没有练习表（`| Exercise | Folder | What you build |`）：请手动加入一行",
    }
    /// The heading of what was written.
    pub(crate) fn created(id: &str, folder: &str) {
        en: "new exercise `{id}` in exercises/{folder}:",
        zh: "新练习 `{id}`，位于 exercises/{folder}：",
    }
    /// `Cargo.lock` could not be refreshed.
    pub(crate) fn lock_not_updated(err: &anyhow::Error) {
        en: "  ! Cargo.lock not updated ({err:#}): the next `cargo build` adds the new packages; commit it",
        zh: "  ! 未能更新 Cargo.lock（{err:#}）：下一次 `cargo build` 会加入新包；请提交它",
    }
    /// What to do after the scaffold is written.
    pub(crate) fn next_verify(id: &str) {
        en: "next: `cargo xtask verify {id}` proves the scaffold; then replace its statement, stub, solution, tests and variant \
             (README.md, \"Adding an exercise\")",
        zh: "下一步：`cargo xtask verify {id}` 验证这个骨架；然后替换它的题目、待填代码、参考答案、测试和错误变体\
             （见 README.md 的 \"Adding an exercise\"）",
    }
}
