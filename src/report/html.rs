//! The HTML page of a [`Report`]: one file, inline CSS and SVG, no
//! scripts, links or fetched resources.

use super::Report;
use crate::render::table::escape_html;

/// The page's style: a readable column on a desktop, tables that scroll
/// inside their box on a phone, A4 print without the navigation.
const CSS: &str = r#"
:root { --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --band: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
header h1 { font-size: 1.8rem; line-height: 1.2; margin: 0 0 .4rem; }
header p.lede { color: var(--muted); margin: 0 0 1rem; font-size: 1.05rem; }
nav { border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); padding: .4rem 0; margin-bottom: 1.5rem; font-size: .92rem; }
nav ol { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; }
nav a { color: var(--accent); text-decoration: none; }
section { margin: 0 0 2.2rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin: 0 0 .8rem; }
p { margin: .4rem 0 .8rem; }
ul { margin: .3rem 0 .9rem; padding-left: 1.3rem; }
.table { overflow-x: auto; margin: .5rem 0 1rem; border: 1px solid var(--rule); border-radius: 4px; width: fit-content; max-width: 100%; }
table { border-collapse: collapse; font-size: .88rem; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .6rem; text-align: left; vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; min-width: 14rem; }
thead th { background: var(--band); border-bottom: 1px solid var(--rule); font-weight: 600; }
tbody tr:nth-child(even) { background: #fbfcfd; }
tbody tr + tr td { border-top: 1px solid #eef1f4; }
.num { text-align: right; }
thead th[colspan] { text-align: center; border-bottom: 1px solid var(--rule); }
figure { margin: 1rem 0 1.5rem; }
figure svg { display: block; width: 100%; height: auto; max-width: 1000px; border: 1px solid var(--rule); border-radius: 4px; background: #fff; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; padding-top: .8rem; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
footer dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
@media (max-width: 640px) {
  body { font-size: 15px; }
  main { padding: 1rem .75rem 2rem; }
  header h1 { font-size: 1.4rem; }
  h2 { font-size: 1.15rem; }
  table { font-size: .8rem; }
  th, td { padding: .25rem .4rem; white-space: normal; }
  th.num, td.num { white-space: nowrap; }
  tbody td:first-child { min-width: 8.5rem; }
  td.wrap { min-width: 10rem; }
  footer dl { grid-template-columns: 1fr; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  section { break-inside: auto; }
  h2 { break-after: avoid; }
  .table { overflow: visible; border: none; }
  table { font-size: 7.5pt; width: auto; min-width: 0; }
  th, td { padding: 1pt 4pt; white-space: normal; }
  td.wrap { min-width: 0; }
  tr, figure { break-inside: avoid; }
  figure svg { max-width: 100%; border: none; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The page.
pub(super) fn render(r: &Report) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape_html(&r.title)));
    out.push_str(&format!("<style>{CSS}</style>\n</head>\n<body>\n<main>\n<header>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", escape_html(&r.title)));
    if let Some(d) = &r.description {
        out.push_str(&format!("<p class=\"lede\">{}</p>\n", escape_html(d)));
    }
    out.push_str("</header>\n<nav aria-label=\"Contents\"><ol>\n");
    for s in &r.sections {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            s.id,
            escape_html(&s.title)
        ));
    }
    out.push_str("</ol></nav>\n");
    for s in &r.sections {
        out.push_str(&format!(
            "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>\n",
            escape_html(&s.title),
            id = s.id
        ));
        out.push_str(&s.document.to_html());
        for f in &s.figures {
            out.push_str("<figure>\n");
            out.push_str(&f.svg);
            out.push_str(&format!(
                "\n<figcaption>{}</figcaption>\n</figure>\n",
                escape_html(&f.caption)
            ));
        }
        out.push_str("</section>\n");
    }
    out.push_str("<footer>\n<dl>\n");
    for (k, v) in &r.provenance {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape_html(k), escape_html(v)));
    }
    out.push_str("</dl>\n</footer>\n</main>\n</body>\n</html>\n");
    out
}
