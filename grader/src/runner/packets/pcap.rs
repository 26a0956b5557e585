//! The classic pcap file format (what Wireshark and tcpdump read): a 24-byte
//! global header, then per frame a 16-byte record header and its bytes.

use std::io::{self, Write};
use std::path::Path;

use super::Frame;
pub(crate) use super::capture::SNAP_LEN;

/// The magic number of a pcap file with microsecond times.
const MAGIC: u32 = 0xa1b2_c3d4;
/// `LINKTYPE_ETHERNET`: loopback frames carry an Ethernet header.
const LINKTYPE_ETHERNET: u32 = 1;

/// Writes `frames` to `path` as a pcap file (creating its folder).
pub fn write_pcap(path: &Path, frames: &[Frame]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut out = io::BufWriter::new(std::fs::File::create(path)?);
    write_to(&mut out, frames)?;
    out.flush()
}

/// Writes the pcap bytes of `frames` to `out` (little-endian, as the magic says).
fn write_to(out: &mut impl Write, frames: &[Frame]) -> io::Result<()> {
    out.write_all(&MAGIC.to_le_bytes())?;
    out.write_all(&2u16.to_le_bytes())?; // version 2.4
    out.write_all(&4u16.to_le_bytes())?;
    out.write_all(&0i32.to_le_bytes())?; // times are UTC
    out.write_all(&0u32.to_le_bytes())?; // accuracy of the times
    out.write_all(&(SNAP_LEN as u32).to_le_bytes())?;
    out.write_all(&LINKTYPE_ETHERNET.to_le_bytes())?;
    for frame in frames {
        let secs = u32::try_from(frame.when.as_secs()).unwrap_or(u32::MAX);
        out.write_all(&secs.to_le_bytes())?;
        out.write_all(&frame.when.subsec_micros().to_le_bytes())?;
        out.write_all(&(frame.bytes.len() as u32).to_le_bytes())?;
        out.write_all(
            &u32::try_from(frame.wire_len)
                .unwrap_or(u32::MAX)
                .to_le_bytes(),
        )?;
        out.write_all(&frame.bytes)?;
    }
    Ok(())
}

/// Writes one `.pcap` per test of `results` that kept frames, as
/// `DIR/<exercise>/<test>.pcap` (names reduced to safe characters);
/// returns how many were written.
pub fn write_pcaps<'a>(
    dir: &Path,
    results: impl IntoIterator<Item = &'a crate::outcome::TestResult>,
) -> io::Result<usize> {
    let mut written = 0;
    for result in results {
        let Some(packets) = &result.packets else {
            continue;
        };
        if packets.frames.is_empty() {
            continue;
        }
        let path = dir
            .join(safe_name(&result.exercise))
            .join(format!("{}.pcap", safe_name(&result.name)));
        write_pcap(&path, &packets.frames)?;
        written += 1;
    }
    Ok(written)
}

/// `name` with anything but letters, digits, `-`, `_` and `.` made `_`,
/// and never `.` or `..`.
fn safe_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.trim_matches('.').is_empty() {
        format!("_{safe}")
    } else {
        safe
    }
}
