//! The page's stylesheet, inlined so the page needs no other file.
//!
//! Text colours reach a contrast of at least 7:1 on their background (WCAG AAA for body text,
//! AA everywhere); links and focus outlines are #0b57a4 on white (7.0:1). Printing is on A4,
//! with figures, table rows and key figures kept on one page; the data tables of the charts,
//! folded on screen, are not printed (the charts are).

/// The stylesheet of the report page.
pub(super) const CSS: &str = r#"
:root {
  --ink: #1b1b1b;
  --muted: #4a4f57;
  --accent: #0b57a4;
  --line: #c9ced6;
  --head: #e8eef6;
  --soft: #f5f7fa;
  --warn-bg: #fff3e0;
  --warn: #9a3412;
}
*, *::before, *::after { box-sizing: border-box; }
html { color: var(--ink); background: #ffffff; }
body {
  margin: 0 auto;
  max-width: 60rem;
  padding: 0 1.25rem 2rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
}
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
a:focus-visible, summary:focus-visible, main:focus-visible {
  outline: 3px solid var(--accent);
  outline-offset: 2px;
  border-radius: 2px;
}
.skip {
  position: absolute;
  left: 0.5rem;
  top: -4rem;
  padding: 0.5rem 1rem;
  background: #ffffff;
  border: 2px solid var(--accent);
  z-index: 10;
}
.skip:focus { top: 0.5rem; }
header.title { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; padding-top: 1.5rem; }
.brand { margin: 0; color: var(--muted); font-size: 0.9rem; letter-spacing: 0.04em; text-transform: uppercase; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.25rem 0 0.5rem; }
h2 {
  font-size: 1.4rem;
  margin: 2.5rem 0 0.75rem;
  padding-bottom: 0.25rem;
  border-bottom: 1px solid var(--line);
  break-after: avoid;
}
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; break-after: avoid; }
.meta, .note, figcaption { color: var(--muted); }
.note { font-size: 0.92rem; }
nav.toc h2 { font-size: 1.1rem; margin-top: 0; border: 0; }
nav.toc ol { columns: 2; column-gap: 2rem; margin: 0; padding-left: 1.5rem; }
.figures {
  display: grid;
  grid-template-columns: repeat(3, 1fr);
  gap: 0.75rem;
  margin: 0;
}
.figures > div {
  border: 1px solid var(--line);
  border-left: 4px solid var(--accent);
  background: var(--soft);
  padding: 0.6rem 0.8rem;
  break-inside: avoid;
}
.figures dt { color: var(--muted); font-size: 0.9rem; }
.figures dd { margin: 0.15rem 0 0; font-size: 1.35rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.figures dd small { display: block; font-size: 0.85rem; font-weight: 400; color: var(--muted); }
.notice {
  background: var(--warn-bg);
  border-left: 4px solid var(--warn);
  padding: 0.6rem 0.9rem;
  margin: 1rem 0;
}
.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
.empty { font-style: italic; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1.25rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; caption-side: top; }
th, td { border-bottom: 1px solid var(--line); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); border-bottom: 2px solid var(--ink); }
tbody th { font-weight: 500; }
.num { text-align: right; white-space: nowrap; }
thead th.num { white-space: normal; }
th .code { display: block; font-size: 0.85rem; color: var(--muted); }
.nowrap { white-space: nowrap; }
table.compact th, table.compact td { padding: 0.2rem 0.35rem; font-size: 0.85rem; }
table.figures-table { width: auto; min-width: 60%; }
tr { break-inside: avoid; }
.scroll { overflow-x: auto; }
figure { margin: 1rem 0; break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; fill: var(--ink); }
svg text.value { font-weight: 600; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem 1.5rem; padding: 0; margin: 0.5rem 0 0; }
ul.legend li { display: flex; align-items: center; gap: 0.4rem; }
svg.swatch { display: inline-block; flex: none; }
.bar { display: inline-block; vertical-align: middle; margin-left: 0.4rem; }
details { margin: 0.5rem 0 1rem; }
summary { cursor: pointer; color: var(--accent); }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.9rem; }
@media (max-width: 40rem) {
  .figures { grid-template-columns: repeat(2, 1fr); }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .skip, nav.toc { display: none; }
  a { color: var(--ink); text-decoration: none; }
  h2 { margin-top: 1.5rem; }
  section { break-inside: auto; }
  .scroll { overflow: visible; }
  table { font-size: 9pt; }
  th, td { padding: 0.2rem 0.35rem; }
  figure, .figures, table.figures-table, .notice { break-inside: avoid; }
  details { display: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::CSS;

    #[test]
    fn the_stylesheet_is_self_contained() {
        assert!(!CSS.contains("url("));
        assert!(!CSS.contains("@import"));
        assert!(!CSS.contains("</"));
        assert!(CSS.contains(
            "@media (max-width: 40rem) {
  .figures { grid-template-columns: repeat(2, 1fr); }
}
@page { size: A4"
        ));
        assert!(CSS.contains(":focus-visible"));
        assert!(!CSS.contains("inf"));
    }
}
