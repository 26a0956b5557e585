//! Score distributions drawn as inline SVG: a histogram of the scores, one
//! dot per submission under it, and the mean and median marked.
//!
//! Every drawn figure also carries its number in a `data-` attribute
//! (`data-count` on bars, `data-score` on dots), so a test can check that
//! what is drawn is what `grades.csv` says.

use maud::{Markup, html};

use crate::report::gradebook::number;
use crate::report::labels::Labels;
use crate::report::stats::ScoreSet;

/// The chart's size in CSS pixels.
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 222.0;
/// The plot area inside it.
const LEFT: f64 = 34.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 26.0;
const PLOT_BOTTOM: f64 = 140.0;
/// Where the dots of single submissions go, under the axis labels.
const DOTS_TOP: f64 = 180.0;

/// One bar of the histogram: scores from `from` up to `to` (inclusive for the last bar).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Bin {
    /// The lowest score it holds.
    pub(crate) from: f64,
    /// The end of its range.
    pub(crate) to: f64,
    /// How many scores fall in it.
    pub(crate) count: usize,
}

/// Splits `0..=max` into bars: one per point when the points are whole and
/// few, else ten equal ranges.
pub(crate) fn bins(scores: &[f64], max: f64) -> Vec<Bin> {
    let (n, width) = if max <= 0.0 {
        (1, 1.0)
    } else if max.fract() == 0.0 && max <= 20.0 {
        (max as usize + 1, 1.0)
    } else {
        (10, max / 10.0)
    };
    let mut bins: Vec<Bin> = (0..n)
        .map(|i| Bin {
            from: i as f64 * width,
            to: (i + 1) as f64 * width,
            count: 0,
        })
        .collect();
    for &score in scores {
        let index = ((score / width).floor().max(0.0) as usize).min(n - 1);
        bins[index].count += 1;
    }
    bins
}

/// Draws the distribution of `set`, whose scores belong to `names` (same order).
pub(crate) fn distribution_svg(
    set: &ScoreSet,
    title: &str,
    names: &[String],
    t: &Labels,
) -> Markup {
    let max = set.max_score;
    let bins = bins(&set.scores, max);
    let tallest = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = PLOT_BOTTOM - TOP;
    let range = bins.last().map_or(1.0, |b| b.to);
    let x = |score: f64| LEFT + (score / range).clamp(0.0, 1.0) * plot_w;
    let gap = if bins.len() > 1 { 2.0 } else { 0.0 };
    // One dot per submission; equal scores stack downwards.
    let mut seen: Vec<(f64, usize)> = Vec::new();
    let levels: Vec<usize> = set
        .scores
        .iter()
        .map(|score| match seen.iter_mut().find(|(s, _)| s == score) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                seen.push((*score, 0));
                0
            }
        })
        .collect();
    html! {
        svg class="chart" data-exercise=(set.id) data-max=(number(max)) width=(WIDTH) height=(HEIGHT)
            viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label={ (t.distribution) ": " (title) }
            xmlns="http://www.w3.org/2000/svg" {
            text class="chart-title" x=(LEFT) y="16" { (title) }
            text class="legend" x=(WIDTH - RIGHT) y="16" text-anchor="end" {
                tspan class="mean-label" { (t.mean) " " (number(set.stats.mean)) }
                " · "
                tspan class="median-label" { (t.median) " " (number(set.stats.median)) }
            }
            // The vertical axis: counts from 0 to the tallest bar.
            line class="axis" x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(PLOT_BOTTOM) {}
            line class="axis" x1=(LEFT) y1=(PLOT_BOTTOM) x2=(WIDTH - RIGHT) y2=(PLOT_BOTTOM) {}
            text class="tick" x=(LEFT - 4.0) y=(TOP + 8.0) text-anchor="end" { (tallest) }
            text class="tick" x=(LEFT - 4.0) y=(PLOT_BOTTOM) text-anchor="end" { "0" }
            @for bin in &bins {
                @let height = bin.count as f64 / tallest as f64 * plot_h;
                @let left = x(bin.from);
                @let width = (x(bin.to) - left - gap).max(1.0);
                @let (from, to) = (number(bin.from), number(bin.to));
                rect class="bar" data-from=(from) data-to=(to) data-count=(bin.count)
                    x=(format!("{left:.1}")) y=(format!("{:.1}", PLOT_BOTTOM - height))
                    width=(format!("{width:.1}")) height=(format!("{height:.1}")) {
                    title { (bin.count) " " (t.count_axis) ": " (from) "–" (to) }
                }
            }
            // Horizontal ticks: 0, the middle and the maximum.
            @for value in [0.0, max / 2.0, max] {
                text class="tick" x=(format!("{:.1}", x(value))) y=(PLOT_BOTTOM + 14.0) text-anchor="middle" {
                    (number(value))
                }
            }
            text class="tick" x=(WIDTH - RIGHT) y=(PLOT_BOTTOM + 26.0) text-anchor="end" { (t.points_axis) }
            @for (class, label, value) in [("mean", t.mean, set.stats.mean), ("median", t.median, set.stats.median)] {
                @let at = format!("{:.1}", x(value));
                line class=(class) data-value=(number(value)) x1=(at) y1=(TOP) x2=(at) y2=(PLOT_BOTTOM) {
                    title { (label) " " (number(value)) }
                }
            }
            @for ((score, name), level) in set.scores.iter().zip(names).zip(levels) {
                circle class="dot" data-submission=(name) data-score=(number(*score))
                    cx=(format!("{:.1}", x(*score))) cy=(format!("{:.1}", DOTS_TOP + (level % 5) as f64 * 9.0)) r="4" {
                    title { (name) ": " (number(*score)) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::report::stats::{ScoreSet, Stats};

    #[test]
    fn whole_points_get_one_bar_each_and_the_maximum_its_own() {
        let bins = bins(&[0.0, 2.0, 2.0, 5.0], 5.0);
        let counts: Vec<usize> = bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, vec![1, 0, 2, 0, 0, 1]);
        let tenths = super::bins(&[0.5, 33.0, 33.0], 33.5);
        assert_eq!(tenths.len(), 10);
        assert_eq!(tenths[9].count, 2);
        assert_eq!(tenths[0].count, 1);
    }

    #[test]
    fn the_chart_draws_every_score_and_escapes_names() {
        let set = ScoreSet {
            id: "tcp-server".into(),
            max_score: 4.0,
            scores: vec![4.0, 1.5],
            stats: Stats::of(&[4.0, 1.5]),
            full_marks: 1,
            not_built: 0,
            missing: 0,
        };
        let names = vec!["ann".to_string(), "<b>bob</b>".to_string()];
        let svg = distribution_svg(&set, "tcp-server", &names, Labels::of(Lang::En)).into_string();
        assert!(
            svg.contains(r#"data-submission="ann" data-score="4""#),
            "{svg}"
        );
        assert!(svg.contains(r#"data-submission="&lt;b&gt;bob&lt;/b&gt;" data-score="1.5""#));
        assert!(!svg.contains("<b>"));
        assert_eq!(svg.matches(r#"class="bar""#).count(), 5);
        assert!(svg.contains(r#"class="mean" data-value="2.75""#));
    }
}
