//! The protobuf wire format, as much as one message needs: varints, length-delimited fields,
//! and skipping the fixed-width ones. Hand-written: the decoder and encoder are about a hundred
//! lines, where `prost` would bring its runtime and generated code into the wasm for one
//! message of seven fields.

use alloc::vec::Vec;

use crate::error::Problem;
use crate::Error;

/// One field's value, by wire type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field<'a> {
    /// Wire type 0.
    Varint(u64),
    /// Wire type 2: bytes, a string or an embedded message.
    Bytes(&'a [u8]),
    /// Wire types 1 and 5, whose value no field of ours has.
    Fixed,
}

fn malformed(problem: Problem) -> Error {
    Error::invalid("uri", problem)
}

/// Reads fields one after another.
pub(super) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Reader { rest: bytes }
    }

    /// A varint: at most 10 bytes, the tenth holding the 64th bit at most.
    fn varint(&mut self) -> Result<u64, Error> {
        let mut value = 0u64;
        for index in 0..10u32 {
            let (&byte, rest) = self.rest.split_first().ok_or_else(|| malformed(Problem::MigrationTruncated))?;
            self.rest = rest;
            if index == 9 && byte > 1 {
                return Err(malformed(Problem::MigrationVarint));
            }
            value |= u64::from(byte & 0x7f) << index.saturating_mul(7);
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(malformed(Problem::MigrationVarint))
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], Error> {
        let len = usize::try_from(len).ok().filter(|&len| len <= self.rest.len()).ok_or_else(|| malformed(Problem::MigrationTruncated))?;
        let (taken, rest) = self.rest.split_at(len);
        self.rest = rest;
        Ok(taken)
    }

    /// The next field's number and value, or `None` at the end.
    ///
    /// # Errors
    /// A truncated varint or value, a length past the end, field number 0, and the
    /// deprecated group wire types (3 and 4) or the undefined ones (6 and 7).
    pub(super) fn next_field(&mut self) -> Result<Option<(u64, Field<'a>)>, Error> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let key = self.varint()?;
        let number = key >> 3;
        if number == 0 || number > u64::from(u32::MAX >> 3) {
            return Err(malformed(Problem::MigrationField));
        }
        let field = match key & 7 {
            0 => Field::Varint(self.varint()?),
            1 => {
                self.take(8)?;
                Field::Fixed
            }
            2 => {
                let len = self.varint()?;
                Field::Bytes(self.take(len)?)
            }
            5 => {
                self.take(4)?;
                Field::Fixed
            }
            _ => return Err(malformed(Problem::MigrationWireType)),
        };
        Ok(Some((number, field)))
    }
}

/// Writes fields in order.
#[derive(Default)]
pub(super) struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn raw_varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.out.push(u8::try_from(value & 0x7f).unwrap_or(0) | 0x80);
            value >>= 7;
        }
        self.out.push(u8::try_from(value).unwrap_or(0));
    }

    pub(super) fn varint(&mut self, number: u64, value: u64) {
        self.raw_varint(number << 3);
        self.raw_varint(value);
    }

    pub(super) fn bytes(&mut self, number: u64, value: &[u8]) {
        self.raw_varint((number << 3) | 2);
        self.raw_varint(value.len() as u64);
        self.out.extend_from_slice(value);
    }

    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}
