//! The import direction between the crate's top-level modules, checked on the source text.
//!
//! Every `crate::<module>` path in production code (test modules and `tests/` folders may use
//! helpers from anywhere) must be an edge of [`ALLOWED`], and [`ALLOWED`] itself must be acyclic,
//! so that editing the table cannot smuggle a cycle in. The command-line parser and the
//! Kubernetes client stay in the layers named by [`CLAP_MAY_APPEAR`] and [`KUBE_CLIENT_MAY_APPEAR`].

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// `from` may use each module of `to`. Every module may also use the leaves `error` and
/// `duration`, and itself.
const ALLOWED: &[(&str, &[&str])] = &[
    // BEGIN ALLOWED
    ("main", &[]),
    (
        "commands",
        &[
            "kube",
            "k8s",
            "report",
            "certification",
            "cleanup",
            "cni",
            "distribution",
            "e2e",
            "kubeapi",
            "netcheck",
            "netpol",
            "stack",
            "versions",
        ],
    ),
    ("kube", &["k8s"]),
    ("report", &[]),
    ("k8s", &[]),
    ("certification", &["report"]),
    ("cleanup", &["k8s", "report"]),
    ("cni", &["k8s"]),
    ("distribution", &["k8s", "report"]),
    ("e2e", &["k8s", "netpol", "cni", "report"]),
    ("kubeapi", &["k8s", "report"]),
    ("netcheck", &["k8s", "netpol", "e2e", "report"]),
    ("netpol", &["k8s", "cni", "report"]),
    ("stack", &["k8s", "report"]),
    ("versions", &["k8s", "report"]),
    ("error", &[]),
    ("duration", &[]),
    // END ALLOWED
];

/// Modules every other may use: plain helpers that import nothing of the crate.
const LEAVES: &[&str] = &["error", "duration"];

/// Where `clap` may be named: the command layer only.
const CLAP_MAY_APPEAR: &[&str] = &[
    // BEGIN CLAP
    "src/commands/",
    // END CLAP
];

/// Where the `kube` client crate may be named: the kube layer and the commands.
const KUBE_CLIENT_MAY_APPEAR: &[&str] = &[
    // BEGIN KUBE
    "src/kube/",
    "src/commands/",
    // END KUBE
];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source path relative to the crate, with `/` separators (`src/netpol/engine.rs`).
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `src/x.rs` and `src/x/...` belong to `x`.
fn top_module(rel: &str) -> String {
    let first = rel
        .strip_prefix("src/")
        .unwrap_or(rel)
        .split('/')
        .next()
        .unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(first).to_string()
}

fn is_test_file(rel: &str) -> bool {
    rel.split('/').any(|c| c == "tests" || c == "tests.rs")
}

/// The code with comments and the contents of string and char literals blanked out (newlines
/// kept, so line numbers stay right).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"') | Some('#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &ch in &chars[i..j.min(chars.len())] {
                out.push(blank(ch));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A char literal ('x', '\n', '\''); a lifetime ('a) has no closing quote.
            let mut j = i + 1;
            if chars.get(j) == Some(&'\\') {
                j += 2;
            } else {
                j += 1;
            }
            while j < chars.len() && chars[j] != '\'' {
                j += 1;
            }
            for _ in i..=j.min(chars.len() - 1) {
                out.push(' ');
            }
            i = j + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The code before the first `#[cfg(test)]` module (tests may use anything).
fn production_part(code: &str) -> &str {
    let mut offset = 0;
    let mut lines = code.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            return &code[..offset];
        }
        offset += line.len() + 1;
    }
    code
}

fn ident_at(chars: &[char], mut i: usize) -> (String, usize) {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    let start = i;
    while chars
        .get(i)
        .is_some_and(|c| c.is_alphanumeric() || *c == '_')
    {
        i += 1;
    }
    (chars[start..i].iter().collect(), i)
}

/// The first segment of the module path starting at `i` (`a` of `a::b::c`), and where it ends.
fn path_at(chars: &[char], i: usize) -> (String, usize) {
    ident_at(chars, i)
}

/// Every `(line, module)` named as `crate::module`, also inside `crate::{a, b::c}` groups.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let word = ['c', 'r', 'a', 't', 'e', ':', ':'];
    while i < chars.len() {
        if chars[i] == '\n' {
            line += 1;
        }
        let starts_word = i == 0
            || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == '$');
        if starts_word && chars[i..].starts_with(&word) {
            let mut j = i + word.len();
            while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                j += 1;
            }
            if chars.get(j) == Some(&'{') {
                // Top-level names of the group: after `{` and after each `,` at depth 1.
                let mut depth = 0;
                let mut expect_name = true;
                let mut k = j;
                let mut group_line = line;
                while k < chars.len() {
                    match chars[k] {
                        '{' => {
                            depth += 1;
                            expect_name = depth == 1;
                            k += 1;
                            continue;
                        }
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        ',' if depth == 1 => expect_name = true,
                        '\n' => group_line += 1,
                        c if expect_name && (c.is_alphanumeric() || c == '_') => {
                            let (name, end) = path_at(&chars, k);
                            found.push((group_line, name));
                            expect_name = false;
                            k = end;
                            continue;
                        }
                        _ => {}
                    }
                    k += 1;
                }
            } else {
                let (name, _) = path_at(&chars, j);
                if !name.is_empty() {
                    found.push((line, name));
                }
            }
            i += word.len();
            continue;
        }
        i += 1;
    }
    found
}

/// Whether `code` names the crate `krate` as the start of a path (`clap::…`, `use kube::{…}`),
/// and not as part of a longer path (`crate::kube::…`).
fn names_crate(code: &str, krate: &str) -> Option<usize> {
    let needle = format!("{krate}::");
    for (n, line) in code.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = line[from..].find(&needle) {
            let at = from + at;
            let before = line[..at].chars().next_back();
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '$') {
                return Some(n + 1);
            }
            from = at + needle.len();
        }
    }
    None
}

fn allowed_table() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    ALLOWED
        .iter()
        .map(|(from, to)| (*from, to.iter().copied().collect()))
        .collect()
}

/// The modules of the crate root (`pub mod x;` / `mod x;` in lib.rs, and `main`).
fn root_modules() -> BTreeSet<String> {
    let lib = fs::read_to_string(src_dir().join("lib.rs")).expect("src/lib.rs");
    let mut modules: BTreeSet<String> = code_only(&lib)
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').trim().to_string())
        })
        .collect();
    modules.insert("main".into());
    modules
}

#[test]
fn top_level_modules_import_only_in_the_allowed_direction() {
    let table = allowed_table();
    let modules = root_modules();
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let mut violations = Vec::new();
    for path in files {
        let rel = relative(&path);
        if rel == "src/lib.rs" || is_test_file(&rel) {
            continue;
        }
        let from = top_module(&rel);
        let text = fs::read_to_string(&path).expect("readable source");
        let code = code_only(&text);
        for (line, to) in crate_paths(production_part(&code)) {
            let top = to.split('/').next().unwrap_or_default();
            if to == from || LEAVES.contains(&to.as_str()) || !modules.contains(top) {
                continue;
            }
            let ok = table
                .get(from.as_str())
                .is_some_and(|t| t.contains(to.as_str()));
            if !ok {
                violations.push(format!("{rel}:{line}: {from} -> {to} not allowed"));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "imports against the layering (see ALLOWED in tests/layout.rs):\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_row() {
    let table = allowed_table();
    let missing: Vec<String> = root_modules()
        .into_iter()
        .filter(|m| !table.contains_key(m.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a row in ALLOWED: {missing:?}"
    );
}

#[test]
fn the_allowed_table_has_no_cycle() {
    let table = allowed_table();
    fn visit<'a>(
        node: &'a str,
        table: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Result<(), String> {
        if let Some(at) = path.iter().position(|n| *n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node);
            return Err(cycle.join(" -> "));
        }
        if done.contains(node) {
            return Ok(());
        }
        path.push(node);
        for next in table.get(node).into_iter().flatten() {
            visit(next, table, path, done)?;
        }
        path.pop();
        done.insert(node);
        Ok(())
    }
    let mut done = BTreeSet::new();
    for from in table.keys() {
        if let Err(cycle) = visit(from, &table, &mut Vec::new(), &mut done) {
            panic!("ALLOWED has a cycle: {cycle}");
        }
    }
}

fn crate_named_only_under(krate: &str, allowed: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    files
        .iter()
        .filter_map(|path| {
            let rel = relative(path);
            if is_test_file(&rel) || allowed.iter().any(|a| rel.starts_with(a)) {
                return None;
            }
            let text = fs::read_to_string(path).expect("readable source");
            let code = code_only(&text);
            names_crate(production_part(&code), krate).map(|line| format!("{rel}:{line}"))
        })
        .collect()
}

#[test]
fn clap_stays_in_the_command_layer() {
    let found = crate_named_only_under("clap", CLAP_MAY_APPEAR);
    assert!(
        found.is_empty(),
        "clap named outside {CLAP_MAY_APPEAR:?}: {found:?}"
    );
}

#[test]
fn the_kube_client_stays_in_the_kube_layer() {
    let found = crate_named_only_under("kube", KUBE_CLIENT_MAY_APPEAR);
    assert!(
        found.is_empty(),
        "the kube crate named outside {KUBE_CLIENT_MAY_APPEAR:?}: {found:?}"
    );
}

#[test]
fn the_scanner_sees_through_groups_comments_and_strings() {
    let code = code_only(
        "use crate::{a::X, b, c::{d, e}};\n// crate::f\nlet s = \"crate::g\";\nlet c = '\"';\nfn x<'a>() { crate::h::y() }\n",
    );
    let names: Vec<(usize, String)> = crate_paths(&code);
    let names: Vec<(usize, &str)> = names.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(names, [(1, "a"), (1, "b"), (1, "c"), (5, "h")]);
    assert_eq!(names_crate("use crate::kube::X;", "kube"), None);
    assert_eq!(names_crate("x\nuse kube::Api;", "kube"), Some(2));
    assert_eq!(
        production_part("a\n#[cfg(test)]\nmod tests {\ncrate::z\n}\n"),
        "a\n"
    );
}

/// `src/commands/` mirrors the command line: every command has its folder (`check networking` is
/// `src/commands/check/networking/`), and a command with flags of its own keeps them in the
/// folder's `args.rs`. The scripts of `completion bash|zsh|…` are the `completion` folder's.
#[test]
fn commands_mirror_the_command_line() {
    use clap::CommandFactory;

    fn visit(command: &clap::Command, path: Vec<String>, missing: &mut Vec<String>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/commands")
            .join(path.join("/"));
        if !path.is_empty() {
            if !dir.join("mod.rs").is_file() {
                missing.push(format!(
                    "`{}` has no src/commands/{}/mod.rs",
                    path.join(" "),
                    path.join("/")
                ));
            }
            let own_flags = command.get_arguments().any(|a| {
                !a.is_global_set() && !matches!(a.get_id().as_str(), "output" | "help" | "version")
            });
            if own_flags
                && command.get_subcommands().next().is_none()
                && !dir.join("args.rs").is_file()
            {
                missing.push(format!(
                    "`{}` has flags but no src/commands/{}/args.rs",
                    path.join(" "),
                    path.join("/")
                ));
            }
        }
        if path.first().is_some_and(|c| c == "completion") {
            return;
        }
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut sub_path = path.clone();
            sub_path.push(sub.get_name().to_string());
            visit(sub, sub_path, missing);
        }
    }
    let mut missing = Vec::new();
    visit(&kubectl_scs::cli::Cli::command(), Vec::new(), &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
