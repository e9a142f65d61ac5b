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
pub struct Decoder<'a> {
    input: &'a [u8],
    position: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(input: &'a [u8]) -> Decoder<'a> {
        Decoder { input, position: 0 }
    }

    pub fn is_at_end(&self) -> bool {
        self.position >= self.input.len()
    }

    pub fn byte(&mut self) -> Result<u8, FormatError> {
        let value = *self
            .input
            .get(self.position)
            .ok_or(FormatError::Truncated)?;
        self.position += 1;
        Ok(value)
    }

    fn take(&mut self, length: usize) -> Result<&'a [u8], FormatError> {
        let end = self
            .position
            .checked_add(length)
            .ok_or(FormatError::Truncated)?;
        let slice = self
            .input
            .get(self.position..end)
            .ok_or(FormatError::Truncated)?;
        self.position = end;
        Ok(slice)
    }

    pub fn number(&mut self) -> Result<u64, FormatError> {
        let mut value: u64 = 0;
        let mut shift = 0u32;
        loop {
            let byte = self.byte()?;
            if shift >= 64 {
                return Err(FormatError::Malformed("a number is longer than 64 bits"));
            }
            value |= ((byte & 0x7f) as u64) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    pub fn signed(&mut self) -> Result<i64, FormatError> {
        let value = self.number()?;
        Ok(((value >> 1) as i64) ^ -((value & 1) as i64))
    }

    /// Reads a count of items to come, refusing counts larger than the remaining input could
    /// hold, so a corrupted count cannot make the reader allocate without bound.
    pub fn count(&mut self) -> Result<usize, FormatError> {
        let value = self.number()?;
        let remaining = (self.input.len() - self.position) as u64;
        if value > remaining {
            return Err(FormatError::Truncated);
        }
        Ok(value as usize)
    }

    pub fn string(&mut self) -> Result<String, FormatError> {
        let length = self.count()?;
        let bytes = self.take(length)?;
        let text = core::str::from_utf8(bytes)
            .map_err(|_| FormatError::Malformed("a string is not valid UTF-8"))?;
        Ok(text.to_string())
    }

    pub fn u64_le(&mut self) -> Result<u64, FormatError> {
        let bytes = self.take(8)?;
        let mut array = [0u8; 8];
        array.copy_from_slice(bytes);
        Ok(u64::from_le_bytes(array))
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
            assert_eq!(decoder.number(), Ok(value));
        }
        for value in [0i64, -1, 1, -300, i64::MAX, i64::MIN] {
            assert_eq!(decoder.signed(), Ok(value));
        }
        assert_eq!(decoder.string().as_deref(), Ok("前言 ¶3 𠀋"));
        assert!(decoder.is_at_end());
        assert_eq!(decoder.byte(), Err(FormatError::Truncated));
    }

    #[test]
    fn a_huge_count_is_refused_not_allocated() {
        let mut encoder = Encoder::default();
        encoder.number(u64::MAX / 2);
        let bytes = encoder.finish();
        assert_eq!(Decoder::new(&bytes).count(), Err(FormatError::Truncated));
        assert_eq!(Decoder::new(&bytes).string(), Err(FormatError::Truncated));
    }
}
