//! Feeds arbitrary bytes, as UTF-8, to the scenario parsers; whatever
//! parses is validated and scheduled. Nothing may panic.
#![no_main]

use disburse::scenario::Scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for parsed in [Scenario::from_toml(text), Scenario::from_json(text)] {
            match parsed {
                Ok(s) => {
                    let _ = s.validate();
                    let _ = s.schedules();
                }
                Err(e) => {
                    let _ = e.to_string();
                }
            }
        }
    }
});
