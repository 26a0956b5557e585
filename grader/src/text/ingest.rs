//! Why ingest refused part of a submission: one sentence per reason, naming
//! the path concerned, and the names of the special file kinds it mentions.

use crate::text::catalogue;

catalogue! {
    /// A symbolic link.
    pub(crate) fn link(path: &str) {
        en: "`{path}` is a symbolic link: links are not graded, submit the files themselves",
        zh: "`{path}` 是符号链接：链接不参与评分，请提交文件本身",
    }
    /// A FIFO, socket or device (`kind` is one of the kind names below).
    pub(crate) fn special(path: &str, kind: &str) {
        en: "`{path}` is a {kind}, not a regular file: only regular files are graded",
        zh: "`{path}` 是{kind}，不是普通文件：只有普通文件参与评分",
    }
    /// A named pipe.
    pub(crate) fn fifo() { en: "fifo", zh: "命名管道" }
    /// A Unix socket.
    pub(crate) fn socket() { en: "socket", zh: "套接字" }
    /// A block device.
    pub(crate) fn block_device() { en: "block device", zh: "块设备" }
    /// A character device.
    pub(crate) fn character_device() { en: "character device", zh: "字符设备" }
    /// Any other kind of file that is not regular.
    pub(crate) fn special_file() { en: "special file", zh: "特殊文件" }
    /// A file where a folder belongs.
    pub(crate) fn not_a_folder(path: &str) {
        en: "`{path}` is not a folder",
        zh: "`{path}` 不是文件夹",
    }
    /// A folder where a file belongs.
    pub(crate) fn not_a_file(path: &str) {
        en: "`{path}` is not a regular file",
        zh: "`{path}` 不是普通文件",
    }
    /// More files than a source tree may hold.
    pub(crate) fn too_many_files(path: &str, limit: usize) {
        en: "`{path}` holds more than {limit} files: submit only your source files",
        zh: "`{path}` 中的文件超过 {limit} 个：只提交源文件",
    }
    /// One file larger than a source file may be.
    pub(crate) fn file_too_large(path: &str, size: u64, limit: u64) {
        en: "`{path}` is {size} bytes, more than the {limit} bytes a source file may have",
        zh: "`{path}` 有 {size} 字节，超过源文件上限 {limit} 字节",
    }
    /// All files together larger than a source tree may be.
    pub(crate) fn too_large(path: &str, limit: u64) {
        en: "the files under `{path}` come to more than {limit} bytes",
        zh: "`{path}` 下的文件总计超过 {limit} 字节",
    }
    /// Folders nested deeper than allowed.
    pub(crate) fn too_deep(path: &str, limit: usize) {
        en: "`{path}` is nested more than {limit} folders deep",
        zh: "`{path}` 的文件夹嵌套超过 {limit} 层",
    }
    /// A path longer than allowed.
    pub(crate) fn path_too_long(path: &str, limit: usize) {
        en: "`{path}` is a path longer than {limit} bytes",
        zh: "`{path}` 的路径超过 {limit} 字节",
    }
    /// A name that is not UTF-8.
    pub(crate) fn bad_name(path: &str) {
        en: "`{path}` has a name that is not UTF-8",
        zh: "`{path}` 的名称不是 UTF-8",
    }
    /// The file system refused to read it.
    pub(crate) fn unreadable(path: &str, error: &str) {
        en: "`{path}` cannot be read ({error})",
        zh: "无法读取 `{path}`（{error}）",
    }
}
