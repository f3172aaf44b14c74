//! Unit tests of the expansion: the generated code for each option, and the
//! message of each misuse. Where errors point is checked by the facade's
//! compile-fail tests (`rt-facade/tests/ui`), which see real spans.
//!
//! Inputs are written as strings (the attribute's arguments, the item), as
//! the compiler would hand them over.

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::{Item, ItemFn, LitStr};

use crate::entry::{expand_main, expand_test, MISSING_ASYNC};
use crate::options::Flavors;

fn tokens(source: &str) -> TokenStream {
    source.parse().expect("test input tokenizes")
}

fn main_with(flavors: Flavors, args: &str, item: &str) -> TokenStream {
    expand_main(flavors, tokens(args), tokens(item))
}

fn test_with(flavors: Flavors, args: &str, item: &str) -> TokenStream {
    expand_test(flavors, tokens(args), tokens(item))
}

/// The messages of the `compile_error!` invocations in `out`, in order.
fn compile_errors(out: &TokenStream) -> Vec<String> {
    let trees: Vec<TokenTree> = out.clone().into_iter().collect();
    let mut messages = Vec::new();
    for window in trees.windows(3) {
        if let [TokenTree::Ident(name), TokenTree::Punct(bang), TokenTree::Group(group)] = window {
            if name == "compile_error" && bang.as_char() == '!' {
                let message: LitStr =
                    syn::parse2(group.stream()).expect("compile_error! takes one string");
                messages.push(message.value());
            }
        }
    }
    messages
}

/// The functions in the expansion, which must parse as items whatever the
/// errors.
fn functions(out: &TokenStream) -> Vec<ItemFn> {
    let file: syn::File = syn::parse2(out.clone()).expect("the expansion parses as items");
    file.items
        .into_iter()
        .filter_map(|item| match item {
            Item::Fn(func) => Some(func),
            _ => None,
        })
        .collect()
}

/// The single function of an expansion that must have no errors.
fn expanded(out: &TokenStream) -> ItemFn {
    assert_eq!(
        compile_errors(out),
        Vec::<String>::new(),
        "unexpected errors"
    );
    let mut funcs = functions(out);
    assert_eq!(funcs.len(), 1);
    funcs.remove(0)
}

fn string(tokens: &impl ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

fn body_string(func: &ItemFn) -> String {
    string(&func.block)
}

fn attr_strings(func: &ItemFn) -> Vec<String> {
    func.attrs.iter().map(string).collect()
}

/// Asserts there is exactly one error and that it contains every fragment.
fn assert_one_error(out: &TokenStream, fragments: &[&str]) {
    let errors = compile_errors(out);
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    for fragment in fragments {
        assert!(
            errors[0].contains(fragment),
            "{:?} does not contain {fragment:?}",
            errors[0]
        );
    }
}

fn assert_no_error(out: &TokenStream) {
    assert_eq!(compile_errors(out), Vec::<String>::new());
}

#[test]
fn main_default_expansion() {
    let out = main_with(Flavors::All, "", "async fn main() { work().await; }");
    let expected = quote! {
        fn main() {
            let body = async move {
                #[allow(clippy::diverging_sub_expression)]
                let output: () = { work().await; };
                #[allow(unreachable_code)]
                return output;
            };
            #[allow(clippy::expect_used)]
            let runtime = ::rt::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .expect("Failed building the Runtime");
            runtime.block_on(body)
        }
    };
    assert_eq!(string(&expanded(&out)), expected.to_string());
}

#[test]
fn test_with_every_option() {
    let out = test_with(
        Flavors::All,
        r#"flavor = "current_thread", start_paused = true, crate = "::my::rt""#,
        "#[should_panic] async fn paused() -> Result<(), E> { Ok(()) }",
    );
    let expected = quote! {
        #[::core::prelude::v1::test]
        #[should_panic]
        fn paused() -> Result<(), E> {
            let body = async move {
                #[allow(clippy::diverging_sub_expression)]
                let output: Result<(), E> = { Ok(()) };
                #[allow(unreachable_code)]
                return output;
            };
            #[allow(clippy::expect_used)]
            let runtime = ::my::rt::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .expect("Failed building the Runtime");
            runtime.block_on(body)
        }
    };
    assert_eq!(string(&expanded(&out)), expected.to_string());
}

#[test]
fn test_defaults_to_current_thread_and_is_marked_test() {
    let func = expanded(&test_with(Flavors::All, "", "async fn it_works() {}"));
    assert!(func.sig.asyncness.is_none());
    assert_eq!(
        attr_strings(&func),
        [quote!(#[::core::prelude::v1::test]).to_string()]
    );
    let body = body_string(&func);
    assert!(body.contains("new_current_thread ()"), "{body}");
    assert!(!body.contains("start_paused"), "{body}");
}

#[test]
fn multi_thread_with_worker_threads() {
    for out in [
        main_with(Flavors::All, "worker_threads = 3", "async fn main() {}"),
        test_with(
            Flavors::All,
            r#"flavor = "multi_thread", worker_threads = 3"#,
            "async fn t() {}",
        ),
    ] {
        let body = body_string(&expanded(&out));
        assert!(
            body.contains("new_multi_thread () . worker_threads (3) . enable_all ()"),
            "{body}"
        );
    }
}

#[test]
fn worker_threads_suffix_is_dropped() {
    let out = main_with(Flavors::All, "worker_threads = 2u8", "async fn main() {}");
    let body = body_string(&expanded(&out));
    assert!(body.contains(". worker_threads (2) ."), "{body}");
}

#[test]
fn main_flavor_current_thread() {
    let out = main_with(
        Flavors::All,
        r#"flavor = "current_thread","#,
        "async fn main() {}",
    );
    let body = body_string(&expanded(&out));
    assert!(body.contains("new_current_thread ()"), "{body}");
}

#[test]
fn start_paused_false_emits_nothing() {
    let out = test_with(Flavors::All, "start_paused = false", "async fn t() {}");
    let body = body_string(&expanded(&out));
    assert!(!body.contains("start_paused"), "{body}");
}

#[test]
fn crate_path_without_leading_colons() {
    let out = main_with(
        Flavors::All,
        r#"crate = "reexport::rt""#,
        "async fn main() {}",
    );
    let body = body_string(&expanded(&out));
    assert!(
        body.contains("reexport :: rt :: runtime :: Builder :: new_multi_thread"),
        "{body}"
    );
}

#[test]
fn signature_and_attributes_are_kept() {
    let out = main_with(
        Flavors::All,
        "",
        "/// Docs.
        #[inline(never)]
        pub(crate) async fn serve<T: Clone>(&self, port: u16) -> std::io::Result<T> where T: Send {
            #![allow(unused_variables)]
            self.go(port).await
        }",
    );
    let func = expanded(&out);
    let expected_sig =
        quote!(fn serve<T: Clone>(&self, port: u16) -> std::io::Result<T> where T: Send);
    assert_eq!(string(&func.sig), expected_sig.to_string());
    assert_eq!(string(&func.vis), quote!(pub(crate)).to_string());
    assert_eq!(
        attr_strings(&func),
        [
            quote!(#[doc = " Docs."]).to_string(),
            quote!(#[inline(never)]).to_string(),
            quote!(#![allow(unused_variables)]).to_string(),
        ]
    );
    // The inner attribute moves to the top of the new body.
    let whole = string(&func);
    assert!(
        whole.contains("{ # ! [allow (unused_variables)] let body = async move"),
        "{whole}"
    );
    let body = body_string(&func);
    assert!(
        body.contains("let output : std :: io :: Result < T > = { self . go (port) . await }"),
        "{body}"
    );
}

#[test]
fn impl_trait_return_type_is_not_annotated() {
    let out = main_with(
        Flavors::All,
        "",
        "async fn make() -> Box<dyn Fn() -> impl Sized> { todo() }",
    );
    let body = body_string(&expanded(&out));
    assert!(
        body.contains("let body = async move { todo () } ;"),
        "{body}"
    );
    assert!(!body.contains("let output"), "{body}");
}

#[test]
fn missing_async() {
    assert_one_error(
        &main_with(Flavors::All, "", "fn main() {}"),
        &[MISSING_ASYNC],
    );
    assert_one_error(&test_with(Flavors::All, "", "fn t() {}"), &[MISSING_ASYNC]);
    // The function is still expanded, so the error is the only one.
    let out = main_with(Flavors::All, "", "fn main() {}");
    let funcs = functions(&out);
    assert_eq!(funcs.len(), 1);
    assert!(body_string(&funcs[0]).contains("block_on (body)"));
}

#[test]
fn not_a_function() {
    let out = main_with(Flavors::All, "", "struct S;");
    assert_one_error(&out, &["`#[rt::main]` can only be used on an `async fn`"]);
    // The item is left in place.
    assert!(out.to_string().ends_with("struct S ;"), "{out}");
}

#[test]
fn unknown_option_lists_the_valid_ones() {
    let valid = "expected one of: `flavor`, `worker_threads`, `start_paused`, `crate`";
    for (args, name) in [
        ("threads = 2", "threads"),
        (r#"rt::flavor = "x""#, "rt::flavor"),
        (r#"unhandled_panic = "shutdown_runtime""#, "unhandled_panic"),
        ("whatever", "whatever"),
    ] {
        let unknown = format!("unknown option `{name}`; ");
        assert_one_error(
            &main_with(Flavors::All, args, "async fn main() {}"),
            &[&unknown, valid],
        );
        assert_one_error(
            &test_with(Flavors::All, args, "async fn t() {}"),
            &[&unknown, valid],
        );
    }
    assert_one_error(
        &test_with(Flavors::All, r#"flavor("multi_thread")"#, "async fn t() {}"),
        &["`name = value`", valid],
    );
}

#[test]
fn option_without_a_value() {
    assert_one_error(
        &main_with(Flavors::All, "current_thread", "async fn main() {}"),
        &[r#"set the runtime flavor with `#[rt::main(flavor = "current_thread")]`"#],
    );
    assert_one_error(
        &test_with(Flavors::All, "multi_thread", "async fn t() {}"),
        &[r#"set the runtime flavor with `#[rt::test(flavor = "multi_thread")]`"#],
    );
    assert_one_error(
        &test_with(Flavors::All, "start_paused", "async fn t() {}"),
        &[
            "the `start_paused` option needs a value",
            "start_paused = true",
        ],
    );
}

#[test]
fn worker_threads_with_current_thread() {
    assert_one_error(
        &main_with(
            Flavors::All,
            r#"flavor = "current_thread", worker_threads = 2"#,
            "async fn main() {}",
        ),
        &[
            "the `worker_threads` option requires the `multi_thread` runtime flavor;",
            r#"use `#[rt::main(flavor = "multi_thread", worker_threads = 2)]`"#,
        ],
    );
    // The test attribute's default flavor is current_thread: the message
    // says so.
    assert_one_error(
        &test_with(Flavors::All, "worker_threads = 4", "async fn t() {}"),
        &[
            "requires the `multi_thread` runtime flavor (the default flavor of this attribute is \
             `current_thread`)",
            r#"use `#[rt::test(flavor = "multi_thread", worker_threads = 4)]`"#,
        ],
    );
}

#[test]
fn worker_threads_zero_or_not_an_integer() {
    assert_one_error(
        &main_with(Flavors::All, "worker_threads = 0", "async fn main() {}"),
        &["`worker_threads` may not be 0", "at least 1"],
    );
    for args in [
        r#"worker_threads = "4""#,
        "worker_threads = -1",
        "worker_threads = n",
    ] {
        assert_one_error(
            &main_with(Flavors::All, args, "async fn main() {}"),
            &[
                "the `worker_threads` option expects a positive integer literal",
                "worker_threads = 4",
            ],
        );
    }
}

#[test]
fn bad_flavor() {
    assert_one_error(
        &main_with(Flavors::All, r#"flavor = "multi_threaded""#, "async fn main() {}"),
        &["no such runtime flavor `multi_threaded`; the runtime flavors are `current_thread` and \
           `multi_thread`"],
    );
    assert_one_error(
        &test_with(Flavors::All, "flavor = multi_thread", "async fn t() {}"),
        &[
            "the `flavor` option expects a string",
            r#"flavor = "current_thread""#,
        ],
    );
}

#[test]
fn duplicate_options() {
    for (args, name) in [
        (
            r#"flavor = "multi_thread", flavor = "multi_thread""#,
            "flavor",
        ),
        ("worker_threads = 1, worker_threads = 2", "worker_threads"),
        ("start_paused = true, start_paused = true", "start_paused"),
        (r#"crate = "::rt", crate = "::rt""#, "crate"),
    ] {
        let message =
            format!("the `{name}` option is set more than once; keep only one `{name} = ...`");
        assert_one_error(
            &test_with(Flavors::All, args, "async fn t() {}"),
            &[&message],
        );
    }
}

#[test]
fn start_paused_with_multi_thread() {
    // Allowed: the paused clock works on the multi-thread runtime.
    for out in [
        main_with(Flavors::All, "start_paused = true", "async fn main() {}"),
        test_with(
            Flavors::All,
            r#"flavor = "multi_thread", worker_threads = 2, start_paused = true"#,
            "async fn t() {}",
        ),
    ] {
        let body = body_string(&expanded(&out));
        assert!(body.contains("new_multi_thread ()"), "{body}");
        assert!(body.contains(". start_paused (true)"), "{body}");
    }
    assert_one_error(
        &test_with(Flavors::All, "start_paused = 1", "async fn t() {}"),
        &["the `start_paused` option expects `true` or `false`"],
    );
}

#[test]
fn bad_crate_path() {
    for args in [
        r#"crate = "not a path""#,
        "crate = rt",
        r#"crate = "rt::<T>""#,
    ] {
        assert_one_error(
            &main_with(Flavors::All, args, "async fn main() {}"),
            &[
                "the `crate` option expects the path of the rt crate as a string",
                r#"crate = "::my_rt""#,
            ],
        );
    }
}

#[test]
fn main_with_arguments() {
    let out = main_with(
        Flavors::All,
        "",
        "async fn main(args: Vec<String>) { drop(args) }",
    );
    assert_one_error(&out, &["the main function cannot accept arguments"]);
    // The fallback is a `main` without arguments, so rustc has none of the
    // wrong type to complain about; the body is still type-checked, inside
    // a closure taking the arguments.
    let func = &functions(&out)[0];
    assert!(func.sig.inputs.is_empty());
    let body = body_string(func);
    assert!(
        body.starts_with("{ let _main = move | args : Vec < String > | { let body = async move"),
        "{body}"
    );
    assert!(body.ends_with(":: core :: unreachable ! () }"), "{body}");
    // Any other function may take arguments (a method, a helper).
    assert_no_error(&main_with(Flavors::All, "", "async fn run(port: u16) {}"));
}

#[test]
fn test_with_arguments() {
    let out = test_with(Flavors::All, "", "async fn t(x: u8) {}");
    assert_one_error(&out, &["the test function cannot accept arguments"]);
    // The fallback is not a test, which rustc would reject again.
    let func = &functions(&out)[0];
    assert_eq!(
        attr_strings(func),
        [quote!(#[allow(dead_code)]).to_string()]
    );
}

#[test]
fn second_test_attribute() {
    for attr in [
        "#[test]",
        "#[::core::prelude::v1::test]",
        "#[core::prelude::rust_2021::test]",
        "#[std::prelude::v1::test]",
    ] {
        let out = test_with(
            Flavors::All,
            "",
            &format!("{attr} #[ignore] async fn t() {{}}"),
        );
        assert_one_error(
            &out,
            &[
                "second test attribute is supplied, consider removing or changing the order of \
               your test attributes",
            ],
        );
        // The fallback carries one test attribute, not two.
        assert_eq!(
            attr_strings(&functions(&out)[0]),
            [
                quote!(#[::core::prelude::v1::test]).to_string(),
                quote!(#[ignore]).to_string()
            ]
        );
    }
    // Attributes that merely mention `test` are someone else's.
    for attr in ["#[my::test]", "#[test(arg)]", "#[cfg(test)]"] {
        assert_no_error(&test_with(
            Flavors::All,
            "",
            &format!("{attr} async fn t() {{}}"),
        ));
    }
}

#[test]
fn every_error_is_reported_and_the_function_still_expands() {
    let out = test_with(
        Flavors::All,
        r#"flavor = "single", worker_threads = 0, bogus = 1"#,
        "#[test] fn t(x: u8) {}",
    );
    let errors = compile_errors(&out);
    assert_eq!(errors.len(), 6, "{errors:#?}");
    for (error, expected) in errors.iter().zip([
        MISSING_ASYNC,
        "the test function cannot accept arguments",
        "second test attribute is supplied",
        "no such runtime flavor `single`",
        "`worker_threads` may not be 0",
        "unknown option `bogus`",
    ]) {
        assert!(
            error.contains(expected),
            "{error:?} does not contain {expected:?}"
        );
    }
    // The fallback builds a current-thread runtime.
    let funcs = functions(&out);
    assert_eq!(funcs.len(), 1);
    assert!(body_string(&funcs[0]).contains("new_current_thread ()"));
}

#[test]
fn fallback_keeps_a_valid_crate_path() {
    let out = main_with(
        Flavors::All,
        r#"crate = "::other", flavor = "x""#,
        "async fn main() {}",
    );
    assert_eq!(compile_errors(&out).len(), 1);
    let body = body_string(&functions(&out)[0]);
    assert!(
        body.contains(":: other :: runtime :: Builder :: new_current_thread ()"),
        "{body}"
    );
}

#[test]
fn without_rt_multi_thread() {
    assert_one_error(
        &main_with(Flavors::CurrentThreadOnly, "", "async fn main() {}"),
        &[
            "the default runtime flavor of `#[rt::main]` is `multi_thread`, but the \
             `rt-multi-thread` feature of rt is disabled",
            r#"use `#[rt::main(flavor = "current_thread")]`"#,
        ],
    );
    assert_one_error(
        &test_with(
            Flavors::CurrentThreadOnly,
            r#"flavor = "multi_thread""#,
            "async fn t() {}",
        ),
        &["the `multi_thread` runtime flavor needs the `rt-multi-thread` feature of rt"],
    );
    for out in [
        main_with(
            Flavors::CurrentThreadOnly,
            r#"flavor = "current_thread""#,
            "async fn main() {}",
        ),
        test_with(Flavors::CurrentThreadOnly, "", "async fn t() {}"),
    ] {
        let body = body_string(&expanded(&out));
        assert!(body.contains("new_current_thread ()"), "{body}");
    }
}
