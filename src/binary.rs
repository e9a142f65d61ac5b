//! The byte encoding of compiled corpora: LEB128 numbers and length-prefixed UTF-8 strings.
//!
//! Reading never panics: every read checks the remaining input and reports a [`FormatError`].

use crate::prelude::*;

/// Why bytes could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatError {
    Truncated,
    Malformed(&'static str),
}

/// Writes numbers and strings into a growing buffer.
#[derive(Default)]
pub struct Encoder {
    buffer: Vec<u8>,
}

impl Encoder {
    pub fn byte(&mut self, value: u8) {
        self.buffer.push(value);
    }

    pub fn bytes(&mut self, value: &[u8]) {
        self.buffer.extend_from_slice(value);
    }

    /// Writes an unsigned number as LEB128: seven bits a byte, high bit set on all but the last.
    pub fn number(&mut self, mut value: u64) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.buffer.push(low);
                return;
            }
            self.buffer.push(low | 0x80);
        }
    }

    /// Writes a signed number, zig-zag encoded so small negative numbers stay small.
    pub fn signed(&mut self, value: i64) {
        self.number(((value << 1) ^ (value >> 63)) as u64);
    }

    pub fn string(&mut self, value: &str) {
        self.number(value.len() as u64);
        self.bytes(value.as_bytes());
    }

    pub fn finish(self) -> Vec<u8> {
        self.buffer
    }
}

/// Reads what an [`Encoder`] wrote.
///
/// Reading does not stop at the first problem: the decoder records it in `error` (only the
/// first one counts), jumps to the end of the input, and from then on every read gives zero or
/// the empty string, so counts read later are zero and every loop over them ends at once. The
/// caller checks `error` once, after reading, instead of after every read.
pub struct Decoder<'a> {
    input: &'a [u8],
    position: usize,
    /// The first thing found wrong with the input, if anything was.
    pub error: Option<FormatError>,
}

impl<'a> Decoder<'a> {
    pub fn new(input: &'a [u8]) -> Decoder<'a> {
        Decoder {
            input,
            position: 0,
            error: None,
        }
    }

    pub fn is_at_end(&self) -> bool {
        self.position >= self.input.len()
    }

    /// Records what is wrong (unless something already was) and stops reading.
    #[inline(never)]
    pub fn fail(&mut self, error: FormatError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
        self.position = self.input.len();
    }

    /// Records a malformed input with what is wrong with it.
    pub fn malformed(&mut self, what: &'static str) {
        self.fail(FormatError::Malformed(what));
    }

    /// The next `length` bytes, or nothing (and a truncation) when fewer remain.
    fn take(&mut self, length: usize) -> &'a [u8] {
        let input = self.input;
        match input
            .get(self.position..)
            .and_then(|rest| rest.get(..length))
        {
            Some(slice) => {
                self.position += length;
                slice
            }
            None => {
                self.fail(FormatError::Truncated);
                &[]
            }
        }
    }

    pub fn byte(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    /// Reads a byte that must be below `limit` (a tag or an enum's code); a larger one is
    /// malformed, with `what` saying which, and reads as 0.
    pub fn code(&mut self, limit: u8, what: &'static str) -> u8 {
        let code = self.byte();
        if code < limit {
            code
        } else {
            self.malformed(what);
            0
        }
    }

    pub fn number(&mut self) -> u64 {
        let mut value: u64 = 0;
        let mut shift = 0u32;
        while self.error.is_none() {
            let byte = self.byte();
            if shift >= 64 {
                self.malformed("a number is longer than 64 bits");
                break;
            }
            value |= ((byte & 0x7f) as u64) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
            shift += 7;
        }
        0
    }

    pub fn signed(&mut self) -> i64 {
        let value = self.number();
        ((value >> 1) as i64) ^ -((value & 1) as i64)
    }

    /// Reads a count of items to come, refusing counts larger than the remaining input could
    /// hold, so a corrupted count cannot make the reader allocate without bound.
    pub fn count(&mut self) -> usize {
        let value = self.number();
        if value > (self.input.len() - self.position) as u64 {
            self.fail(FormatError::Truncated);
            return 0;
        }
        value as usize
    }

    pub fn string(&mut self) -> String {
        let length = self.count();
        match core::str::from_utf8(self.take(length)) {
            Ok(text) => String::from(text),
            Err(_) => {
                self.malformed("a string is not valid UTF-8");
                String::new()
            }
        }
    }

    pub fn u64_le(&mut self) -> u64 {
        let mut array = [0u8; 8];
        let bytes = self.take(8);
        if bytes.len() == 8 {
            array.copy_from_slice(bytes);
        }
        u64::from_le_bytes(array)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_round_trip() {
        let mut encoder = Encoder::default();
        for value in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            encoder.number(value);
        }
        for value in [0i64, -1, 1, -300, i64::MAX, i64::MIN] {
            encoder.signed(value);
        }
        encoder.string("前言 ¶3 𠀋");
        let bytes = encoder.finish();
        let mut decoder = Decoder::new(&bytes);
        for value in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            assert_eq!(decoder.number(), value);
        }
        for value in [0i64, -1, 1, -300, i64::MAX, i64::MIN] {
            assert_eq!(decoder.signed(), value);
        }
        assert_eq!(decoder.string(), "前言 ¶3 𠀋");
        assert!(decoder.is_at_end());
        assert_eq!(decoder.error, None);
        assert_eq!(decoder.byte(), 0);
        assert_eq!(decoder.error, Some(FormatError::Truncated));
    }

    #[test]
    fn a_huge_count_is_refused_not_allocated() {
        let mut encoder = Encoder::default();
        encoder.number(u64::MAX / 2);
        let bytes = encoder.finish();
        let mut decoder = Decoder::new(&bytes);
        assert_eq!(decoder.count(), 0);
        assert_eq!(decoder.error, Some(FormatError::Truncated));
        let mut decoder = Decoder::new(&bytes);
        assert_eq!(decoder.string(), "");
        assert_eq!(decoder.error, Some(FormatError::Truncated));
    }
}
