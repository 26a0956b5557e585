//! The cache on its own: hits, corruption, eviction, writers at once.

use super::*;

fn key(n: u8) -> String {
    hex(&Sha256::digest([n]))
}

fn binary(dir: &Path, name: &str, bytes: &[u8]) -> (String, PathBuf) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    (name.to_string(), path)
}

#[test]
fn a_stored_build_comes_back_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = Cache::open(&tmp.path().join("cache"), DEFAULT_CACHE_BYTES).unwrap();
    let built = binary(tmp.path(), "tcp-server", b"\x7fELF server");
    assert_eq!(cache.get(&key(1), &tmp.path().join("out")), None);
    cache.put_built(&key(1), &[built]).unwrap();
    let out = tmp.path().join("out");
    let Some(Hit::Built(programs)) = cache.get(&key(1), &out) else {
        panic!("a hit");
    };
    assert_eq!(
        programs,
        vec![("tcp-server".to_string(), out.join("tcp-server"))]
    );
    assert_eq!(
        std::fs::read(out.join("tcp-server")).unwrap(),
        b"\x7fELF server"
    );
    cache
        .put_failed(&key(2), "error[E0308]: mismatched types")
        .unwrap();
    assert_eq!(
        cache.get(&key(2), &out),
        Some(Hit::Failed("error[E0308]: mismatched types".into()))
    );
}

#[test]
fn a_corrupted_entry_is_removed_not_used() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cache");
    let cache = Cache::open(&dir, DEFAULT_CACHE_BYTES).unwrap();
    cache
        .put_built(&key(1), &[binary(tmp.path(), "a", b"good bytes")])
        .unwrap();
    // Same size, other bytes: only the hash tells.
    std::fs::write(
        dir.join("entries").join(key(1)).join("bin-0"),
        b"evil bytes",
    )
    .unwrap();
    assert_eq!(cache.get(&key(1), &tmp.path().join("out")), None);
    assert!(!dir.join("entries").join(key(1)).exists(), "removed");

    cache.put_failed(&key(2), "error: x").unwrap();
    let record = dir.join("entries").join(key(2)).join(RECORD);
    let text = std::fs::read_to_string(&record).unwrap();
    std::fs::write(&record, text.replace("error: x", "error: y")).unwrap();
    assert_eq!(cache.get(&key(2), &tmp.path().join("out")), None);
    assert!(!dir.join("entries").join(key(2)).exists(), "removed");
}

#[test]
fn the_least_recently_used_entries_go_first() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cache");
    // Room for three and a half entries like these, records included.
    let probe = Cache::open(&tmp.path().join("probe"), u64::MAX).unwrap();
    probe
        .put_built(&key(1), &[binary(tmp.path(), "p", &[1; 1000])])
        .unwrap();
    let size = folder_size(&tmp.path().join("probe/entries").join(key(1)));
    let cache = Cache::open(&dir, size * 7 / 2).unwrap();
    let out = tmp.path().join("out");
    for n in 1..=3 {
        cache
            .put_built(&key(n), &[binary(tmp.path(), "p", &[n; 1000])])
            .unwrap();
        // File times are coarse on some file systems: order them plainly.
        let when = SystemTime::now() - Duration::from_secs(100 - u64::from(n));
        std::fs::File::options()
            .write(true)
            .open(dir.join("entries").join(key(n)).join(RECORD))
            .unwrap()
            .set_modified(when)
            .unwrap();
    }
    assert!(
        cache.get(&key(1), &out).is_some(),
        "1 is now the most recent"
    );
    cache
        .put_built(&key(4), &[binary(tmp.path(), "p", &[4; 1000])])
        .unwrap();
    assert!(
        cache.get(&key(2), &out).is_none(),
        "2 was the least recently used"
    );
    for n in [1, 3, 4] {
        assert!(cache.get(&key(n), &out).is_some(), "{n} is kept");
    }
}

#[test]
fn graders_writing_and_reading_at_once_never_see_a_broken_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cache");
    let payload: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::thread::scope(|scope| {
        for worker in 0..4 {
            let (dir, payload, tmp) = (&dir, &payload, tmp.path());
            scope.spawn(move || {
                // Each "grader" opens the shared folder on its own.
                let cache = Cache::open(dir, 1 << 30).unwrap();
                let src = tmp.join(format!("src-{worker}"));
                std::fs::create_dir_all(&src).unwrap();
                for round in 0..20u8 {
                    let k = key(round % 5);
                    let out = tmp.join(format!("out-{worker}-{round}"));
                    match cache.get(&k, &out) {
                        Some(Hit::Built(programs)) => {
                            assert_eq!(&std::fs::read(&programs[0].1).unwrap(), payload);
                        }
                        Some(Hit::Failed(log)) => panic!("never stored: {log}"),
                        None => cache.put_built(&k, &[binary(&src, "p", payload)]).unwrap(),
                    }
                }
            });
        }
    });
    let entries = std::fs::read_dir(dir.join("entries")).unwrap().count();
    assert_eq!(entries, 5);
}
