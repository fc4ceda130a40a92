//! Property tests of the parsers of version texts and CVE ranges: no input panics, and the
//! range forms mean what SCS makes of them.

use proptest::prelude::*;

use super::v;
use crate::versions::eol::{BranchEol, EolTable};
use crate::versions::formats::{EolEntry, GithubRelease, VersionEntry};
use crate::versions::nodes::{NodeVersion, examine};
use crate::versions::range::{RangeError, VersionRange};
use crate::versions::releases::Release;
use crate::versions::version::Version;

fn version() -> impl Strategy<Value = Version> {
    (0u64..3, 0u64..40, 0u64..30).prop_map(|(a, b, c)| v(a, b, c))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ v0-9.x+_\\-]{0,24}",
        "v?[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9x]{1,3}( +- +v?[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2})?",
    ]
}

fn entry(version: Option<String>, lt: Option<String>, lte: Option<String>) -> VersionEntry {
    VersionEntry {
        version,
        status: Some("affected".into()),
        less_than: lt,
        less_than_or_equal: lte,
    }
}

proptest! {
    #[test]
    fn no_eol_entry_release_or_kubelet_text_panics(a in text(), b in text(), c in any::<bool>(), cp in version()) {
        let entry = EolEntry { branch: a.clone(), end_of_life: b.clone() };
        if let Ok(info) = BranchEol::parse(&entry) {
            let _ = info.is_supported(jiff::Timestamp::now());
        }
        let release = GithubRelease { tag_name: a.clone(), draft: false, prerelease: c, published_at: Some(b) };
        let _ = Release::parse(&release);
        let table = EolTable::parse(&[entry]).unwrap_or_default();
        let nodes = [NodeVersion { name: "n".into(), kubelet: a, control_plane: c }];
        let _ = examine(&nodes, cp, &table, jiff::Timestamp::now());
        let huge = [NodeVersion { name: "n".into(), kubelet: format!("1.{}.0", u64::MAX), control_plane: c }];
        let _ = examine(&huge, v(1, u64::MAX >> 1, 0), &table, jiff::Timestamp::now());
    }

    #[test]
    fn no_version_text_panics(s in text()) {
        let _ = Version::parse_scs(&s);
        let _ = Version::parse_vendor(&s);
    }

    #[test]
    fn no_versions_entry_panics(
        a in proptest::option::of(text()),
        b in proptest::option::of(text()),
        c in proptest::option::of(text()),
        probe in version(),
    ) {
        if let Ok(range) = VersionRange::from_entry(&entry(a, b, c)) {
            let _ = range.contains(probe);
            let _ = range.to_string();
        }
    }

    #[test]
    fn versions_round_trip_with_build_metadata(x in version(), build in "[a-z0-9.]{0,8}") {
        prop_assert_eq!(Version::parse_scs(&format!(" v{x} ")).unwrap(), x);
        prop_assert_eq!(Version::parse_scs(&format!("v{x}+{build}")).unwrap(), x);
        prop_assert_eq!(Version::parse_vendor(&format!("v{x}+{build}")).unwrap(), x);
    }

    #[test]
    fn vendor_suffixes_are_cut_only_by_the_vendor_reading(x in version(), vendor in "[a-z][a-z0-9.\\-]{0,10}") {
        let text = format!("v{x}-{vendor}");
        prop_assert_eq!(Version::parse_vendor(&text).unwrap(), x);
        prop_assert!(Version::parse_scs(&text).is_err());
    }

    #[test]
    fn upper_bounds_are_inclusive_or_exclusive(lower in version(), upper in version(), probe in version()) {
        let lte = VersionRange::from_entry(&entry(Some(lower.to_string()), None, Some(upper.to_string())));
        let lt = VersionRange::from_entry(&entry(Some(lower.to_string()), Some(upper.to_string()), None));
        if upper < lower {
            let is_below = |r: Result<VersionRange, RangeError>| matches!(r, Err(RangeError::UpperBelowLower { .. }));
            prop_assert!(is_below(lte));
            prop_assert!(is_below(lt));
        } else {
            let (lte, lt) = (lte.unwrap(), lt.unwrap());
            prop_assert!(lte.contains(upper));
            prop_assert!(!lt.contains(upper));
            prop_assert_eq!(lte.contains(probe), lower <= probe && probe <= upper);
            prop_assert_eq!(lt.contains(probe), lower <= probe && probe < upper);
        }
    }

    #[test]
    fn less_than_or_equal_wins_over_less_than(lower in version(), a in version(), b in version()) {
        prop_assume!(lower <= a);
        let range = VersionRange::from_entry(&entry(Some(lower.to_string()), Some(b.to_string()), Some(a.to_string()))).unwrap();
        prop_assert_eq!(range.upper, Some(a));
        prop_assert!(range.inclusive);
    }

    #[test]
    fn a_single_version_is_a_range_of_itself(x in version(), probe in version()) {
        let range = VersionRange::from_entry(&entry(Some(format!("v{x}")), None, None)).unwrap();
        prop_assert_eq!(range.contains(probe), probe == x);
    }

    #[test]
    fn dot_x_is_the_empty_range_scs_makes_of_it(major in 0u64..3, minor in 0u64..40, probe in version()) {
        let range = VersionRange::from_entry(&entry(Some(format!("v{major}.{minor}.x")), None, None)).unwrap();
        prop_assert_eq!(range.lower, v(major, minor, 0));
        prop_assert_eq!(range.upper, Some(v(major, minor, 0)));
        prop_assert!(!range.contains(probe));
    }

    #[test]
    fn a_dash_span_excludes_its_upper_end(a in version(), b in version(), probe in version()) {
        let result = VersionRange::from_entry(&entry(Some(format!("v{a} - v{b}")), None, None));
        if b < a {
            let is_below = matches!(result, Err(RangeError::UpperBelowLower { .. }));
            prop_assert!(is_below);
        } else {
            let range = result.unwrap();
            prop_assert_eq!(range.contains(probe), a <= probe && probe < b);
        }
    }

    #[test]
    fn unparsable_lower_bounds_start_at_zero(junk in "[a-uw-z ]{0,12}", upper in version()) {
        let range = VersionRange::from_entry(&entry(Some(junk), None, Some(upper.to_string()))).unwrap();
        prop_assert_eq!(range.lower, Version::MINIMUM);
        prop_assert!(range.contains(Version::MINIMUM));
    }

    #[test]
    fn unparsable_upper_bounds_are_errors(lower in version(), junk in "[a-z<=> ]{1,12}") {
        let lte = VersionRange::from_entry(&entry(Some(lower.to_string()), None, Some(junk.clone())));
        let lt = VersionRange::from_entry(&entry(Some(lower.to_string()), Some(junk), None));
        prop_assert!(matches!(lte, Err(RangeError::Unparsable(_))));
        prop_assert!(matches!(lt, Err(RangeError::Unparsable(_))));
    }
}

#[test]
fn quirky_forms_of_real_records() {
    let range = |version: &str| VersionRange::from_entry(&entry(Some(version.into()), None, None));
    // CVE-2023-2727 spells ranges as "a - b": the upper end is excluded.
    let span = range("v1.25.0 - v1.25.10").unwrap();
    assert!(span.contains(v(1, 25, 9)) && !span.contains(v(1, 25, 10)));
    // "0" is no version: the lower bound becomes 0.0.0.
    assert_eq!(
        range("0").unwrap(),
        VersionRange::new(Some(v(0, 0, 0)), None, false).unwrap()
    );
    // Its `lessThanOrEqual: "<="` is an unparsable upper bound.
    let bad = VersionRange::from_entry(&entry(Some("v1.24.14".into()), None, Some("<=".into())));
    assert!(matches!(bad, Err(RangeError::Unparsable(_))), "{bad:?}");
    // SCS splits a span at every dash: text before it makes the upper end unreadable.
    assert!(range("1.2.3-a 1.2.3 - 1.3.0").is_err());
    // No "version" key at all is an error.
    assert_eq!(
        VersionRange::from_entry(&entry(None, None, None)).unwrap_err(),
        RangeError::NoVersion
    );
}
