//! Collecting several errors so that one expansion reports all of them.

/// An accumulator of [`syn::Error`]s: each is reported at its own span.
#[derive(Default)]
pub(crate) struct Errors {
    first: Option<syn::Error>,
}

impl Errors {
    /// Adds an error; the order of pushes is the order of the messages.
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.first {
            Some(first) => first.combine(error),
            None => self.first = Some(error),
        }
    }

    /// `Err` with every pushed error combined, or `Ok` when none was pushed.
    pub(crate) fn finish(self) -> syn::Result<()> {
        match self.first {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}
