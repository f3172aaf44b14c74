//! The macros keep working when the crate is known under another name (as
//! after `renamed = { package = "rt", ... }` in Cargo.toml) and when the
//! calling crate shadows the names the expansions use (`Some`, `Poll`,
//! `Future`, `poll_fn`, `core`...): every path in an expansion goes through
//! `$crate` or `::core`.

// Everything below refers to the crate only as `renamed`.
extern crate rt_core as renamed;

#[path = "support/macros_support.rs"]
mod support;

use support::{block_on, ReadyAfter};

mod hostile {
    //! Items named like what an expansion could carelessly refer to.
    #![allow(dead_code, non_camel_case_types, non_snake_case)]

    pub(crate) struct Some;
    pub(crate) struct None;
    pub(crate) struct Ok;
    pub(crate) struct Err;
    pub(crate) struct Poll;
    pub(crate) struct Pin;
    pub(crate) struct Option;
    pub(crate) struct Result;
    pub(crate) trait Future {}
    pub(crate) trait IntoFuture {}
    pub(crate) fn poll_fn() {}
    pub(crate) fn thread_rng_n() {}
    pub(crate) fn unreachable() {}
    pub(crate) mod core {}
    pub(crate) mod std {}
    pub(crate) mod macros {}
    pub(crate) mod support {}
    pub(crate) mod rt_core {}
}

#[allow(unused_imports)]
use hostile::*;

#[test]
fn all_macros_under_another_crate_name_among_shadowing_items() {
    let out = block_on(async {
        let chosen = renamed::select! {
            v = ReadyAfter::new(1, 1u8) => v,
            w = ReadyAfter::new(0, 2u8), if false => w,
            else => 0,
        };
        let biased = renamed::select! {
            biased;
            ::core::option::Option::Some(v) = ReadyAfter::new(0, ::core::option::Option::Some(3u8)) => v,
            v = ReadyAfter::new(0, 4u8) => v,
        };
        let (a, b) = renamed::join!(ReadyAfter::new(1, 5u8), ReadyAfter::new(0, 6u8));
        let tried = renamed::try_join!(
            ReadyAfter::new(0, ::core::result::Result::<u8, ()>::Ok(7)),
            ReadyAfter::new(2, ::core::result::Result::<u8, ()>::Ok(8)),
        );
        let fut = ReadyAfter::new(1, 9u8);
        renamed::pin!(fut);
        let pinned = (&mut fut).await;
        let expr_pinned = renamed::pin!(ReadyAfter::new(0, 10u8)).await;
        (chosen, biased, a, b, tried, pinned, expr_pinned)
    });
    assert_eq!(out, (1, 3, 5, 6, ::core::result::Result::Ok((7, 8)), 9, 10));
}

#[test]
fn expansions_name_the_crate_only_through_dollar_crate() {
    // A rename-proof macro must never spell its own crate's name. Check the
    // macro source (code lines only: doc comments show user code).
    let dir = ::std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/macros");
    let mut checked = 0;
    for entry in ::std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = ::std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for banned in ["rt_core", "rt", "tokio"] {
                assert!(
                    !names_path_root(code, banned),
                    "{}:{}: expansion names a crate (`{banned}::`): {line}",
                    path.display(),
                    n + 1
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "macro sources not found in {}",
        dir.display()
    );
}

/// Whether `code` contains the identifier `name` followed by `::`.
fn names_path_root(code: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = &code[at + name.len()..];
        !before.is_some_and(is_ident) && after.starts_with("::")
    })
}

#[test]
fn path_root_detection() {
    assert!(names_path_root("x = rt::spawn(f);", "rt"));
    assert!(names_path_root("::rt_core::select!", "rt_core"));
    assert!(!names_path_root("$crate::macros::support::Poll", "rt"));
    assert!(!names_path_root("let rt = 1;", "rt"));
}

#[test]
fn user_names_equal_to_the_expansions_locals_are_not_captured() {
    // The expansions use locals such as `cx`, `value`, `pending`, `branch`,
    // `branches`, `start`, `matched`, `futures`, `index`, `offset`: hygiene
    // keeps them apart from the user's variables of the same names.
    block_on(async {
        let cx = ReadyAfter::new(0, 1u8);
        let value = ReadyAfter::new(1, 2u8);
        let pending = true;
        let branches = 10u8;
        let start = 20u8;
        let out = renamed::select! {
            biased;
            v = cx, if pending => v + branches + start,
            v = value => v,
        };
        assert_eq!(out, 31);
        let futures = ReadyAfter::new(2, 3u8);
        let index = ReadyAfter::new(0, 4u8);
        let offset = 5u8;
        let matched = 6u8;
        let (a, b) = renamed::join!(futures, index);
        assert_eq!((a, b, offset, matched), (3, 4, 5, 6));
    });
}
