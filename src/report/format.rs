//! The output formats a report renders to. The command line offers a subset per command.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Wide,
    Json,
    Yaml,
    Junit,
    Scs,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 6] = [
        OutputFormat::Table,
        OutputFormat::Wide,
        OutputFormat::Json,
        OutputFormat::Yaml,
        OutputFormat::Junit,
        OutputFormat::Scs,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Wide => "wide",
            OutputFormat::Json => "json",
            OutputFormat::Yaml => "yaml",
            OutputFormat::Junit => "junit",
            OutputFormat::Scs => "scs",
        }
    }

    /// One line for `--help` and the completions.
    pub fn help(self) -> &'static str {
        match self {
            OutputFormat::Table => "Human-readable table",
            OutputFormat::Wide => "Table with more columns",
            OutputFormat::Json => "JSON (stable keys)",
            OutputFormat::Yaml => "YAML (same document as json)",
            OutputFormat::Junit => "JUnit XML for CI systems",
            OutputFormat::Scs => "SCS test-runner lines",
        }
    }

    pub fn from_name(name: &str) -> Option<OutputFormat> {
        OutputFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for format in OutputFormat::ALL {
            assert_eq!(OutputFormat::from_name(format.name()), Some(format));
        }
        assert_eq!(OutputFormat::from_name("xml"), None);
    }
}
