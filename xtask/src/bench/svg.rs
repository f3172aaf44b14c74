//! The rt/tokio ratio chart `cargo xtask bench` writes: a horizontal bar per
//! workload on a linear axis starting at 0, a dashed line at 1.0 (parity
//! with tokio), the value at the end of each bar, and a title. Written by
//! hand with string formatting (xtask has no dependencies); every piece of
//! text goes through [`escape`].

use std::fmt::Write as _;

/// Label font size, in px.
const FONT: f64 = 12.0;
/// A generous estimate of one label character's width at [`FONT`], in px,
/// to size the label column (SVG cannot measure text before rendering it).
const CHAR_W: f64 = 7.0;
/// The same for the title (14 px bold), which sets the chart's width when
/// it is wider than the plot.
const TITLE_CHAR_W: f64 = 8.0;
/// Vertical space per bar, and the bar's height within it.
const ROW_H: f64 = 20.0;
const BAR_H: f64 = 14.0;
/// Space above the first bar (title) and below the last (axis labels).
const TOP: f64 = 44.0;
const BOTTOM: f64 = 36.0;
/// Outer margin, the width of the plot area, and the room to the right of
/// it for the value printed after the longest bar.
const MARGIN: f64 = 12.0;
const PLOT_W: f64 = 480.0;
const VALUE_W: f64 = 48.0;

/// Colours: rt faster than tokio (ratio below 1), rt slower.
const STYLE: &str = "\
text{font-family:sans-serif;font-size:12px;fill:#222}\
.title{font-size:14px;font-weight:bold}\
.faster{fill:#3b7dd8}\
.slower{fill:#d8663b}\
.grid{stroke:#ddd;stroke-width:1}\
.parity{stroke:#222;stroke-width:1.5;stroke-dasharray:4 3}";

/// One bar: its label and its ratio.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Bar {
    pub(super) label: String,
    pub(super) ratio: f64,
}

/// The chart as an SVG document: `bars` in the given order (those whose
/// ratio is not a finite number ≥ 0 are left out), under `title`.
pub(super) fn render(title: &str, bars: &[Bar]) -> String {
    let bars: Vec<&Bar> = bars
        .iter()
        .filter(|b| b.ratio.is_finite() && b.ratio >= 0.0)
        .collect();
    let longest = bars.iter().map(|b| b.label.chars().count()).max();
    let left = MARGIN + CHAR_W * longest.unwrap_or(0) as f64 + 8.0;
    let top_ratio = bars.iter().map(|b| b.ratio).fold(1.0, f64::max);
    let (x_max, step) = axis(top_ratio);
    let x = |r: f64| left + r / x_max * PLOT_W;
    let plot_h = ROW_H * bars.len() as f64;
    let title_w = 2.0 * MARGIN + TITLE_CHAR_W * title.chars().count() as f64;
    let width = (left + PLOT_W + VALUE_W + MARGIN).max(title_w);
    let height = TOP + plot_h + BOTTOM;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\">"
    );
    let title = escape(title);
    let _ = writeln!(out, "<title>{title}</title>");
    let _ = writeln!(out, "<style>{STYLE}</style>");
    let _ = writeln!(
        out,
        "<text class=\"title\" x=\"{MARGIN:.0}\" y=\"22\">{title}</text>"
    );

    // Grid lines and their values under the plot. `axis` keeps the tick
    // count at most 10.
    let ticks = (x_max / step).round() as usize;
    for i in 0..=ticks {
        let t = step * i as f64;
        let tx = x(t);
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{tx:.1}\" y1=\"{:.1}\" x2=\"{tx:.1}\" y2=\"{:.1}\"/>",
            TOP - 4.0,
            TOP + plot_h + 4.0
        );
        let _ = writeln!(
            out,
            "<text class=\"tick\" x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            TOP + plot_h + 18.0,
            tick_label(t)
        );
    }

    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW_H * i as f64 + (ROW_H - BAR_H) / 2.0;
        let text_y = y + BAR_H / 2.0 + FONT * 0.35;
        let label = escape(&bar.label);
        let class = if bar.ratio < 1.0 { "faster" } else { "slower" };
        let _ = writeln!(
            out,
            "<text class=\"label\" x=\"{:.1}\" y=\"{text_y:.1}\" text-anchor=\"end\">{label}</text>",
            left - 6.0
        );
        let _ = writeln!(
            out,
            "<rect class=\"bar {class}\" x=\"{left:.1}\" y=\"{y:.1}\" width=\"{:.1}\" \
             height=\"{BAR_H:.0}\"><title>{label}: {:.2}</title></rect>",
            x(bar.ratio) - left,
            bar.ratio
        );
        let _ = writeln!(
            out,
            "<text class=\"value\" x=\"{:.1}\" y=\"{text_y:.1}\">{:.2}</text>",
            x(bar.ratio) + 4.0,
            bar.ratio
        );
    }

    let px = x(1.0);
    let _ = writeln!(
        out,
        "<line class=\"parity\" x1=\"{px:.1}\" y1=\"{:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\"/>",
        TOP - 8.0,
        TOP + plot_h + 4.0
    );
    out.push_str("</svg>\n");
    out
}

/// The axis for ratios up to `top` (≥ 1): its end and its tick step, a
/// 1, 2 or 5 times a power of ten giving at most 10 ticks.
fn axis(top: f64) -> (f64, f64) {
    // From 0.1 up to 5e9: bounded, and far beyond any ratio a benchmark
    // produces; past it the axis simply ends at `top` in one step.
    for exp in -1..10 {
        for m in [1.0, 2.0, 5.0] {
            let step = m * 10f64.powi(exp);
            let n = (top / step).ceil();
            if n <= 10.0 {
                return (n.max(1.0) * step, step);
            }
        }
    }
    (top, top)
}

/// A tick value without trailing zeros: `0`, `0.5`, `1`, `1.25`.
fn tick_label(t: f64) -> String {
    let s = format!("{t:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// `text` with the five XML special characters escaped, for element
/// content and attribute values alike.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Checks that `doc` is one well-formed `<svg>` element: every tag
    /// closed in order, attribute values quoted, no raw `>` in text, and
    /// every `&` a known entity. Returns the names of the elements in
    /// document order, or what is wrong.
    pub(in crate::bench) fn well_formed(doc: &str) -> Result<Vec<String>, String> {
        let mut stack: Vec<&str> = Vec::new();
        let mut seen = Vec::new();
        let mut rest = doc.trim_end();
        if !rest.starts_with("<svg") {
            return Err("does not start with <svg".into());
        }
        // Bounded: every pass consumes one tag.
        while let Some(open) = rest.find('<') {
            check_text(&rest[..open])?;
            let close = rest[open..].find('>').ok_or("unterminated tag")? + open;
            let tag = &rest[open + 1..close];
            if tag.contains('<') {
                return Err(format!("`<` inside a tag: {tag}"));
            }
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name) {
                    return Err(format!("mismatched </{name}>"));
                }
            } else {
                let body = tag.strip_suffix('/').unwrap_or(tag);
                let name = body.split_whitespace().next().ok_or("empty tag")?;
                if body.matches('"').count() % 2 != 0 {
                    return Err(format!("unbalanced quotes in <{body}>"));
                }
                check_text(&body.replace('"', " "))?;
                seen.push(name.to_string());
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[close + 1..];
            if stack.is_empty() {
                break;
            }
        }
        if !stack.is_empty() {
            return Err(format!("unclosed: {stack:?}"));
        }
        if !rest.trim().is_empty() {
            return Err(format!("content after the root: {rest:?}"));
        }
        Ok(seen)
    }

    fn check_text(text: &str) -> Result<(), String> {
        if text.contains('>') {
            return Err(format!("raw `>` in {text:?}"));
        }
        let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"];
        for (i, _) in text.match_indices('&') {
            if !entities.iter().any(|e| text[i..].starts_with(e)) {
                return Err(format!("bare `&` in {text:?}"));
            }
        }
        Ok(())
    }

    /// The value of attribute `name` in the first tag starting with `open`.
    fn attr(doc: &str, open: &str, name: &str) -> f64 {
        let tag = &doc[doc.find(open).expect(open)..];
        let tag = &tag[..tag.find('>').unwrap()];
        let key = format!(" {name}=\"");
        let v = &tag[tag.find(&key).expect(name) + key.len()..];
        v[..v.find('"').unwrap()].parse().unwrap()
    }

    fn bar(label: &str, ratio: f64) -> Bar {
        Bar {
            label: label.into(),
            ratio,
        }
    }

    #[test]
    fn one_bar_per_finite_ratio_and_a_parity_line() {
        let bars = [
            bar("a/multi_thread", 0.5),
            bar("b/current_thread", 1.0),
            bar("c/multi_thread", 1.5),
            bar("nan", f64::NAN),
            bar("inf", f64::INFINITY),
        ];
        let svg = render("ratios", &bars);
        let names = well_formed(&svg).unwrap();
        assert_eq!(names.iter().filter(|n| *n == "rect").count(), 3, "{svg}");
        assert_eq!(svg.matches("<rect class=\"bar ").count(), 3);
        assert_eq!(svg.matches("class=\"bar faster\"").count(), 1);
        assert_eq!(svg.matches("class=\"bar slower\"").count(), 2);
        assert!(!svg.contains(">nan<") && !svg.contains(">inf<"), "{svg}");
        assert_eq!(svg.matches("class=\"parity\"").count(), 1);

        // Bar lengths are proportional to the ratio, and the 1.0 bar ends
        // on the parity line.
        let half = attr(&svg, "<rect class=\"bar faster\"", "width");
        let one = attr(&svg, "<rect class=\"bar slower\"", "width");
        assert!((one - 2.0 * half).abs() < 0.2, "{half} {one}");
        let left = attr(&svg, "<rect class=\"bar", "x");
        let parity = attr(&svg, "<line class=\"parity\"", "x1");
        assert!((left + one - parity).abs() < 0.2, "{left} {one} {parity}");
    }

    #[test]
    fn text_is_escaped() {
        let svg = render("geo <mean> & \"all\"", &[bar("x<y>&'z'", 0.7)]);
        well_formed(&svg).unwrap();
        assert!(svg.contains("x&lt;y&gt;&amp;&apos;z&apos;"), "{svg}");
        assert!(
            svg.contains("geo &lt;mean&gt; &amp; &quot;all&quot;"),
            "{svg}"
        );
        assert!(!svg.contains("x<y"), "{svg}");
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn empty_chart_is_still_a_document() {
        let svg = render("nothing", &[]);
        let names = well_formed(&svg).unwrap();
        assert!(!names.iter().any(|n| n == "rect"), "{svg}");
        assert!(svg.contains("class=\"parity\""));
    }

    #[test]
    fn the_checker_rejects_broken_documents() {
        assert_eq!(
            well_formed("<svg a=\"&amp;\"><g/><text>x</text></svg>\n"),
            Ok(vec!["svg".into(), "g".into(), "text".into()])
        );
        for bad in [
            "<svg><text>a</svg>",
            "<svg><text>a & b</text></svg>",
            "<svg><text>a</text>",
            "<g></g>",
            "<svg x=\"1></svg>",
            "<svg></svg><svg></svg>",
            "<svg><text>1 > 0</text></svg>",
        ] {
            assert!(well_formed(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn axis_ends_on_a_round_step() {
        let close = |(a, b): (f64, f64), (x, y): (f64, f64)| {
            assert!((a - x).abs() < 1e-9 && (b - y).abs() < 1e-9, "{a} {b}")
        };
        close(axis(1.0), (1.0, 0.1));
        close(axis(1.41), (1.6, 0.2));
        close(axis(3.2), (3.5, 0.5));
        close(axis(42.0), (45.0, 5.0));
        close(axis(1e12), (1e12, 1e12));
        assert_eq!(tick_label(0.0), "0");
        assert_eq!(tick_label(0.5), "0.5");
        assert_eq!(tick_label(1.25), "1.25");
        assert_eq!(tick_label(10.0), "10");
    }
}
