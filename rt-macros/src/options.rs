//! Parsing and checking the options written inside the attribute:
//! `#[rt::main(flavor = "multi_thread", worker_threads = 4)]`.
//!
//! Parsing happens in two steps. [`Options::parse`] reads each `name = value`
//! pair on its own (unknown names, wrong literal kinds, duplicates, zero
//! workers). [`Options::resolve`] then checks the combination against the
//! macro's default flavor and the flavors the facade was built with, and
//! produces the [`Config`] the code generator consumes. Every error carries the
//! span of the token that caused it, or the attribute's span (`call_site`)
//! when nothing more precise exists, and says what to write instead.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitInt, Meta, MetaNameValue, Path, Token};

use crate::entry::Entry;
use crate::error::Errors;

/// The option names the attributes accept, in the order the docs list them.
const VALID_OPTIONS: &str = "`flavor`, `worker_threads`, `start_paused`, `crate`";

/// Which scheduler the generated code builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// `Builder::new_current_thread()`.
    CurrentThread,
    /// `Builder::new_multi_thread()`.
    MultiThread,
}

impl Flavor {
    fn parse(value: &str) -> Option<Flavor> {
        match value {
            "current_thread" => Some(Flavor::CurrentThread),
            "multi_thread" => Some(Flavor::MultiThread),
            _ => None,
        }
    }
}

/// Which flavors the facade can build, decided by its cargo features and
/// passed in by the macro entry point the facade re-exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavors {
    /// Both flavors (feature `rt-multi-thread`).
    All,
    /// Only the current-thread scheduler (feature `rt` without
    /// `rt-multi-thread`).
    CurrentThreadOnly,
}

/// The options as written, each with the span to blame in an error.
#[derive(Default)]
pub(crate) struct Options {
    /// `flavor = "..."` and the span of its string literal.
    flavor: Option<(Flavor, Span)>,
    /// `worker_threads = N`, already known to be positive, as an unsuffixed
    /// literal carrying the span of the one written.
    worker_threads: Option<LitInt>,
    /// `start_paused = bool` and the span of the whole `name = value` pair.
    start_paused: Option<(bool, Span)>,
    /// `crate = "path"`, parsed with the spans of the string literal.
    krate: Option<Path>,
}

/// What the code generator needs: every option checked and defaulted.
pub(crate) struct Config {
    /// The scheduler to build.
    pub(crate) flavor: Flavor,
    /// The argument of `.worker_threads(..)`, emitted only when given.
    pub(crate) worker_threads: Option<LitInt>,
    /// The span of `start_paused = true` when it was given: the generated
    /// `.start_paused(true)` call carries it, so a facade built without
    /// `test-util` reports the missing method at the option.
    pub(crate) start_paused: Option<Span>,
    /// The path of the facade crate (`::rt` unless `crate = "..."`).
    pub(crate) krate: Path,
}

impl Config {
    /// The configuration used to keep expanding after an error in the
    /// options, so that the user's body is still type-checked and only the
    /// option error is reported. It builds a current-thread runtime, which
    /// every facade that has the macros at all can build.
    pub(crate) fn fallback(krate: Option<Path>) -> Config {
        Config {
            flavor: Flavor::CurrentThread,
            worker_threads: None,
            start_paused: None,
            krate: krate.unwrap_or_else(default_crate_path),
        }
    }
}

fn default_crate_path() -> Path {
    syn::parse_quote!(::rt)
}

impl Options {
    /// Parses the attribute's arguments (the tokens inside the parentheses).
    ///
    /// On failure the error holds one message per faulty option, and the
    /// `crate` path is returned alongside when it parsed, so a fallback
    /// expansion still names the right crate.
    pub(crate) fn parse(
        entry: Entry,
        args: TokenStream,
    ) -> Result<Options, (syn::Error, Option<Path>)> {
        let metas = Punctuated::<Meta, Token![,]>::parse_terminated
            .parse2(args)
            .map_err(|e| (e, None))?;
        let mut options = Options::default();
        let mut errors = Errors::default();
        for meta in metas {
            if let Err(e) = options.set(entry, meta) {
                errors.push(e);
            }
        }
        match errors.finish() {
            Ok(()) => Ok(options),
            Err(e) => Err((e, options.krate)),
        }
    }

    fn set(&mut self, entry: Entry, meta: Meta) -> syn::Result<()> {
        let nv = match meta {
            Meta::NameValue(nv) => nv,
            Meta::Path(path) => return Err(bare_option(entry, &path)),
            Meta::List(list) => {
                return Err(syn::Error::new_spanned(
                    &list,
                    format!(
                        "options are written as `name = value`, not `name(...)`; \
                         expected one of: {VALID_OPTIONS}"
                    ),
                ))
            }
        };
        let name = option_name(&nv.path);
        match name.as_deref() {
            Some("flavor") => {
                ensure_unset(self.flavor.is_some(), &nv)?;
                self.flavor = Some(parse_flavor(entry, &nv)?);
            }
            Some("worker_threads") => {
                ensure_unset(self.worker_threads.is_some(), &nv)?;
                self.worker_threads = Some(parse_worker_threads(entry, &nv)?);
            }
            Some("start_paused") => {
                ensure_unset(self.start_paused.is_some(), &nv)?;
                self.start_paused = Some((parse_bool(entry, &nv)?, nv.span()));
            }
            Some("crate") => {
                ensure_unset(self.krate.is_some(), &nv)?;
                self.krate = Some(parse_crate(entry, &nv)?);
            }
            _ => return Err(unknown_option(&nv.path)),
        }
        Ok(())
    }

    /// Checks the options against each other, the macro's default flavor
    /// and the flavors the facade provides.
    pub(crate) fn resolve(
        self,
        entry: Entry,
        flavors: Flavors,
    ) -> Result<Config, (syn::Error, Option<Path>)> {
        let mut errors = Errors::default();
        let flavor = match self.flavor {
            Some((flavor, span)) => {
                if flavor == Flavor::MultiThread && flavors == Flavors::CurrentThreadOnly {
                    errors.push(syn::Error::new(
                        span,
                        format!(
                            "the `multi_thread` runtime flavor needs the `rt-multi-thread` \
                             feature of rt; enable it, or use `#[{}(flavor = \"current_thread\")]`",
                            entry.path()
                        ),
                    ));
                }
                flavor
            }
            None => {
                let flavor = entry.default_flavor();
                if flavor == Flavor::MultiThread && flavors == Flavors::CurrentThreadOnly {
                    errors.push(syn::Error::new(
                        Span::call_site(),
                        format!(
                            "the default runtime flavor of `#[{0}]` is `multi_thread`, but the \
                             `rt-multi-thread` feature of rt is disabled; enable it, or use \
                             `#[{0}(flavor = \"current_thread\")]`",
                            entry.path()
                        ),
                    ));
                }
                flavor
            }
        };
        if let (Flavor::CurrentThread, Some(workers)) = (flavor, &self.worker_threads) {
            let hint = if self.flavor.is_some() {
                ""
            } else {
                " (the default flavor of this attribute is `current_thread`)"
            };
            errors.push(syn::Error::new(
                workers.span(),
                format!(
                    "the `worker_threads` option requires the `multi_thread` runtime flavor{hint}; \
                     use `#[{}(flavor = \"multi_thread\", worker_threads = {})]`",
                    entry.path(),
                    workers.base10_digits(),
                ),
            ));
        }
        // Both flavours can start paused (rt's paused clock works on the
        // multi-thread runtime too, unlike Tokio's).
        let start_paused = match self.start_paused {
            Some((true, span)) => Some(span),
            Some((false, _)) | None => None,
        };
        match errors.finish() {
            Ok(()) => Ok(Config {
                flavor,
                worker_threads: self.worker_threads,
                start_paused,
                krate: self.krate.unwrap_or_else(default_crate_path),
            }),
            Err(e) => Err((e, self.krate)),
        }
    }
}

/// The option's name when it is a single plain identifier. `crate` is a
/// keyword, which `Meta` still accepts as a one-segment path.
fn option_name(path: &Path) -> Option<String> {
    if path.leading_colon.is_some() || path.segments.len() != 1 {
        return None;
    }
    let segment = &path.segments[0];
    segment
        .arguments
        .is_none()
        .then(|| segment.ident.to_string())
}

fn unknown_option(path: &Path) -> syn::Error {
    let written = quote::ToTokens::to_token_stream(path)
        .to_string()
        .replace(' ', "");
    syn::Error::new_spanned(
        path,
        format!("unknown option `{written}`; expected one of: {VALID_OPTIONS}"),
    )
}

/// An option written without a value: `#[rt::main(multi_thread)]`.
fn bare_option(entry: Entry, path: &Path) -> syn::Error {
    let message = match option_name(path).as_deref() {
        Some(flavor @ ("current_thread" | "multi_thread")) => format!(
            "set the runtime flavor with `#[{}(flavor = \"{flavor}\")]`",
            entry.path()
        ),
        Some(name @ ("flavor" | "worker_threads" | "start_paused" | "crate")) => {
            let example = match name {
                "flavor" => "flavor = \"multi_thread\"",
                "worker_threads" => "worker_threads = 4",
                "start_paused" => "start_paused = true",
                _ => "crate = \"path::to::rt\"",
            };
            format!(
                "the `{name}` option needs a value, like `#[{}({example})]`",
                entry.path()
            )
        }
        _ => return unknown_option(path),
    };
    syn::Error::new_spanned(path, message)
}

fn ensure_unset(already_set: bool, nv: &MetaNameValue) -> syn::Result<()> {
    if already_set {
        let name = option_name(&nv.path).unwrap_or_default();
        return Err(syn::Error::new_spanned(
            &nv.path,
            format!("the `{name}` option is set more than once; keep only one `{name} = ...`"),
        ));
    }
    Ok(())
}

/// The literal on the right of `=`, looking through invisible groups that
/// `macro_rules!` wraps around `$x:expr` / `$x:lit` fragments.
fn literal(value: &Expr) -> Option<&Lit> {
    match value {
        Expr::Lit(ExprLit { lit, attrs }) if attrs.is_empty() => Some(lit),
        Expr::Group(group) => literal(&group.expr),
        _ => None,
    }
}

fn parse_flavor(entry: Entry, nv: &MetaNameValue) -> syn::Result<(Flavor, Span)> {
    let expected = || {
        syn::Error::new_spanned(
            &nv.value,
            format!(
                "the `flavor` option expects a string: `#[{}(flavor = \"current_thread\")]` \
                 or `flavor = \"multi_thread\"`",
                entry.path()
            ),
        )
    };
    let Some(Lit::Str(s)) = literal(&nv.value) else {
        return Err(expected());
    };
    match Flavor::parse(&s.value()) {
        Some(flavor) => Ok((flavor, s.span())),
        None => Err(syn::Error::new(
            s.span(),
            format!(
                "no such runtime flavor `{}`; the runtime flavors are `current_thread` and \
                 `multi_thread`",
                s.value()
            ),
        )),
    }
}

fn parse_worker_threads(entry: Entry, nv: &MetaNameValue) -> syn::Result<LitInt> {
    let expected = || {
        syn::Error::new_spanned(
            &nv.value,
            format!(
                "the `worker_threads` option expects a positive integer literal, like \
                 `#[{}(flavor = \"multi_thread\", worker_threads = 4)]`",
                entry.path()
            ),
        )
    };
    let Some(Lit::Int(int)) = literal(&nv.value) else {
        return Err(expected());
    };
    let n: usize = int.base10_parse().map_err(|_| expected())?;
    if n == 0 {
        return Err(syn::Error::new(
            int.span(),
            "`worker_threads` may not be 0; give the number of worker threads to start (at \
             least 1), or leave the option out to use one per CPU core",
        ));
    }
    // Re-emitted without a suffix so that `4u8` still means a `usize`.
    Ok(LitInt::new(&n.to_string(), int.span()))
}

fn parse_bool(entry: Entry, nv: &MetaNameValue) -> syn::Result<bool> {
    match literal(&nv.value) {
        Some(Lit::Bool(b)) => Ok(b.value),
        _ => Err(syn::Error::new_spanned(
            &nv.value,
            format!(
                "the `start_paused` option expects `true` or `false`, like \
                 `#[{}(start_paused = true)]`",
                entry.path()
            ),
        )),
    }
}

fn parse_crate(entry: Entry, nv: &MetaNameValue) -> syn::Result<Path> {
    let expected = || {
        syn::Error::new_spanned(
            &nv.value,
            format!(
                "the `crate` option expects the path of the rt crate as a string, like \
                 `#[{}(crate = \"::my_rt\")]`",
                entry.path()
            ),
        )
    };
    let Some(Lit::Str(s)) = literal(&nv.value) else {
        return Err(expected());
    };
    // `LitStr::parse` gives the path the literal's span, so a path that does
    // not resolve is reported at the string the user wrote.
    s.parse_with(Path::parse_mod_style).map_err(|_| expected())
}
