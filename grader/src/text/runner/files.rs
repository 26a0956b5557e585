//! What the file steps tell a student: files the test created and checked.

use crate::text::catalogue;

catalogue! {
    /// A file the test created with bytes.
    pub(crate) fn created_file(path: &str, len: usize, shown: &str) {
        en: "created `{path}` holding {len} byte(s): {shown}",
        zh: "创建了 `{path}`，共 {len} 字节：{shown}",
    }
    /// A sparse file the test created.
    pub(crate) fn created_sparse(path: &str, size: u64) {
        en: "created `{path}`: {size} zero bytes (a sparse file)",
        zh: "创建了 `{path}`：{size} 个零字节（稀疏文件）",
    }
    /// A file exists, as expected.
    pub(crate) fn file_exists(path: &str) {
        en: "`{path}` exists",
        zh: "`{path}` 存在",
    }
    /// A file does not exist, as expected.
    pub(crate) fn file_absent(path: &str) {
        en: "`{path}` does not exist",
        zh: "`{path}` 不存在",
    }
    /// A file should exist.
    pub(crate) fn expected_to_exist(path: &str) {
        en: "expected `{path}` to exist, but it does not",
        zh: "`{path}` 应当存在，但它不存在",
    }
    /// A file should not exist.
    pub(crate) fn expected_no_file(path: &str, len: u64) {
        en: "expected no file `{path}`, but there is one ({len} bytes)",
        zh: "不应有文件 `{path}`，但它存在（{len} 字节）",
    }
    /// A file to check is missing.
    pub(crate) fn expected_a_file(path: &str) {
        en: "expected a file `{path}`, but there is none",
        zh: "应当有文件 `{path}`，但没有找到",
    }
    /// Not a plain file.
    pub(crate) fn expected_plain_file(path: &str) {
        en: "expected `{path}` to be a plain file",
        zh: "`{path}` 应当是普通文件",
    }
    /// A file has the expected size.
    pub(crate) fn file_size(path: &str, size: u64) {
        en: "`{path}` is {size} bytes long",
        zh: "`{path}` 长 {size} 字节",
    }
    /// A file has another size.
    pub(crate) fn wrong_file_size(path: &str, size: u64, len: u64) {
        en: "expected `{path}` to be {size} bytes long, but it is {len} bytes long",
        zh: "`{path}` 应长 {size} 字节，实际长 {len} 字节",
    }
    /// A file is far longer than the bytes it should hold.
    pub(crate) fn file_too_long(path: &str, expected: usize, len: u64) {
        en: "expected `{path}` to hold {expected} byte(s), but it is {len} bytes long",
        zh: "`{path}` 应包含 {expected} 字节，实际长 {len} 字节",
    }
    /// A file holds the expected bytes.
    pub(crate) fn file_holds(path: &str, len: usize, shown: &str) {
        en: "`{path}` holds {len} byte(s): {shown}",
        zh: "`{path}` 包含 {len} 字节：{shown}",
    }
    /// A file holds other bytes.
    pub(crate) fn wrong_file_contents(path: &str) {
        en: "wrong contents of `{path}`",
        zh: "`{path}` 的内容不对",
    }
}
