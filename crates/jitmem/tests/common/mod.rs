//! Helpers shared by the integration tests: machine code for tiny functions
//! and the permissions of our mappings as the kernel reports them.

#![allow(dead_code, reason = "each test binary uses a different subset")]

/// `mov eax, imm32; ret`: a function returning `value`.
pub fn ret_imm32(value: i32) -> Vec<u8> {
    let mut code = vec![0xb8];
    code.extend_from_slice(&value.to_le_bytes());
    code.push(0xc3);
    code
}

/// The permission strings (`rw-p`, `r-xp`, ...) of every line of `maps`
/// (the text of /proc/self/maps) that overlaps `[start, start + len)`.
pub fn perms_in(maps: &str, start: *const u8, len: usize) -> Vec<String> {
    let start = start as usize;
    let end = start + len;
    maps.lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let range = fields.next()?;
            let perms = fields.next()?;
            let (lo, hi) = range.split_once('-')?;
            let lo = usize::from_str_radix(lo, 16).ok()?;
            let hi = usize::from_str_radix(hi, 16).ok()?;
            (lo < end && start < hi).then(|| perms.to_string())
        })
        .collect()
}

/// The permissions covering `[start, start + len)` right now.
pub fn perms(start: *const u8, len: usize) -> Vec<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("reads /proc/self/maps");
    perms_in(&maps, start, len)
}
