//! The folded form of the legacy exception-handling `try`, which the spec
//! suite's `legacy/*.wast` scripts use and the `wast` crate no longer
//! parses:
//!
//! ```text
//! (try $l? bt* (do instr*) (catch $t instr*)* (catch_all instr*)?)
//! (try $l? bt* (do instr*) (delegate $d))
//! ```
//!
//! [`unfold_legacy_try`] rewrites each into the flat form the `wast`
//! crate still reads (`try $l? bt* instr* catch $t instr* ... end`, or
//! `... delegate $d`), leaving everything else (strings and comments
//! included) as it is. Lines stay where they were, so reported line
//! numbers still point into the original script.

/// The script with every folded legacy `try` unfolded; `text` itself
/// when it has none.
pub fn unfold_legacy_try(text: &str) -> String {
    if !text.contains("(try") {
        return text.to_string();
    }
    rewrite(text)
}

/// Whether the bytes at `i` start a string, a line comment or a block
/// comment; returns the index just past it.
fn skip_non_code(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i..i + 2) {
        Some(b";;") => {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p);
            return Some(end);
        }
        Some(b"(;") => {
            let mut depth = 0;
            let mut j = i;
            while j + 1 < b.len() {
                if &b[j..j + 2] == b"(;" {
                    depth += 1;
                    j += 2;
                } else if &b[j..j + 2] == b";)" {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        return Some(j);
                    }
                } else {
                    j += 1;
                }
            }
            return Some(b.len());
        }
        _ => {}
    }
    if b[i] == b'"' {
        let mut j = i + 1;
        while j < b.len() {
            match b[j] {
                b'\\' => j += 2,
                b'"' => return Some(j + 1),
                _ => j += 1,
            }
        }
        return Some(b.len());
    }
    None
}

/// The index of the `)` closing the form opened at `open`.
fn matching_paren(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        if let Some(next) = skip_non_code(b, i) {
            i = next;
            continue;
        }
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether a folded `try` (not `try_table`) opens at `i`.
fn is_folded_try(b: &[u8], i: usize) -> bool {
    b.get(i..i + 4) == Some(b"(try")
        && b.get(i + 4)
            .is_some_and(|&c| c.is_ascii_whitespace() || c == b'(' || c == b')')
}

fn rewrite(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        if let Some(next) = skip_non_code(b, i) {
            i = next;
            continue;
        }
        if is_folded_try(b, i) {
            if let Some(close) = matching_paren(b, i) {
                if let Some(flat) = unfold(&text[i + 4..close]) {
                    out.push_str(&text[copied..i]);
                    out.push_str(&flat);
                    i = close + 1;
                    copied = i;
                    continue;
                }
            }
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// The top-level items of `inner`: atoms and parenthesized forms, with
/// the text between them (whitespace, comments) attached to the next.
fn items(inner: &str) -> Vec<&str> {
    let b = inner.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut start = 0;
    while i < b.len() {
        if let Some(next) = skip_non_code(b, i) {
            if b[i] == b'"' {
                out.push(&inner[start..next]);
                start = next;
            }
            i = next;
            continue;
        }
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let end = if b[i] == b'(' {
            match matching_paren(b, i) {
                Some(c) => c + 1,
                None => b.len(),
            }
        } else {
            let mut j = i;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'(' && b[j] != b')' {
                j += 1;
            }
            j
        };
        out.push(&inner[start..end]);
        start = end;
        i = end;
    }
    out
}

/// A form `(kw rest)` (with leading trivia) if its keyword is `kw`:
/// `rest`, the text after the keyword.
fn form<'t>(item: &'t str, kw: &str) -> Option<&'t str> {
    let t = item.trim_start();
    let rest = t.strip_prefix('(')?.strip_suffix(')')?;
    let after = rest.strip_prefix(kw)?;
    (after.is_empty() || after.starts_with(|c: char| c.is_ascii_whitespace() || c == '('))
        .then_some(after)
}

/// The flat form of a folded `try` whose text after `(try` (up to its
/// closing paren) is `inner`; `None` if it is not one.
fn unfold(inner: &str) -> Option<String> {
    let items = items(inner);
    let do_at = items.iter().position(|it| form(it, "do").is_some())?;
    // The whitespace and comments before an item (its line breaks).
    let lead = |it: &str| it[..it.len() - it.trim_start().len()].to_string();
    let mut out = String::from("try");
    for it in &items[..do_at] {
        out.push_str(it);
    }
    out.push_str(&lead(items[do_at]));
    out.push_str(&rewrite(form(items[do_at], "do")?));
    let mut delegated = false;
    for it in &items[do_at + 1..] {
        out.push_str(&lead(it));
        if let Some(rest) = form(it, "catch_all") {
            out.push_str("catch_all");
            out.push_str(&rewrite(rest));
        } else if let Some(rest) = form(it, "catch") {
            out.push_str("catch");
            out.push_str(&rewrite(rest));
        } else if let Some(rest) = form(it, "delegate") {
            out.push_str("delegate");
            out.push_str(rest);
            delegated = true;
        } else {
            return None;
        }
    }
    if !delegated {
        out.push_str(" end");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nested, labelled, typed and delegating forms unfold; strings,
    /// comments and `try_table` stay; line breaks are kept.
    #[test]
    fn unfolds_folded_try() {
        let src = "(func (try $t (result i32)\n (do (try (do (call $f)) (delegate $t)) (i32.const 1))\n (catch $e (i32.const 2)) (catch_all (i32.const 3))))";
        let flat = unfold_legacy_try(src);
        assert_eq!(
            flat,
            "(func try $t (result i32)\n  try  (call $f) delegate $t (i32.const 1)\n catch $e (i32.const 2) catch_all (i32.const 3) end)"
        );
        let keep = "(try_table (do) \"(try (do))\" ;; (try (do))\n)";
        assert_eq!(unfold_legacy_try(keep), keep);
        assert_eq!(flat.lines().count(), src.lines().count());
    }
}
