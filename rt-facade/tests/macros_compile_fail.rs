//! Misuse of `#[rt::main]`, `#[rt::test]`, `select!`, `join!` and
//! `try_join!` fails to compile with a message at the attribute (or the
//! offending token) that says what to do. Each
//! `tests/ui/*.rs` case is compiled and its errors compared with the
//! `.stderr` file beside it; regenerate those with `TRYBUILD=overwrite`
//! after a deliberate change, and read the diff.
#![cfg(feature = "full")]

#[test]
fn macros_compile_fail() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/macros_*.rs");
    cases.compile_fail("tests/ui/select_*.rs");
    cases.compile_fail("tests/ui/join_*.rs");
    cases.compile_fail("tests/ui/try_join_*.rs");
}
