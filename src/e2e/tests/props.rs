//! No input makes the readers panic: arbitrary bytes, bytes behind valid gzip and tar
//! headers, XML- and YAML-shaped noise, arbitrary waiver files.

use std::io::Write;

use proptest::prelude::*;

use crate::e2e::*;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn tar_header(path: &str, size: u64) -> Vec<u8> {
    let mut header = tar::Header::new_ustar();
    let _ = header.set_path(path);
    header.set_size(size);
    header.set_mode(0o644);
    header.set_cksum();
    header.as_bytes().to_vec()
}

/// Judging and rendering must not panic either, whatever was read.
fn exercise(name: &str, bytes: &[u8]) -> bool {
    match parse_results_bytes(name, bytes) {
        Ok(results) => {
            for check in Check::ALL {
                let j = judge(check, &results, &Waivers::builtin());
                let _ = serde_json::to_string(&j);
            }
            true
        }
        Err(e) => !e.to_string().is_empty(),
    }
}

/// Fragments that make up JUnit reports, sonobuoy YAML and console logs.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<testsuites>".to_string()),
        Just("<testsuite name=\"s\" time=\"1\">".to_string()),
        Just("<testcase name=\"[It] NetworkPolicy a\" time=\"x\">".to_string()),
        Just("<testcase name='[SynchronizedBeforeSuite]'/>".to_string()),
        Just("<failure message=\"m\">".to_string()),
        Just("</failure>".to_string()),
        Just("<skipped/>".to_string()),
        Just("<error/>".to_string()),
        Just("</testcase>".to_string()),
        Just("</testsuite>".to_string()),
        Just("</testsuites>".to_string()),
        Just("<![CDATA[".to_string()),
        Just("]]>".to_string()),
        Just("<!--".to_string()),
        Just("&#x".to_string()),
        Just("&amp;".to_string()),
        Just("\"".to_string()),
        Just("name: e2e\n".to_string()),
        Just("items:\n".to_string()),
        Just("- name: x\n  status: failed\n".to_string()),
        Just("  items:\n".to_string()),
        Just("Running Suite: x\n".to_string()),
        Just("Ran 3 of 9 Specs in 1.5 seconds\n".to_string()),
        Just("FAIL! -- 1 Passed | 2 Failed | 6 Skipped\n".to_string()),
        Just("Summarizing 2 Failures:\n".to_string()),
        Just("  [FAIL] a [It] b [x, y]\n".to_string()),
        Just("[Fail] [It] \n".to_string()),
        Just("• [SLOW TEST:1.0 seconds]\n".to_string()),
        Just("{\"msg\":\"PASSED ".to_string()),
        Just("\u{1b}[1m".to_string()),
        "[ -~\\n]{0,12}".prop_map(|s| s),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        prop_assert!(exercise("fuzz", &bytes));
    }

    #[test]
    fn bytes_behind_a_gzip_header_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let mut bytes = vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];
        bytes.extend_from_slice(&tail);
        prop_assert!(exercise("fuzz.gz", &bytes));
        prop_assert!(exercise("fuzz.gz", &gzip(&tail)));
    }

    #[test]
    fn bytes_behind_a_tar_header_never_panic(
        size in 0u64..4096,
        path in prop_oneof![
            Just("junit_01.xml"),
            Just("plugins/e2e/sonobuoy_results.yaml"),
            Just("plugins/e2e/results/global/e2e.log"),
            Just("serverversion.json"),
        ],
        tail in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut tar = tar_header(path, size);
        tar.extend_from_slice(&tail);
        prop_assert!(exercise("fuzz.tar", &tar));
        prop_assert!(exercise("fuzz.tar.gz", &gzip(&tar)));
    }

    #[test]
    fn structured_noise_never_panics(parts in proptest::collection::vec(fragment(), 0..40)) {
        let text = parts.concat();
        prop_assert!(exercise("noise", text.as_bytes()));
        let mut tar = tar_header("plugins/e2e/results/global/junit_01.xml", text.len() as u64);
        tar.extend_from_slice(text.as_bytes());
        tar.resize(tar.len().div_ceil(512) * 512 + 1024, 0);
        prop_assert!(exercise("noise.tar.gz", &gzip(&tar)));
    }

    #[test]
    fn waiver_parsing_never_panics(text in "\\PC{0,300}") {
        let _ = Waivers::parse("fuzz.yaml", &text);
    }

    #[test]
    fn waiver_shaped_noise_never_panics(
        entries in proptest::collection::vec(
            (prop_oneof![Just("regex"), Just("reason"), Just("other"), Just("- regex")], "[ -~]{0,16}"),
            0..8,
        ),
    ) {
        let mut text = String::from("okToFail:\n");
        for (key, value) in entries {
            text.push_str(&format!("- {key}: {value}\n"));
        }
        match Waivers::parse("fuzz.yaml", &text) {
            Ok(w) => prop_assert!(w.matching("[It] x").is_none() || !w.is_empty()),
            Err(e) => prop_assert!(e.to_string().contains("fuzz.yaml")),
        }
    }
}
