//! LSP's base protocol: `Content-Length` framed JSON on a byte stream. Our own reader rather
//! than lsp-server's, which allocates whatever length a header announces (a header of
//! 18446744073709551615 aborted the process) and ends the connection on the first bad
//! message. Here a length is bounded before anything is allocated, the body is read as it
//! arrives, and a bad frame or body is reported and skipped: only the end of the stream ends
//! the reader.

use serde_json::Value;
use std::io::{self, BufRead, Read, Write};

/// The longest message accepted: a full-sync change of a 5 MB document is about that much
/// JSON; 64 times more is no editor's.
pub(crate) const MAX_MESSAGE: u64 = 320 * 1024 * 1024;

/// The longest header line read before the line is given up on (a header is ~30 bytes).
const MAX_HEADER_LINE: u64 = 4096;

/// What the reader makes of the next frame.
#[derive(Debug)]
pub(crate) enum Incoming {
    /// A well-formed JSON message.
    Message(Value),
    /// A frame that could not be used; the text says why (for the client's log).
    Malformed(String),
    /// The body is not JSON: the client gets a `ParseError` response.
    NotJson(String),
}

/// Reads the next frame; `None` at the end of the stream.
pub(crate) fn read(r: &mut impl BufRead) -> Option<Incoming> {
    let mut length: Option<Result<u64, String>> = None;
    let mut header = false;
    loop {
        let mut line = Vec::new();
        let n = r
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .ok()?;
        if n == 0 {
            return None;
        }
        if line.last() != Some(&b'\n') && n as u64 == MAX_HEADER_LINE {
            // Not a header: skip to the end of the line.
            skip_line(r)?;
            return Some(Incoming::Malformed("header line too long: skipped".into()));
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if header {
                break;
            }
            continue; // blank lines between frames
        }
        header = true;
        if let Some((k, v)) = line.split_once(':') {
            if k.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    v.trim()
                        .parse::<u64>()
                        .map_err(|_| format!("bad Content-Length `{}`", v.trim())),
                );
            }
        }
    }
    let length = match length {
        None => return Some(Incoming::Malformed("frame without Content-Length".into())),
        Some(Err(e)) => return Some(Incoming::Malformed(e)),
        Some(Ok(n)) => n,
    };
    if length > MAX_MESSAGE {
        // Read past it without keeping it, so the next frame is found.
        let skipped = io::copy(&mut r.by_ref().take(length), &mut io::sink()).ok()?;
        if skipped < length {
            return None;
        }
        return Some(Incoming::Malformed(format!(
            "message of {length} bytes is over the {MAX_MESSAGE}-byte limit: skipped"
        )));
    }
    // Grows as the bytes arrive: a length the client never sends costs nothing.
    let mut body = Vec::new();
    r.by_ref().take(length).read_to_end(&mut body).ok()?;
    if (body.len() as u64) < length {
        return None;
    }
    Some(match serde_json::from_slice(&body) {
        Ok(v) => Incoming::Message(v),
        Err(e) => Incoming::NotJson(e.to_string()),
    })
}

fn skip_line(r: &mut impl BufRead) -> Option<()> {
    loop {
        let buf = r.fill_buf().ok()?;
        if buf.is_empty() {
            return None;
        }
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            r.consume(i + 1);
            return Some(());
        }
        let n = buf.len();
        r.consume(n);
    }
}

/// Writes one message with its header.
pub(crate) fn write(w: &mut impl Write, msg: &Value) -> io::Result<()> {
    let body = serde_json::to_vec(msg)?;
    write!(w, "Content-Length: {}\r\n\r\n", body.len())?;
    w.write_all(&body)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Vec<String> {
        let mut r = io::BufReader::new(input);
        let mut out = Vec::new();
        while let Some(m) = read(&mut r) {
            out.push(match m {
                Incoming::Message(v) => v.to_string(),
                Incoming::Malformed(e) => format!("malformed: {e}"),
                Incoming::NotJson(_) => "not json".into(),
            });
        }
        out
    }

    proptest::proptest! {
        /// Any bytes: frames, errors or the end, never a panic or a huge allocation.
        #[test]
        fn any_bytes_are_read_without_panicking(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512),
            header in "(Content-Length: [0-9]{0,22}\r\n)?(\r\n)?",
        ) {
            let mut input = header.into_bytes();
            input.extend(bytes);
            let _ = all(&input);
        }
    }

    #[test]
    fn frames_bad_lengths_and_bodies_are_reported_and_skipped() {
        let input = b"Content-Length: 2\r\n\r\n{}\
Content-Length: 18446744073709551615\r\n\r\n\
Content-Length: 2\r\n\r\n[]";
        // The huge frame swallows the rest of the stream without allocating it.
        assert_eq!(all(input), vec!["{}".to_string()]);
        let input = b"Content-Length: x\r\n\r\nContent-Type: a\r\n\r\nContent-Length: 3\r\n\r\n{]}\
content-length: 7\r\n\r\n{\"a\":1}";
        assert_eq!(
            all(input),
            vec![
                "malformed: bad Content-Length `x`".to_string(),
                "malformed: frame without Content-Length".into(),
                "not json".into(),
                "{\"a\":1}".into(),
            ]
        );
    }
}
