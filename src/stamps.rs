//! Lists of files as last seen (the hash of the bytes, the size and the modification time), so
//! that a file whose size and time did not change need not be read again: the output folder's
//! manifest (`output`) and the picture store's index of source files (`images::store`). One
//! line per file, `hash<TAB>size<TAB>time<TAB>path`, sorted.

use std::collections::HashMap;
use std::fs;

/// A file as last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub hash: u64,
    pub size: u64,
    /// Modification time in nanoseconds since 1970 (0 where the system does not say).
    pub time: u128,
}

impl Stamp {
    /// The stamp of a file with these metadata, whose bytes hash to `hash`.
    pub fn of(meta: &fs::Metadata, hash: u64) -> Stamp {
        Stamp { hash, size: meta.len(), time: mtime(meta) }
    }

    /// Whether the file with these metadata is still the one stamped (its hash is not checked).
    pub fn matches(&self, meta: &fs::Metadata) -> bool {
        self.size == meta.len() && self.time == mtime(meta)
    }
}

pub fn mtime(meta: &fs::Metadata) -> u128 {
    meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos())
}

/// Reads the lines of a list; lines that do not read are left out (the file is read again).
pub fn read(text: &str) -> HashMap<String, Stamp> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, '\t');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let size = parts.next()?.parse().ok()?;
            let time = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_owned(), Stamp { hash, size, time }))
        })
        .collect()
}

/// The lines of a list, sorted, each ending in a newline. Tabs and line breaks in a path
/// become spaces (such a path is only read again).
pub fn write<'a>(stamps: impl Iterator<Item = (&'a String, &'a Stamp)>) -> String {
    let mut lines: Vec<String> = stamps
        .map(|(path, s)| format!("{:016x}\t{}\t{}\t{}\n", s.hash, s.size, s.time, path.replace(['\t', '\n'], " ")))
        .collect();
    lines.sort();
    lines.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_reads_back_as_written_and_skips_what_does_not_read() {
        let mut stamps = HashMap::new();
        stamps.insert("a/b c.jpg".to_string(), Stamp { hash: 0xabc, size: 12, time: 1_700_000_000_123_456_789 });
        stamps.insert("x".to_string(), Stamp { hash: u64::MAX, size: 0, time: 0 });
        let text = write(stamps.iter());
        assert_eq!(read(&text), stamps);
        assert_eq!(read(&format!("# a comment\nnot\ta\tline\n{text}")), stamps);
    }
}
