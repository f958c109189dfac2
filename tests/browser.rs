//! The HTML report as a person sees it: every shipped scenario's report
//! rendered by headless Chromium to PNG (desktop and phone width), to PDF
//! and to its DOM, then checked: the PNG is not blank, the expected
//! headings are in the DOM, Chromium logged no console error and no
//! network request, the HTML names no `http(s)` address.
//!
//! Runs only with `DISBURSE_BROWSER_TESTS=1` (`.ci/run` installs Debian's
//! `chromium` and sets it); without it the test says loudly that it
//! skipped. The PNGs are kept under `target/report-png/`.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Chromium's flags for a closed network (see `.ci/run`).
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
];

fn chromium() -> Option<PathBuf> {
    let from_env = std::env::var_os("CHROMIUM").map(PathBuf::from);
    from_env
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from))
        .find(|p| p.exists())
}

/// Runs Chromium on `page` with `extra` flags and a fresh profile;
/// returns (stdout, stderr).
fn run_chromium(chromium: &Path, work: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let profile = work.join(format!("profile-{}", extra.join("").len()));
    let _ = std::fs::remove_dir_all(&profile);
    let out = Command::new(chromium)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    let _ = std::fs::remove_dir_all(&profile);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "chromium failed on {}: {stderr}", page.display());
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

/// The share of pixels that are not (near) white, and the number of
/// distinct colours in a sample.
fn ink(png: &Path) -> (f64, usize) {
    let bytes = std::fs::read(png).unwrap();
    let p = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
    let px = p.pixels();
    let inked = px
        .iter()
        .filter(|c| c.red() < 230 || c.green() < 230 || c.blue() < 230)
        .count();
    let mut colours: Vec<u32> = px
        .iter()
        .step_by(97)
        .map(|c| u32::from(c.red()) << 16 | u32::from(c.green()) << 8 | u32::from(c.blue()))
        .collect();
    colours.sort_unstable();
    colours.dedup();
    (inked as f64 / px.len() as f64, colours.len())
}

/// Chromium's log lines that report a page problem: any console message
/// (the report has no script, so any is one: `console.error` and uncaught
/// exceptions both log as `CONSOLE`) or a failed network load.
fn problems(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("net::ERR_"))
        .map(String::from)
        .collect()
}

/// The URLs of the network log that the page asked for: every `"url"`
/// except Chromium's own calls to Google's hosts, which it makes even
/// with the background-networking flags off.
fn page_requests(net_log: &Path) -> Vec<String> {
    let log = std::fs::read_to_string(net_log).unwrap_or_default();
    let mut urls: Vec<String> = log
        .split("\"url\":\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|u| u.starts_with("http") || u.starts_with("ws"))
        .filter(|u| {
            let host = u
                .split("://")
                .nth(1)
                .and_then(|r| r.split(['/', '?', ':']).next())
                .unwrap_or("");
            // The browser's own traffic (sign-in, component updates), not
            // the page's.
            !(host == "google.com" || host.ends_with(".google.com") || host.ends_with(".googleapis.com"))
        })
        .map(String::from)
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

/// Renders `page` to its DOM with a network log; returns the DOM, the
/// page's problems and its network requests.
fn dom_of(chromium: &Path, work: &Path, page: &Path) -> (String, Vec<String>, Vec<String>) {
    let log = work.join("net-log.json");
    let _ = std::fs::remove_file(&log);
    let (dom, stderr) = run_chromium(
        chromium,
        work,
        page,
        &["--dump-dom".to_string(), format!("--log-net-log={}", log.display())],
    );
    let requests = page_requests(&log);
    let _ = std::fs::remove_file(&log);
    (dom, problems(&stderr), requests)
}

#[test]
fn reports_render_in_chromium() {
    if std::env::var_os("DISBURSE_BROWSER_TESTS").is_none() {
        eprintln!(
            "\n*** SKIPPED: the HTML report browser test (set DISBURSE_BROWSER_TESTS=1 with Debian's chromium installed; .ci/run does) ***\n"
        );
        return;
    }
    let Some(chromium) = chromium() else {
        panic!("DISBURSE_BROWSER_TESTS is set but no chromium was found (apt-get install -y chromium)");
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = root.join("target/report-png");
    std::fs::create_dir_all(&out_dir).unwrap();

    // The checks catch a bad page: a console error, an exception and a
    // request to the network.
    let bad = out_dir.join("bad-page.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html><body><h2>x</h2><img src=\"https://example.com/a.png\">\
         <script>console.error('boom'); undefinedFunction();</script></body></html>",
    )
    .unwrap();
    let (_, bad_problems, bad_requests) = dom_of(&chromium, &out_dir, &bad);
    assert_eq!(bad_problems.len(), 2, "{bad_problems:?}");
    assert_eq!(bad_requests, ["https://example.com/a.png"]);
    let _ = std::fs::remove_file(&bad);

    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(root.join("examples/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 5, "{scenarios:?}");
    for scenario in &scenarios {
        let stem = scenario.file_stem().unwrap().to_string_lossy().into_owned();
        let html = out_dir.join(format!("{stem}.html"));
        let status = Command::new(env!("CARGO_BIN_EXE_disburse"))
            .arg("report")
            .arg(scenario)
            .arg("-o")
            .arg(&html)
            .status()
            .unwrap();
        assert!(status.success(), "disburse report {}", scenario.display());
        let text = std::fs::read_to_string(&html).unwrap();
        for banned in ["http://", "https://", "<script", "<link", "<img", "url("] {
            assert!(!text.contains(banned), "{stem}: the HTML contains {banned}");
        }
        let toml = std::fs::read_to_string(scenario).unwrap();

        // The DOM, as the browser built it.
        let (dom, page_problems, requests) = dom_of(&chromium, &out_dir, &html);
        let mut expected = vec![
            "The question",
            "The plans side by side",
            "Charts",
            "Sensitivity: tenor and discount rate",
            "Assumptions and sources",
        ];
        if toml.contains("\n[affordability") {
            expected.push("Can the payer afford it?");
        }
        if toml.contains("\n[waterfall") {
            expected.push("Return sharing");
        }
        if toml.contains("\n[risk") {
            expected.push("Risk");
        }
        for h in &expected {
            assert!(
                dom.contains(&format!(">{h}</h2>")),
                "{stem}: no heading {h:?} in the DOM"
            );
        }
        assert!(dom.contains("<svg"), "{stem}: no chart in the DOM");
        assert!(page_problems.is_empty(), "{stem}: {page_problems:?}");
        assert!(
            requests.is_empty(),
            "{stem}: the page asked the network for {requests:?}"
        );

        // Desktop and phone screenshots.
        for (label, size) in [("desktop", "1280,3000"), ("phone", "390,2400")] {
            let png = out_dir.join(format!("{stem}-{label}.png"));
            let _ = std::fs::remove_file(&png);
            let (_, stderr) = run_chromium(
                &chromium,
                &out_dir,
                &html,
                &[
                    format!("--window-size={size}"),
                    format!("--screenshot={}", png.display()),
                ],
            );
            assert!(problems(&stderr).is_empty(), "{stem} {label}: {:?}", problems(&stderr));
            let (share, colours) = ink(&png);
            // A page of text, tables and charts inks a few percent of its
            // pixels in many colours; a blank or error page does not.
            assert!(share > 0.02, "{stem} {label}: only {share:.4} of the pixels inked");
            assert!(colours > 20, "{stem} {label}: {colours} colours");
        }

        // Print to PDF.
        let pdf = out_dir.join(format!("{stem}.pdf"));
        let _ = std::fs::remove_file(&pdf);
        let (_, stderr) = run_chromium(
            &chromium,
            &out_dir,
            &html,
            &[
                "--no-pdf-header-footer".to_string(),
                format!("--print-to-pdf={}", pdf.display()),
            ],
        );
        assert!(problems(&stderr).is_empty(), "{stem} pdf: {:?}", problems(&stderr));
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{stem}: not a PDF");
        let pages = bytes
            .windows(10)
            .filter(|w| w == b"/Type /Pag" || w == b"/Type/Page")
            .count();
        assert!(bytes.len() > 20_000, "{stem}: PDF of {} bytes", bytes.len());
        eprintln!(
            "{stem}: DOM ok, PNGs ok, PDF {} bytes ({pages} page markers)",
            bytes.len()
        );
    }
}
