//! Lists grouped by a key (the predecessors of each block, the children
//! of each dominator, the blocks each value is passed to) kept in one
//! flat array with a start offset per key. The compiler builds such lists
//! several times per function; a list per key was an allocation each, a
//! measurable share of compile time.

/// Groups items by their key in `0..num_keys`, with a count and then a
/// placement: `each` is called twice and must give the same items both
/// times, each by a call of the function it is passed. Returns where
/// each key's items start (one more entry at the end: the total) and the
/// items, in the order `each` gave them within a key. `filler` only fills
/// the list before the items are placed.
pub(crate) fn group_by_key<T: Copy>(
    num_keys: usize,
    filler: T,
    mut each: impl FnMut(&mut dyn FnMut(usize, T)),
) -> (Vec<u32>, Vec<T>) {
    let mut start = vec![0u32; num_keys + 1];
    each(&mut |k, _| start[k + 1] += 1);
    for k in 0..num_keys {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut items = vec![filler; start[num_keys] as usize];
    each(&mut |k, t| {
        items[fill[k] as usize] = t;
        fill[k] += 1;
    });
    (start, items)
}

#[cfg(test)]
mod tests {
    use super::group_by_key;

    #[test]
    fn groups_keep_their_order_within_a_key() {
        let pairs = [(2, 'a'), (0, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        let (start, items) = group_by_key(4, ' ', |f| {
            for &(k, c) in &pairs {
                f(k, c);
            }
        });
        assert_eq!(start, [0, 2, 3, 5, 5]);
        assert_eq!(items, ['b', 'e', 'd', 'a', 'c']);
    }
}
