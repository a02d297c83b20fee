//! Bytes → text: UTF-8 (a byte-order mark dropped), UTF-16 and UTF-32
//! with a byte-order mark, or Windows-1252 when that is plainly what it
//! is. Anything else is named for what it looks like and not read.

use std::path::Path;

use super::CorpusError;

/// Decoded text and, when it was not plain UTF-8, a note saying how it was
/// read.
pub(super) struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

pub(super) fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded, CorpusError> {
    // UTF-32's marks first: UTF-32LE's begins with UTF-16LE's
    for (bom, big_endian, name) in [
        (&b"\xFF\xFE\x00\x00"[..], false, "UTF-32LE"),
        (&b"\x00\x00\xFE\xFF"[..], true, "UTF-32BE"),
    ] {
        if let Some(body) = bytes.strip_prefix(bom) {
            return decode_utf32(path, body, big_endian).map(|text| Decoded {
                text,
                note: Some(format!("{}: decoded as {name}", path.display())),
            });
        }
    }
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, _, bad) = encoding.decode(bytes);
        if !bad {
            return Ok(Decoded {
                text: text.into_owned(),
                note: Some(format!(
                    "{}: decoded as {}",
                    path.display(),
                    encoding.name()
                )),
            });
        }
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        if let Some(order) = utf16_without_bom(bytes) {
            return Err(CorpusError::Utf16WithoutBom {
                path: path.to_path_buf(),
                order,
            });
        }
        return Err(CorpusError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => {
            if is_binary(text) {
                return Err(CorpusError::Binary {
                    path: path.to_path_buf(),
                    offset: 0,
                });
            }
            Ok(Decoded {
                text: text.to_string(),
                note: None,
            })
        }
        Err(e) => {
            let offset = e.valid_up_to() + (bytes.len() - body.len());
            let byte = bytes[offset];
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            // Windows-1252 decodes every byte; it is the file's encoding only
            // if no byte became a control character it leaves undefined.
            let plausible = !text.chars().any(|c| {
                ('\u{80}'..='\u{9F}').contains(&c)
                    || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            });
            if plausible {
                Ok(Decoded {
                    text: text.into_owned(),
                    note: Some(format!(
                        "{}: not UTF-8 (invalid byte 0x{byte:02X} at offset {offset}); decoded as Windows-1252",
                        path.display()
                    )),
                })
            } else {
                Err(CorpusError::NotText {
                    path: path.to_path_buf(),
                    offset,
                    byte,
                })
            }
        }
    }
}

fn decode_utf32(path: &Path, body: &[u8], big_endian: bool) -> Result<String, CorpusError> {
    let bad = |offset: usize| CorpusError::BadUtf32 {
        path: path.to_path_buf(),
        offset: offset + 4,
    };
    if !body.len().is_multiple_of(4) {
        return Err(bad(body.len() - body.len() % 4));
    }
    body.chunks_exact(4)
        .enumerate()
        .map(|(i, unit)| {
            let unit: [u8; 4] = unit.try_into().expect("chunks of four");
            let value = if big_endian {
                u32::from_be_bytes(unit)
            } else {
                u32::from_le_bytes(unit)
            };
            char::from_u32(value).ok_or(bad(i * 4))
        })
        .collect()
}

/// "little-endian" or "big-endian" when the bytes look like UTF-16 text
/// without a byte-order mark: most even (or odd) bytes NUL, the others
/// mostly printable ASCII.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let pairs = bytes.len() / 2;
    if pairs < 4 {
        return None;
    }
    let count = |zero_at: usize| {
        bytes
            .chunks_exact(2)
            .filter(|p| p[zero_at] == 0 && p[1 - zero_at] != 0)
            .count()
    };
    let (le, be) = (count(1), count(0));
    if le * 10 >= pairs * 9 {
        Some("little-endian")
    } else if be * 10 >= pairs * 9 {
        Some("big-endian")
    } else {
        None
    }
}

/// Text with many control characters is data, not a statement.
fn is_binary(text: &str) -> bool {
    let total = text.chars().count().max(1);
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    control * 100 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf32(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            b"\x00\x00\xFE\xFF".to_vec()
        } else {
            b"\xFF\xFE\x00\x00".to_vec()
        };
        for c in text.chars() {
            let v = c as u32;
            out.extend(if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf32_with_a_mark_is_decoded_not_taken_for_utf16() {
        let p = Path::new("a.txt");
        for be in [false, true] {
            let d = decode(p, &utf32("India and France met in Paris.", be))
                .ok()
                .unwrap();
            assert_eq!(d.text, "India and France met in Paris.");
            assert!(d.note.unwrap().contains("UTF-32"));
        }
    }

    #[test]
    fn utf16_without_a_mark_is_named_as_such() {
        let le: Vec<u8> = "India and France met."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = decode(Path::new("a.txt"), &le).err().unwrap().to_string();
        assert!(
            e.contains("UTF-16 (little-endian) without a byte-order mark"),
            "{e}"
        );
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        let e = decode(Path::new("b.png"), png).err().unwrap().to_string();
        assert!(e.contains("binary data"), "{e}");
    }
}
