//! [`GuestMemory`]: bounds-checked access to the guest's linear memory.
//! Every pointer the guest passes goes through here; one that does not fit
//! in the memory is `EFAULT`, never a host crash. Values are little-endian
//! and need no alignment.

use crate::errno::Errno;

/// The guest's linear memory, borrowed for one host call.
pub struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

/// One `iovec`/`ciovec` of the guest: a buffer's offset and length,
/// already checked to lie inside the memory.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct IoVec {
    /// Offset of the buffer.
    pub ptr: u32,
    /// Length of the buffer.
    pub len: u32,
}

impl<'a> GuestMemory<'a> {
    /// Wraps the memory's bytes.
    pub fn new(bytes: &'a mut [u8]) -> Self {
        GuestMemory { bytes }
    }

    /// The memory's size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the memory has no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn range(&self, ptr: u32, len: u32) -> Result<std::ops::Range<usize>, Errno> {
        let start = ptr as usize;
        let end = start.checked_add(len as usize).ok_or(Errno::Fault)?;
        if end > self.bytes.len() {
            return Err(Errno::Fault);
        }
        Ok(start..end)
    }

    /// `len` bytes at `ptr`.
    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], Errno> {
        let r = self.range(ptr, len)?;
        Ok(&self.bytes[r])
    }

    /// `len` bytes at `ptr`, mutably.
    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], Errno> {
        let r = self.range(ptr, len)?;
        Ok(&mut self.bytes[r])
    }

    fn array<const N: usize>(&self, ptr: u32) -> Result<[u8; N], Errno> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.slice(ptr, N as u32)?);
        Ok(a)
    }

    /// The byte at `ptr`.
    pub fn read_u8(&self, ptr: u32) -> Result<u8, Errno> {
        Ok(self.array::<1>(ptr)?[0])
    }

    /// The `u16` at `ptr`.
    pub fn read_u16(&self, ptr: u32) -> Result<u16, Errno> {
        Ok(u16::from_le_bytes(self.array(ptr)?))
    }

    /// The `u32` at `ptr`.
    pub fn read_u32(&self, ptr: u32) -> Result<u32, Errno> {
        Ok(u32::from_le_bytes(self.array(ptr)?))
    }

    /// The `u64` at `ptr`.
    pub fn read_u64(&self, ptr: u32) -> Result<u64, Errno> {
        Ok(u64::from_le_bytes(self.array(ptr)?))
    }

    /// Copies `data` to `ptr`.
    pub fn write(&mut self, ptr: u32, data: &[u8]) -> Result<(), Errno> {
        let len = u32::try_from(data.len()).map_err(|_| Errno::Fault)?;
        self.slice_mut(ptr, len)?.copy_from_slice(data);
        Ok(())
    }

    /// Stores a byte at `ptr`.
    pub fn write_u8(&mut self, ptr: u32, v: u8) -> Result<(), Errno> {
        self.write(ptr, &[v])
    }

    /// Stores a `u16` at `ptr`.
    pub fn write_u16(&mut self, ptr: u32, v: u16) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// Stores a `u32` at `ptr`.
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// Stores a `u64` at `ptr`.
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// The UTF-8 string of `len` bytes at `ptr` (WASI strings are UTF-8;
    /// anything else is `EILSEQ`).
    pub fn str(&self, ptr: u32, len: u32) -> Result<&str, Errno> {
        std::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::Ilseq)
    }

    /// The array of `count` iovecs at `ptr`, each buffer checked to lie in
    /// the memory.
    pub fn iovecs(&self, ptr: u32, count: u32) -> Result<Vec<IoVec>, Errno> {
        let size = count
            .checked_mul(crate::types::layout::IOVEC_SIZE)
            .ok_or(Errno::Fault)?;
        self.range(ptr, size)?;
        let mut v = Vec::with_capacity(count as usize);
        for i in 0..count {
            let at = ptr + i * crate::types::layout::IOVEC_SIZE;
            let iov = IoVec {
                ptr: self.read_u32(at)?,
                len: self.read_u32(at + 4)?,
            };
            self.range(iov.ptr, iov.len)?;
            v.push(iov);
        }
        Ok(v)
    }

    /// The bytes of `iovs` concatenated: what one `writev` would write.
    pub fn gather(&self, iovs: &[IoVec]) -> Result<Vec<u8>, Errno> {
        let total: usize = iovs.iter().map(|v| v.len as usize).sum();
        let mut out = Vec::with_capacity(total);
        for v in iovs {
            out.extend_from_slice(self.slice(v.ptr, v.len)?);
        }
        Ok(out)
    }

    /// Spreads `data` over `iovs` in order, as one `readv` would.
    pub fn scatter(&mut self, iovs: &[IoVec], mut data: &[u8]) -> Result<(), Errno> {
        for v in iovs {
            if data.is_empty() {
                break;
            }
            let n = data.len().min(v.len as usize);
            self.write(v.ptr, &data[..n])?;
            data = &data[n..];
        }
        Ok(())
    }
}

/// The total length of `iovs`, saturated to what one call may transfer.
pub fn iovecs_len(iovs: &[IoVec]) -> usize {
    iovs.iter()
        .fold(0usize, |n, v| n.saturating_add(v.len as usize))
        .min(MAX_TRANSFER)
}

/// Most bytes one read or write call moves through a host buffer; a
/// larger request is a legal short read or write, and bounds the host's
/// allocation whatever the guest asks for.
pub const MAX_TRANSFER: usize = 16 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_bounds_is_efault() {
        let mut bytes = vec![0u8; 16];
        let mut m = GuestMemory::new(&mut bytes);
        assert_eq!(m.read_u32(12), Ok(0));
        assert_eq!(m.read_u32(13), Err(Errno::Fault));
        assert_eq!(m.write_u64(u32::MAX - 3, 1), Err(Errno::Fault));
        assert_eq!(m.slice(16, 0).map(<[u8]>::len), Ok(0));
        assert_eq!(m.slice(17, 0).map(<[u8]>::len), Err(Errno::Fault));
        m.write_u32(0, 4).unwrap();
        m.write_u32(4, 20).unwrap();
        assert_eq!(m.iovecs(0, 1), Err(Errno::Fault));
        assert_eq!(m.iovecs(0, u32::MAX), Err(Errno::Fault));
    }

    #[test]
    fn scatter_fills_in_order() {
        let mut bytes = vec![0u8; 32];
        let mut m = GuestMemory::new(&mut bytes);
        let iovs = [IoVec { ptr: 0, len: 2 }, IoVec { ptr: 10, len: 4 }];
        m.scatter(&iovs, b"abcd").unwrap();
        assert_eq!(m.slice(0, 2).unwrap(), b"ab");
        assert_eq!(m.slice(10, 3).unwrap(), b"cd\0");
        assert_eq!(m.gather(&iovs).unwrap(), b"abcd\0\0");
    }
}
