#!/usr/bin/env python3
"""Writes the known-wrong variants of file-seek as patches to the reference solution.

    python3 grader/variants/03-file-seek/make-patches.py

Each variant is a few exact replacements in solutions/03-file-seek/src/main.rs;
the patch is `diff -u` of the result, labelled a/src/main.rs and b/src/main.rs,
with the description on top. Rerun it after changing the solution.
"""
import os, subprocess, tempfile
ROOT=os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
SRC=os.path.join(ROOT,"solutions/03-file-seek/src/main.rs")
OUT=os.path.join(ROOT,"grader/variants/03-file-seek")
base=open(SRC).read()
V={}
def variant(name, desc, *pairs):
    V[name]=(desc,pairs)

variant("reads-the-whole-file",
"Reads the whole file on every `read`, then keeps the bytes at the position.\nSame output everywhere, but a 10-byte read at the end of a 4 GiB file reads (and holds) 4 GiB.",
("""            // Only the bytes asked for are read, and the buffer grows with what comes.
            let mut bytes = Vec::new();
            match limit {
                None => file.read_to_end(&mut bytes),
                Some(n) => Read::take(&mut *file, *n).read_to_end(&mut bytes),
            }
            .map_err(|e| format!("read: {e}"))?;
""","""            // Read everything, then keep the part asked for.
            let position = file.stream_position().map_err(|e| e.to_string())?;
            let mut all = Vec::new();
            file.seek(SeekFrom::Start(0))
                .and_then(|_| file.read_to_end(&mut all))
                .map_err(|e| format!("read: {e}"))?;
            let start = usize::try_from(position).unwrap_or(usize::MAX).min(all.len());
            let end = match limit {
                None => all.len(),
                Some(n) => start
                    .saturating_add(usize::try_from(*n).unwrap_or(usize::MAX))
                    .min(all.len()),
            };
            let mut bytes = all[start..end].to_vec();
            file.seek(SeekFrom::Start(position.max(end as u64)))
                .map_err(|e| format!("read: {e}"))?;
"""))

variant("append-writes-at-the-position",
"Appends write at the current position: `a` and `a+` open without O_APPEND.\nA write after a seek overwrites instead of going to the end.",
("""        Mode::A => options.append(true).create(true),
        Mode::APlus => options.read(true).append(true).create(true),""",
"""        Mode::A => options.write(true).create(true),
        Mode::APlus => options.read(true).write(true).create(true),"""))

variant("r-plus-truncates",
"Opens `r+` with `truncate(true)`: the file is emptied instead of kept.",
("""        Mode::RPlus => options.read(true).write(true),""",
"""        Mode::RPlus => options.read(true).write(true).truncate(true),"""))

variant("negative-seek-clamps-to-zero",
"A seek to a negative position goes to 0 instead of being an error.",
("""            let target = u64::try_from(target).map_err(|_| {
                format!("seek: {base} + {offset} = {target} is before the start of the file")
            })?;""",
"""            let target = u64::try_from(target).unwrap_or(0);"""))

variant("tell-off-after-a-write",
"`tell` is off after a write: the position is counted by hand and writes are forgotten.\n`tell` after a write prints the position from before the write.",
("""    for op in &invocation.ops {
        apply(&mut file, invocation.mode, op, out)?;
    }""",
"""    let mut position = file.stream_position().map_err(|e| e.to_string())?;
    for op in &invocation.ops {
        if *op == Op::Tell {
            writeln!(out, "{position}").map_err(|e| e.to_string())?;
            continue;
        }
        apply(&mut file, invocation.mode, op, out)?;
        if !matches!(op, Op::Write(_)) {
            position = file.stream_position().map_err(|e| e.to_string())?;
        }
    }"""))

variant("append-starts-at-zero",
"Append modes start at 0: opening `a` or `a+` does not move to the end.\nO_APPEND alone starts at 0, so `tell` says 0 and an `a+` read starts at the beginning.",
("""    if matches!(mode, Mode::A | Mode::APlus) {
        // Python starts append modes at the end; O_APPEND alone starts at 0.
        file.seek(SeekFrom::End(0))?;
    }
""", ""))

variant("zero-byte-ops-skip-the-mode-check",
"`read:0` in `w`/`a` and `write:` in `r` are accepted instead of being errors.\nThe direction is left to the system, and 0 bytes make no system call.",
("""            if matches!(mode, Mode::W | Mode::A) {""", """            if matches!(mode, Mode::W | Mode::A) && *limit != Some(0) {"""),
("""            if mode == Mode::R {""", """            if mode == Mode::R && !text.is_empty() {"""))

variant("opens-before-parsing-the-ops",
"Opens the file before parsing the OPs, so a usage error comes too late.\nIt still exits 2, but mode `w` has already truncated the file and `a` has created it.",
("""    let ops = args
        .map(""", """    let _ = open(mode, std::path::Path::new(&path));
    let ops = args
        .map("""))

variant("lossy-utf8-output",
"Prints what it read as text, so bytes that are not UTF-8 come out as U+FFFD.\nIt uses `String::from_utf8_lossy` instead of writing the bytes.",
("""            out.write_all(&bytes).map_err(printing)?;""",
"""            out.write_all(String::from_utf8_lossy(&bytes).as_bytes())
                .map_err(printing)?;"""))

variant("read-allocates-n-bytes",
"Allocates N bytes up front for `read:N`, so `read:1000000000000` asks for a terabyte.\nIt also reads only once.",
("""                Some(n) => Read::take(&mut *file, *n).read_to_end(&mut bytes),""",
"""                Some(n) => {
                    bytes = vec![0; usize::try_from(*n).unwrap_or(usize::MAX)];
                    let got = file.read(&mut bytes);
                    bytes.truncate(*got.as_ref().unwrap_or(&0));
                    got
                }"""))

variant("write-text-stops-at-a-colon",
"Cuts TEXT at its first colon: `write:12:30` writes `12`.\nIt splits `write:TEXT` at every colon and keeps the first field.",
("""        (b"write", Some(text)) => Ok(Op::Write(text.to_vec())),""",
"""        (b"write", Some(text)) => Ok(Op::Write(
            text.split(|&b| b == b':').next().unwrap_or_default().to_vec(),
        )),"""))

variant("read-to-the-end-reads-once",
"Reads to the end with a single 1 KiB read, so a longer file is cut short.",
("""                None => file.read_to_end(&mut bytes),""",
"""                None => {
                    bytes = vec![0; 1024];
                    let got = file.read(&mut bytes);
                    bytes.truncate(*got.as_ref().unwrap_or(&0));
                    got
                }"""))


variant("append-does-not-create",
"Opens `a` and `a+` without `create(true)`: a missing file is an error instead of being created.",
("""        Mode::A => options.append(true).create(true),
        Mode::APlus => options.read(true).append(true).create(true),""",
"""        Mode::A => options.append(true),
        Mode::APlus => options.read(true).append(true),"""))

variant("w-does-not-truncate",
"Opens `w` and `w+` without `truncate(true)`: old bytes past the new ones stay in the file.",
("""        Mode::W => options.write(true).create(true).truncate(true),
        Mode::WPlus => options.read(true).write(true).create(true).truncate(true),""",
"""        Mode::W => options.write(true).create(true),
        Mode::WPlus => options.read(true).write(true).create(true),"""))

variant("r-plus-creates-a-missing-file",
"Opens `r+` with `create(true)`: a missing file is created instead of being an error.",
("""        Mode::RPlus => options.read(true).write(true),""",
"""        Mode::RPlus => options.read(true).write(true).create(true),"""))

variant("whence-1-counts-from-the-start",
"Treats WHENCE 1 like WHENCE 0: `seek:2:1` goes to 2, not 2 bytes on.",
("""                Whence::Current => file.stream_position().map_err(|e| e.to_string())?,""",
"""                Whence::Current => 0,"""))

variant("whence-2-subtracts-the-offset",
"Reads `seek:N:2` as N bytes back from the end: the OFFSET's sign is flipped for WHENCE 2.",
("""                .and_then(|base| base.checked_add(*offset))""",
"""                .and_then(|base| {
                    if *whence == Whence::End {
                        base.checked_sub(*offset)
                    } else {
                        base.checked_add(*offset)
                    }
                })"""))

variant("read-0-reads-to-the-end",
"Takes `read:0` to mean \"to the end\", like `read` and `read:-1`.",
("""            -1 => Ok(Op::Read(None)),""", """            -1 | 0 => Ok(Op::Read(None)),"""))

variant("empty-read-prints-nothing",
"Prints nothing, not even `\\n`, for a read that got no bytes (at or past the end, or `read:0`).",
("""            bytes.push(b'\\n');""", """            if !bytes.is_empty() {
                bytes.push(b'\\n');
            }"""))

variant("bad-mode-falls-back-to-r-plus",
"Opens an unknown MODE as `r+` instead of making it a usage error.",
("""        other => return Err(format!("bad MODE `{other}`: use r, r+, w, w+, a or a+")),""",
"""        _ => Mode::RPlus,"""))

variant("panics-without-path",
"Panics (exit status 101) when PATH is missing, instead of a usage error.",
("""args.next().ok_or("no PATH given")?""", """args.next().expect("no PATH given")"""))

for old in os.listdir(OUT):
    if old.endswith(".patch"):
        os.remove(os.path.join(OUT, old))
TMP=tempfile.mkdtemp(prefix="file-seek-variants-")
for name,(desc,pairs) in V.items():
    text=base
    for a,b in pairs:
        assert text.count(a)>=1, (name,a)
        text=text.replace(a,b)
    d=os.path.join(TMP, name, "src"); os.makedirs(d,exist_ok=True)
    open(f"{d}/main.rs","w").write(text)
    diff=subprocess.run(["diff","-u","--label","a/src/main.rs","--label","b/src/main.rs",SRC,f"{d}/main.rs"],capture_output=True,text=True).stdout
    assert diff
    open(os.path.join(OUT,name+".patch"),"w").write(desc+"\n\n"+diff)
print(f"wrote {len(V)} patches; patched sources in {TMP}")
