//! Logs (tracing) and metrics (Prometheus) set-up.

use std::fmt::{self, Write as _};
use std::io::IsTerminal;
use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Subscriber;
use tracing::field::{Field, Visit};
use tracing::span::Record;
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::FormatFields;
use tracing_subscriber::fmt::FormattedFields;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::layer::{Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::{Config, LogFormat};

/// Counter of handled requests, by `method`, `route` and `status`.
pub const REQUESTS_TOTAL: &str = "http_server_requests_total";
/// Histogram of request latency in seconds, by `method`, `route` and `status`.
pub const REQUEST_DURATION: &str = "http_server_request_duration_seconds";

/// Latency buckets, in seconds.
const DURATION_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Installs the global log subscriber: JSON lines or human text, filtered by `RUST_LOG`.
///
/// Call it once, at start-up; later calls are ignored.
pub fn init_logging(config: &Config) {
    // Config checked RUST_LOG at start-up; the fallback only guards direct callers.
    let filter: Targets = config
        .log_filter
        .parse()
        .unwrap_or_else(|_| Targets::new().with_default(LevelFilter::INFO));
    let registry = tracing_subscriber::registry().with(filter);
    let installed = match config.log_format {
        LogFormat::Json => registry.with(json_layer(std::io::stdout)).try_init(),
        LogFormat::Text => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(std::io::stdout().is_terminal())
                    .with_writer(std::io::stdout),
            )
            .try_init(),
    };
    if installed.is_ok() {
        // Panics are caught and answered with a 500 problem; log them as events
        // so they reach the log pipeline in the configured format.
        std::panic::set_hook(Box::new(|info| {
            tracing::error!(panic = %info, "a request handler panicked");
        }));
    }
}

/// The JSON log lines: one object per event, its fields at the top level and
/// the fields of its innermost span (the request's) in `span`.
pub fn json_layer<S, W>(writer: W) -> impl Layer<S> + Send + Sync
where
    S: Subscriber + for<'span> LookupSpan<'span>,
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    tracing_subscriber::fmt::layer()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .fmt_fields(JsonSpanFields)
        .with_writer(writer)
}

/// Span fields as a JSON object, written straight into the span's string.
///
/// Does what tracing-subscriber's `JsonFields` does for the JSON log format,
/// cheaper: `JsonFields` builds a map of `serde_json::Value`s (an allocation
/// per field) for every span when it is created, and parses and re-serializes
/// it when a field is recorded later; the request span is created for every
/// request. The output is the same JSON object.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonSpanFields;

impl<'writer> FormatFields<'writer> for JsonSpanFields {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'writer>,
        fields: R,
    ) -> fmt::Result {
        // Written to the stack first, so the span's string is allocated
        // once, at its size, instead of growing field by field.
        let mut buffer = StackBuffer::new(&mut writer);
        buffer.write_char('{')?;
        let mut visitor = JsonVisitor::new(&mut buffer, true);
        fields.record(&mut visitor);
        visitor.result?;
        buffer.write_char('}')?;
        buffer.flush()
    }

    fn add_fields(
        &self,
        current: &'writer mut FormattedFields<Self>,
        fields: &Record<'_>,
    ) -> fmt::Result {
        // Reopens the object: `{"a":1}` becomes `{"a":1,"b":2}`.
        let text = &mut current.fields;
        if text.ends_with('}') {
            text.pop();
        } else {
            text.clear();
            text.push('{');
        }
        let first = text.len() == 1;
        let mut visitor = JsonVisitor::new(text, first);
        fields.record(&mut visitor);
        let result = visitor.result;
        text.push('}');
        result
    }
}

/// Writes `"name":value` pairs, comma-separated, like `JsonFields` records
/// them: numbers and booleans as such, everything else as a string.
struct JsonVisitor<'a, W> {
    out: &'a mut W,
    first: bool,
    result: fmt::Result,
}

impl<'a, W: fmt::Write> JsonVisitor<'a, W> {
    fn new(out: &'a mut W, first: bool) -> Self {
        Self {
            out,
            first,
            result: Ok(()),
        }
    }

    /// Writes the separator and the key, then the value with `value`.
    fn field(&mut self, field: &Field, value: impl FnOnce(&mut W) -> fmt::Result) {
        let name = field.name();
        if self.result.is_err() || name.starts_with("log.") {
            return;
        }
        let name = name.strip_prefix("r#").unwrap_or(name);
        let separator = if self.first { "" } else { "," };
        self.first = false;
        self.result = self
            .out
            .write_str(separator)
            .and_then(|()| write_json_str(self.out, name))
            .and_then(|()| self.out.write_char(':'))
            .and_then(|()| value(self.out));
    }
}

impl<W: fmt::Write> Visit for JsonVisitor<'_, W> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.field(field, |out| write_json_str(out, value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.field(field, |out| write!(out, "{value}"));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.field(field, |out| write!(out, "{value}"));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.field(field, |out| write!(out, "{value}"));
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        if value.is_finite() {
            self.field(field, |out| write!(out, "{value}"));
        } else {
            self.field(field, |out| out.write_str("null"));
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.field(field, |out| {
            out.write_char('"')?;
            write!(JsonEscaped(out), "{value:?}")?;
            out.write_char('"')
        });
    }
}

/// Collects writes in a fixed buffer and passes them on in one piece.
struct StackBuffer<'a, W: fmt::Write> {
    bytes: [u8; 256],
    len: usize,
    out: &'a mut W,
}

impl<'a, W: fmt::Write> StackBuffer<'a, W> {
    fn new(out: &'a mut W) -> Self {
        Self {
            bytes: [0; 256],
            len: 0,
            out,
        }
    }

    /// Passes on what was written so far.
    fn flush(&mut self) -> fmt::Result {
        // Only whole `&str`s were copied in, so this cannot fail.
        let text = std::str::from_utf8(&self.bytes[..self.len]).map_err(|_| fmt::Error)?;
        self.out.write_str(text)?;
        self.len = 0;
        Ok(())
    }
}

impl<W: fmt::Write> fmt::Write for StackBuffer<'_, W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if self.len + text.len() > self.bytes.len() {
            self.flush()?;
            if text.len() > self.bytes.len() {
                return self.out.write_str(text);
            }
        }
        self.bytes[self.len..self.len + text.len()].copy_from_slice(text.as_bytes());
        self.len += text.len();
        Ok(())
    }
}

/// `value` as a JSON string.
fn write_json_str(out: &mut impl fmt::Write, value: &str) -> fmt::Result {
    out.write_char('"')?;
    JsonEscaped(out).write_str(value)?;
    out.write_char('"')
}

/// Escapes what it is given for the inside of a JSON string.
struct JsonEscaped<'a, W>(&'a mut W);

impl<W: fmt::Write> fmt::Write for JsonEscaped<'_, W> {
    fn write_str(&mut self, value: &str) -> fmt::Result {
        let mut start = 0;
        for (i, byte) in value.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..=0x1f => "",
                _ => continue,
            };
            // `i` is an ASCII byte, so a char boundary.
            self.0.write_str(&value[start..i])?;
            if escape.is_empty() {
                write!(self.0, "\\u{byte:04x}")?;
            } else {
                self.0.write_str(escape)?;
            }
            start = i + 1;
        }
        self.0.write_str(&value[start..])
    }
}

/// The process-wide Prometheus recorder, installed on first use.
///
/// A process has one global `metrics` recorder, so every [`crate::AppState`]
/// (and every in-process test) shares this handle.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new();
            let recorder = builder
                .set_buckets_for_metric(
                    Matcher::Full(REQUEST_DURATION.to_owned()),
                    DURATION_BUCKETS,
                )
                .unwrap_or_else(|_| PrometheusBuilder::new())
                .build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("another metrics recorder is installed; /metrics stays empty");
            }
            metrics::describe_counter!(REQUESTS_TOTAL, "HTTP requests handled");
            metrics::describe_histogram!(
                REQUEST_DURATION,
                metrics::Unit::Seconds,
                "HTTP request latency"
            );
            handle
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        write_json_str(&mut out, "a\"b\\c\nd\u{1}é").unwrap();
        assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
        let parsed: String = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed, "a\"b\\c\nd\u{1}é");
    }

    #[test]
    fn the_stack_buffer_passes_everything_on_in_order() {
        let long = "x".repeat(300);
        let mut out = String::new();
        let mut buffer = StackBuffer::new(&mut out);
        for piece in ["{", &"y".repeat(200), &long, "é", "}"] {
            buffer.write_str(piece).unwrap();
        }
        buffer.flush().unwrap();
        assert_eq!(out, format!("{{{}{long}é}}", "y".repeat(200)));
    }
}
