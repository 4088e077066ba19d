//! The results dashboard's charts: plain SVG made at build time, no script in the browser.
//!
//! Each chart is a picture (`role="img"`) named by the title and summary that the template
//! shows beside it (`aria-labelledby="{id}-title {id}-summary"`), so that a screen reader
//! reads the sentence and then the data table below the chart, which holds the same numbers.
//! The SVG has no `viewBox`: bars are placed in per cent of the width and text keeps the
//! page's size, so that labels stay readable on a phone. Colours come from the stylesheet's
//! classes, so that a theme can change them and print can make them plain; every bar has its
//! number written beside it, so that no colour has to be told apart to read a value.

use std::fmt::Write;

use crate::text::xml_escape as escape;

/// How much of the width the longest bar takes; the rest is room for its number.
const BAR_SPAN: f64 = 72.0;
const LABEL_HEIGHT: u32 = 22;
const BAR_HEIGHT: u32 = 16;
const BAR_GAP: u32 = 4;
const ROW_GAP: u32 = 14;

/// One row of a bar chart: a label over one bar per series.
#[derive(Debug, Clone)]
pub struct BarRow {
    pub label: String,
    /// Per series: the value and how it is written (as the table writes it).
    pub bars: Vec<(f64, String)>,
    /// The value a full bar stands for in this row; None: the chart's largest value, so that
    /// rows compare with each other. A row of one bar with its own full value is a progress
    /// bar on a track (a target).
    pub full: Option<f64>,
}

/// One row of a stacked bar: the parts of a whole, in order, and the whole as written.
#[derive(Debug, Clone)]
pub struct StackRow {
    pub label: String,
    pub parts: Vec<f64>,
    pub part_labels: Vec<String>,
    pub total: String,
}

fn open(id: &str, height: u32, class: &str) -> String {
    let id = escape(id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {class}\" role=\"img\" aria-labelledby=\"{id}-title {id}-summary\" width=\"100%\" height=\"{height}\" focusable=\"false\">"
    )
}

/// Per cent of the width for `value` of `full`, at most [`BAR_SPAN`]; a value above zero is
/// always drawn, however small.
fn span(value: f64, full: f64) -> f64 {
    if value <= 0.0 || full <= 0.0 {
        return 0.0;
    }
    ((value / full).min(1.0) * BAR_SPAN).max(0.5)
}

fn pct(x: f64) -> String {
    format!("{:.2}%", x)
}

/// Horizontal bars, one group per row; with two series, the first is drawn light and framed
/// (planned, say) and the second solid (realised).
pub fn bars(id: &str, rows: &[BarRow]) -> String {
    let series = rows.iter().map(|r| r.bars.len()).max().unwrap_or(0) as u32;
    let row_height = LABEL_HEIGHT + series * (BAR_HEIGHT + BAR_GAP) + ROW_GAP;
    let largest = rows.iter().flat_map(|r| r.bars.iter().map(|b| b.0)).fold(0.0, f64::max);
    let mut svg = open(id, (row_height * rows.len() as u32).max(1), "chart--bars");
    for (i, row) in rows.iter().enumerate() {
        let top = i as u32 * row_height;
        let full = row.full.unwrap_or(largest);
        // One bar towards a value of its own (a target) is drawn on a track, its number at
        // the track's end.
        let progress = row.full.is_some() && series == 1;
        let _ = write!(
            svg,
            "<g class=\"chart__row\"><text class=\"chart__label\" x=\"0\" y=\"{}\">{}</text>",
            top + 16,
            escape(&row.label)
        );
        for (s, (value, text)) in row.bars.iter().enumerate() {
            let y = top + LABEL_HEIGHT + s as u32 * (BAR_HEIGHT + BAR_GAP);
            let width = span(*value, full);
            let class = if series > 1 && s == 0 { "chart__bar chart__bar--light" } else { "chart__bar" };
            // A full bar (a target reached) is framed by the track it fills.
            if progress {
                let _ = write!(
                    svg,
                    "<rect class=\"chart__track\" x=\"0\" y=\"{y}\" width=\"{}\" height=\"{BAR_HEIGHT}\"/>",
                    pct(BAR_SPAN)
                );
            }
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"0\" y=\"{y}\" width=\"{}\" height=\"{BAR_HEIGHT}\"/>",
                pct(width)
            );
            let at = if progress { BAR_SPAN } else { width };
            let _ = write!(
                svg,
                "<text class=\"chart__value\" x=\"{}\" dx=\"6\" y=\"{}\">{}</text>",
                pct(at),
                y + BAR_HEIGHT - 3,
                escape(text)
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

/// Stacked bars: per row, its parts side by side (part `k` gets the class
/// `chart__part--{classes[k]}`), scaled so that the largest whole takes [`BAR_SPAN`], with
/// the whole's number after it. Each part carries a tooltip with its label and number.
pub fn stacked(id: &str, rows: &[StackRow], classes: &[String]) -> String {
    let row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP;
    let largest = rows.iter().map(|r| r.parts.iter().sum::<f64>()).fold(0.0, f64::max);
    let mut svg = open(id, (row_height * rows.len() as u32).max(1), "chart--stacked");
    for (i, row) in rows.iter().enumerate() {
        let top = i as u32 * row_height;
        let y = top + LABEL_HEIGHT;
        let _ = write!(
            svg,
            "<g class=\"chart__row\"><text class=\"chart__label\" x=\"0\" y=\"{}\">{}</text>",
            top + 16,
            escape(&row.label)
        );
        let mut x = 0.0;
        for (k, part) in row.parts.iter().enumerate() {
            if *part <= 0.0 {
                continue;
            }
            let width = part / largest * BAR_SPAN;
            let label = row.part_labels.get(k).map_or(String::new(), |l| escape(l));
            let _ = write!(
                svg,
                "<rect class=\"chart__part chart__part--{}\" x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{BAR_HEIGHT}\"><title>{label}</title></rect>",
                classes.get(k).map_or(String::new(), |c| escape(c)),
                pct(x),
                pct(width)
            );
            x += width;
        }
        let _ = write!(
            svg,
            "<text class=\"chart__value\" x=\"{}\" dx=\"6\" y=\"{}\">{}</text></g>",
            pct(x),
            y + BAR_HEIGHT - 3,
            escape(&row.total)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, bars: &[f64]) -> BarRow {
        BarRow { label: label.into(), bars: bars.iter().map(|v| (*v, v.to_string())).collect(), full: None }
    }

    #[test]
    fn bars_scale_to_the_largest_value_and_write_every_number() {
        let svg = bars("f", &[row("Idé", &[8.0]), row("Test", &[2.0]), row("Spredt", &[0.0])]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-labelledby=\"f-title f-summary\""));
        assert!(svg.contains("width=\"72.00%\""), "the largest bar takes the bar span: {svg}");
        assert!(svg.contains("width=\"18.00%\""), "2 of 8 is a quarter of it: {svg}");
        assert!(svg.contains("width=\"0.00%\""), "zero draws nothing: {svg}");
        for n in ["8", "2", "0"] {
            assert!(svg.contains(&format!(">{n}</text>")), "{n} is written: {svg}");
        }
    }

    #[test]
    fn a_row_with_its_own_full_value_is_a_progress_bar() {
        let svg = bars("t", &[BarRow { label: "Mål".into(), bars: vec![(150.0, "150".into())], full: Some(100.0) }]);
        assert!(svg.contains("class=\"chart__track\""));
        assert!(svg.contains("class=\"chart__bar\" x=\"0\" y=\"22\" width=\"72.00%\""), "capped at full: {svg}");
    }

    #[test]
    fn two_series_draw_the_first_light() {
        let svg = bars("b", &[row("Timer", &[2000.0, 1400.0])]);
        assert_eq!(svg.matches("chart__bar--light").count(), 1);
        assert_eq!(svg.matches("class=\"chart__bar\"").count(), 1);
    }

    #[test]
    fn stacked_parts_follow_each_other_and_text_is_escaped() {
        let rows = [StackRow {
            label: "A & <B>".into(),
            parts: vec![1.0, 0.0, 3.0],
            part_labels: vec!["x".into(), "y".into(), "z".into()],
            total: "4".into(),
        }];
        let svg = stacked("s", &rows, &["a".into(), "b".into(), "c".into()]);
        assert!(svg.contains("A &amp; &lt;B&gt;"));
        assert!(svg.contains("chart__part--a\" x=\"0.00%\" y=\"22\" width=\"18.00%\""), "{svg}");
        assert!(!svg.contains("chart__part--b"), "an empty part is not drawn");
        assert!(svg.contains("chart__part--c\" x=\"18.00%\" y=\"22\" width=\"54.00%\""), "{svg}");
        assert!(svg.contains("x=\"72.00%\" dx=\"6\" y=\"35\">4</text>"), "{svg}");
    }
}
