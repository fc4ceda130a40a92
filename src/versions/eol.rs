//! SCS's end-of-life table: which branches are still supported at a moment.

use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};
use serde::Serialize;

use super::formats::EolEntry;
use super::version::Branch;

/// A branch and the first day it is no longer supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BranchEol {
    pub branch: Branch,
    #[serde(rename = "endOfLife")]
    pub end_of_life: Date,
}

impl BranchEol {
    /// SCS's `parse_branch_info`: `major.minor` and a `%Y-%m-%d` date.
    pub fn parse(entry: &EolEntry) -> Result<BranchEol, String> {
        let branch = Branch::parse(&entry.branch)
            .ok_or_else(|| format!("branch {:?} is not major.minor", entry.branch))?;
        let end_of_life = Date::strptime("%Y-%m-%d", entry.end_of_life.trim()).map_err(|e| {
            format!(
                "end-of-life {:?} of branch {} is not a date: {e}",
                entry.end_of_life, entry.branch
            )
        })?;
        Ok(BranchEol {
            branch,
            end_of_life,
        })
    }

    /// The EOL day starts at midnight UTC; from then on the branch is EOL (SCS: `now < eol`).
    pub fn is_supported(&self, now: Timestamp) -> bool {
        now < midnight_utc(self.end_of_life)
    }
}

pub fn midnight_utc(date: Date) -> Timestamp {
    date.to_zoned(TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::MAX)
}

/// The whole table; a later entry for the same branch replaces an earlier one, as in SCS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EolTable {
    pub branches: Vec<BranchEol>,
}

impl EolTable {
    pub fn parse(entries: &[EolEntry]) -> Result<EolTable, String> {
        let mut branches: Vec<BranchEol> = Vec::new();
        for entry in entries {
            let parsed = BranchEol::parse(entry)?;
            branches.retain(|b| b.branch != parsed.branch);
            branches.push(parsed);
        }
        Ok(EolTable { branches })
    }

    pub fn get(&self, branch: Branch) -> Option<&BranchEol> {
        self.branches.iter().find(|b| b.branch == branch)
    }

    /// The branches supported at `now`, oldest first.
    pub fn supported(&self, now: Timestamp) -> Vec<Branch> {
        let mut supported: Vec<Branch> = self
            .branches
            .iter()
            .filter(|b| b.is_supported(now))
            .map(|b| b.branch)
            .collect();
        supported.sort();
        supported
    }
}
