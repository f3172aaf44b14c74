//! Feature `tracing`: every task runs in a `task` span carrying its id,
//! name and spawn location, so a subscriber can tell which task logged
//! what; a slow poll without an `on_slow_poll` hook becomes a `WARN` event.
//!
//! A minimal recording subscriber stands in for tracing-subscriber.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

type Fields = HashMap<String, String>;

#[derive(Debug, Clone)]
struct Recorded {
    level: Level,
    target: String,
    fields: Fields,
    /// The fields of the innermost entered span, if any.
    span: Option<(String, Fields)>,
}

#[derive(Default)]
struct Recorder {
    next: AtomicU64,
    spans: Mutex<HashMap<u64, (String, Fields)>>,
    events: Mutex<Vec<Recorded>>,
}

thread_local! {
    static STACK: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

struct Collect<'a>(&'a mut Fields);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

#[derive(Clone, Default)]
struct Shared(Arc<Recorder>);

impl Subscriber for Shared {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.0.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = Fields::new();
        attrs.record(&mut Collect(&mut fields));
        self.0
            .spans
            .lock()
            .unwrap()
            .insert(id, (attrs.metadata().name().to_string(), fields));
        Id::from_u64(id)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::new();
        event.record(&mut Collect(&mut fields));
        let span = STACK.with(|s| s.borrow().last().copied());
        let span = span.and_then(|id| self.0.spans.lock().unwrap().get(&id).cloned());
        self.0.events.lock().unwrap().push(Recorded {
            level: *event.metadata().level(),
            target: event.metadata().target().to_string(),
            fields,
            span,
        });
    }
    fn enter(&self, span: &Id) {
        STACK.with(|s| s.borrow_mut().push(span.into_u64()));
    }
    fn exit(&self, span: &Id) {
        STACK.with(|s| {
            let mut s = s.borrow_mut();
            if let Some(pos) = s.iter().rposition(|&id| id == span.into_u64()) {
                s.remove(pos);
            }
        });
    }
}

#[test]
fn events_in_a_task_carry_its_span() {
    let recorder = Shared::default();
    let rt = rt::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let id = tracing::subscriber::with_default(recorder.clone(), || {
        rt.block_on(async {
            let handle = rt::task::Builder::new()
                .name("worker-7")
                .spawn(async {
                    rt::task::yield_now().await;
                    tracing::info!(answer = 42u64, "hello from a task");
                })
                .unwrap();
            let id = handle.id();
            handle.await.unwrap();
            id
        })
    });
    let events = recorder.0.events.lock().unwrap().clone();
    let hello = events
        .iter()
        .find(|e| e.fields.get("message").map(String::as_str) == Some("hello from a task"))
        .expect("the task's event was recorded");
    let (name, span) = hello.span.as_ref().expect("logged inside the task's span");
    assert_eq!(name, "task");
    assert_eq!(span["task_id"], id.as_u64().to_string());
    assert_eq!(span["task_name"], "worker-7");
    assert!(span["spawned_at"].contains("tracing_spans.rs"), "{span:?}");
    assert_eq!(hello.fields["answer"], "42");
}

#[test]
fn slow_poll_without_hook_is_a_warning() {
    let recorder = Shared::default();
    let rt = rt::runtime::Builder::new_current_thread()
        .slow_poll_threshold(std::time::Duration::from_millis(5))
        .build()
        .unwrap();
    tracing::subscriber::with_default(recorder.clone(), || {
        rt.block_on(async {
            rt::task::Builder::new()
                .name("blocker")
                .spawn(async { std::thread::sleep(std::time::Duration::from_millis(30)) })
                .unwrap()
                .await
                .unwrap();
        })
    });
    let events = recorder.0.events.lock().unwrap().clone();
    let warn = events
        .iter()
        .find(|e| e.target == "rt::slow_poll")
        .expect("a slow-poll warning");
    assert_eq!(warn.level, Level::WARN);
    assert_eq!(warn.fields["task_name"], "blocker");
    assert!(
        warn.fields["message"].contains("spawn_blocking"),
        "{warn:?}"
    );
}
