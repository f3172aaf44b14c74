//! The expansion of `#[rt::main]` and `#[rt::test]`.
//!
//! ```text
//! #[rt::main(flavor = "multi_thread", worker_threads = 2)]
//! async fn main() -> Result<(), E> { body }
//! ```
//!
//! becomes
//!
//! ```text
//! fn main() -> Result<(), E> {
//!     let body = async move {
//!         let output: Result<(), E> = { body };
//!         return output;
//!     };
//!     #[allow(clippy::expect_used)]
//!     let runtime = ::rt::runtime::Builder::new_multi_thread()
//!         .worker_threads(2)
//!         .enable_all()
//!         .build()
//!         .expect("Failed building the Runtime");
//!     runtime.block_on(body)
//! }
//! ```
//!
//! and `#[rt::test]` does the same under `#[::core::prelude::v1::test]`.
//!
//! What the expansion keeps of the user's function:
//!
//! - The attributes, visibility and signature (minus `async`), so docs,
//!   `#[should_panic]`, `#[ignore]` and the return type (including
//!   `Result<(), E>`, which `main` and tests may return) behave as written.
//! - The body's tokens with their spans: type errors, borrow errors and
//!   lints inside it point at the user's code. The body sits in an `async
//!   move` block, so `return` in it returns from the block, whose value
//!   `block_on` hands back as the function's value.
//! - The declared return type, as the annotation of the block's value: the
//!   body's tail is checked against it (a mismatch is reported at the tail,
//!   not at the attribute), and `?` knows which error type to convert into.
//!   An `impl Trait` return type cannot annotate a `let`, so it is left to
//!   inference. (The expansion also puts `#[allow(unreachable_code)]` on the
//!   generated `return`, which a diverging body makes unreachable, and
//!   `#[allow(clippy::diverging_sub_expression)]` on the `let`, which is the
//!   one lint this costs the user's body.)
//!
//! The locals the expansion introduces use `Span::mixed_site()`, so the
//! user's body can neither see nor shadow them. The builder calls carry the
//! attribute's span (or the option's, for `worker_threads` and
//! `start_paused`), so an error there (a facade without `test-util`, a wrong
//! `crate` path) is reported at the attribute.
//!
//! On misuse the output is the `compile_error!`s followed by the best
//! expansion still possible (with a current-thread fallback configuration),
//! shaped so that rustc does not report the same mistake again (see
//! `Shape`): the only errors reported are the attribute's own, and the
//! user's body is still type-checked.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::{AttrStyle, Attribute, ItemFn, Meta, Path, ReturnType, Type};

use crate::error::Errors;
use crate::options::{Config, Flavor, Flavors, Options};

/// Which attribute is being expanded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    /// `#[rt::main]`: the default flavor is `multi_thread`.
    Main,
    /// `#[rt::test]`: the default flavor is `current_thread`, and the
    /// function is marked `#[test]`.
    Test,
}

impl Entry {
    /// The attribute as users write it, for messages.
    pub(crate) fn path(self) -> &'static str {
        match self {
            Entry::Main => "rt::main",
            Entry::Test => "rt::test",
        }
    }

    /// The flavor when the attribute has no `flavor = ...`, as in Tokio.
    pub(crate) fn default_flavor(self) -> Flavor {
        match self {
            Entry::Main => Flavor::MultiThread,
            Entry::Test => Flavor::CurrentThread,
        }
    }
}

/// The message for an entry function declared without `async`.
pub(crate) const MISSING_ASYNC: &str =
    "the `async` keyword is missing from the function declaration";

/// Expands `#[rt::main]` (or one of its variants, by `flavors`): `args` are
/// the tokens inside the attribute's parentheses, `item` the function.
///
/// Never fails: misuse produces `compile_error!` invocations in the output.
pub(crate) fn expand_main(flavors: Flavors, args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Entry::Main, flavors, args, item)
}

/// Expands `#[rt::test]` (or one of its variants, by `flavors`), like
/// [`expand_main`].
pub(crate) fn expand_test(flavors: Flavors, args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Entry::Test, flavors, args, item)
}

fn expand(entry: Entry, flavors: Flavors, args: TokenStream, item: TokenStream) -> TokenStream {
    let mut func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(e) => {
            // Not a function at all: leave the item alone, so the only error
            // is ours.
            let message = format!(
                "`#[{}]` can only be used on an `async fn` ({e})",
                entry.path()
            );
            let mut out = syn::Error::new(e.span(), message).to_compile_error();
            out.extend(item);
            return out;
        }
    };

    let mut errors = Errors::default();
    if let Err(e) = check_signature(entry, &func) {
        errors.push(e);
    }
    let config =
        match Options::parse(entry, args).and_then(|options| options.resolve(entry, flavors)) {
            Ok(config) => config,
            Err((e, krate)) => {
                errors.push(e);
                Config::fallback(krate)
            }
        };

    let mut out = match errors.finish() {
        Ok(()) => TokenStream::new(),
        Err(e) => e.to_compile_error(),
    };
    // What follows expands even a function the checks above rejected, in a
    // way that rustc does not reject again: a missing `async` is added back,
    // and so on.
    func.sig.asyncness = None;
    let shape = match entry {
        // rustc rejects `fn main(args: ..)` itself (E0580).
        Entry::Main
            if func.sig.ident == "main"
                && func.sig.receiver().is_none()
                && !func.sig.inputs.is_empty() =>
        {
            Shape::ArgumentsInClosure
        }
        Entry::Main => Shape::Plain,
        Entry::Test => {
            // The user's `#[test]` was reported above: without it, rustc
            // does not also warn about a duplicated attribute.
            func.attrs.retain(|attr| !is_test_attribute(attr));
            if func.sig.inputs.is_empty() {
                Shape::Test
            } else {
                // rustc rejects a `#[test]` with arguments itself.
                Shape::NotATest
            }
        }
    };
    out.extend(generate(shape, &config, func));
    out
}

/// How the generated function wraps the runtime.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A plain function, as `#[rt::main]` produces.
    Plain,
    /// A function marked `#[::core::prelude::v1::test]`.
    Test,
    /// After the error for a test with arguments: a plain function, allowed
    /// to be unused.
    NotATest,
    /// After the error for a `main` with arguments: a `main` without them,
    /// whose body is a closure taking the arguments (never called). The
    /// user's body is still checked, and rustc has no `main` of the wrong
    /// type to report again.
    ArgumentsInClosure,
}

fn check_signature(entry: Entry, func: &ItemFn) -> syn::Result<()> {
    let mut errors = Errors::default();
    if func.sig.asyncness.is_none() {
        errors.push(syn::Error::new_spanned(func.sig.fn_token, MISSING_ASYNC));
    }
    match entry {
        Entry::Main => {
            if func.sig.ident == "main" && !func.sig.inputs.is_empty() {
                errors.push(syn::Error::new_spanned(
                    &func.sig.inputs,
                    "the main function cannot accept arguments; read them inside the body \
                     instead (`std::env::args()`)",
                ));
            }
        }
        Entry::Test => {
            if !func.sig.inputs.is_empty() {
                errors.push(syn::Error::new_spanned(
                    &func.sig.inputs,
                    "the test function cannot accept arguments; build the values the test \
                     needs inside its body",
                ));
            }
            if let Some(attr) = func.attrs.iter().find(|attr| is_test_attribute(attr)) {
                errors.push(syn::Error::new_spanned(
                    attr,
                    "second test attribute is supplied, consider removing or changing the \
                     order of your test attributes (`#[rt::test]` already marks the function \
                     as a test)",
                ));
            }
        }
    }
    errors.finish()
}

/// Whether `attr` is the built-in `#[test]`: written `test`, or through the
/// prelude as `[::]core::prelude::<edition>::test` (or `std::...`).
fn is_test_attribute(attr: &Attribute) -> bool {
    let Meta::Path(path) = &attr.meta else {
        return false;
    };
    if path
        .segments
        .iter()
        .any(|segment| !segment.arguments.is_none())
    {
        return false;
    }
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    match names.as_slice() {
        [test] => path.leading_colon.is_none() && test == "test",
        [root, prelude, _edition, test] => {
            (root == "core" || root == "std") && prelude == "prelude" && test == "test"
        }
        _ => false,
    }
}

/// The type to annotate the body's value with, when one can be written on a
/// `let`: the declared return type, `()` when there is none, nothing for
/// `impl Trait` (not allowed there) or `!` (unstable there).
fn output_annotation(output: &ReturnType) -> Option<TokenStream> {
    match output {
        ReturnType::Default => Some(quote!(())),
        ReturnType::Type(_, ty) => {
            let tokens = ty.to_token_stream();
            if matches!(**ty, Type::Never(_)) || mentions_impl(tokens.clone()) {
                None
            } else {
                Some(tokens)
            }
        }
    }
}

fn mentions_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == "impl",
        TokenTree::Group(group) => mentions_impl(group.stream()),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}

fn generate(shape: Shape, config: &Config, func: ItemFn) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        mut sig,
        block,
    } = func;
    let (inner_attrs, outer_attrs): (Vec<Attribute>, Vec<Attribute>) = attrs
        .into_iter()
        .partition(|attr| matches!(attr.style, AttrStyle::Inner(_)));

    let body = Ident::new("body", Span::mixed_site());
    let output = Ident::new("output", Span::mixed_site());
    let runtime = Ident::new("runtime", Span::mixed_site());

    let future = match output_annotation(&sig.output) {
        // A body that diverges (`panic!`, an endless accept loop) makes
        // the `return` unreachable, and its block a diverging
        // sub-expression: neither is the user's doing.
        Some(ty) => quote! {
            async move {
                #[allow(clippy::diverging_sub_expression)]
                let #output: #ty = #block;
                #[allow(unreachable_code)]
                return #output;
            }
        },
        None => quote!(async move #block),
    };
    let builder = builder(config);
    let mut run = quote! {
        let #body = #future;
        #[allow(clippy::expect_used)]
        let #runtime = #builder;
        #runtime.block_on(#body)
    };
    let test_attr = match shape {
        Shape::Test => quote!(#[::core::prelude::v1::test]),
        Shape::Plain => TokenStream::new(),
        Shape::NotATest => quote!(#[allow(dead_code)]),
        Shape::ArgumentsInClosure => {
            let inputs = std::mem::take(&mut sig.inputs);
            let closure = Ident::new("_main", Span::mixed_site());
            run = quote! {
                let #closure = move |#inputs| { #run };
                ::core::unreachable!()
            };
            TokenStream::new()
        }
    };

    quote! {
        #test_attr
        #(#outer_attrs)*
        #vis #sig {
            #(#inner_attrs)*
            #run
        }
    }
}

/// `<crate>::runtime::Builder::new_*()...build().expect(..)`.
fn builder(config: &Config) -> TokenStream {
    let krate: &Path = &config.krate;
    let new = match config.flavor {
        Flavor::CurrentThread => quote!(new_current_thread),
        Flavor::MultiThread => quote!(new_multi_thread),
    };
    let worker_threads = config
        .worker_threads
        .as_ref()
        .map(|n| quote_spanned!(n.span()=> .worker_threads(#n)));
    let start_paused = config
        .start_paused
        .map(|span| quote_spanned!(span=> .start_paused(true)));
    quote! {
        #krate::runtime::Builder::#new()
            #worker_threads
            .enable_all()
            #start_paused
            .build()
            .expect("Failed building the Runtime")
    }
}
