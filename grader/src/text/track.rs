//! What a language track (a Python exercise, say) tells a student beyond the
//! runner's own texts.

use crate::text::catalogue;

catalogue! {
    /// The submission lacks the exercise's file.
    pub(crate) fn missing_file(file: &str, id: &str, looked: &str) {
        en: "the submission has no `{file}` for `{id}`, so no test of it could run (looked for {looked})",
        zh: "提交里没有 `{id}` 的 `{file}`，所以它的测试都无法运行（查找了 {looked}）",
    }
}
