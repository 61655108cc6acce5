//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and editors. One
//! run; `tool.driver.rules` is the whole catalogue (so `ruleIndex` is the
//! rule's position in `registry()`); each result points at its file and,
//! when known, its line. Findings about a whole filing point at the filing
//! folder. `partialFingerprints` carries the GitLab fingerprint (no line
//! number in it), so alerts survive re-sorted rows.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use crate::report::{Report, Severity};
use crate::rules::registry;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn emit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = registry()
        .iter()
        .map(|rule| {
            let text = rule.plain_explanation();
            let mut descriptor = json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": text, "markdown": rule.explanation.trim() },
                "help": { "text": text, "markdown": rule.explanation.trim() },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "tags": [rule.family().prefix()] },
            });
            // The manual page the rule comes from, where it is online.
            if let Some(url) = rule
                .family()
                .sources()
                .iter()
                .find_map(|source| source.url())
            {
                descriptor["helpUri"] = Value::from(url);
            }
            descriptor
        })
        .collect();
    let fingerprints = super::gitlab::fingerprints(report);
    let results: Vec<Value> = report
        .findings()
        .zip(fingerprints)
        .map(|((filing, finding), fingerprint)| {
            let rule_index = registry()
                .iter()
                .position(|rule| rule.code == finding.rule.code)
                .map_or(Value::Null, Value::from);
            let mut physical = Map::new();
            let uri = match finding.file.as_deref() {
                Some(file) => uri(file),
                // A folder: the trailing slash says so.
                None => format!("{}/", uri(&filing.path).trim_end_matches('/')),
            };
            physical.insert("artifactLocation".into(), json!({ "uri": uri }));
            if let Some(line) = finding.line.filter(|line| *line >= 1) {
                physical.insert("region".into(), json!({ "startLine": line }));
            }
            let mut location = json!({ "physicalLocation": physical });
            // A worksheet cell has no place in a physical location (a file's
            // lines): it is a logical location, and named in the message.
            if let Some(place) = super::sheet_cell(finding) {
                location["logicalLocations"] = json!([{
                    "name": place,
                    "fullyQualifiedName": format!("{}{place}", super::forward_slashes(super::location_path(filing, finding))),
                    "kind": "element",
                }]);
            }
            let mut result = json!({
                "ruleId": finding.rule.code,
                "ruleIndex": rule_index,
                "level": level(finding.severity),
                "message": { "text": super::message_with_cell(finding) },
                "locations": [location],
                "partialFingerprints": { "cfrcheckFingerprint/v1": fingerprint },
            });
            if rule_index.is_null() {
                if let Some(object) = result.as_object_mut() {
                    object.remove("ruleIndex");
                }
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "cfrcheck",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

/// A relative URI reference for a path as given: forward slashes, and every
/// byte outside the unreserved set percent-encoded (a space in a folder
/// name is not allowed in a URI). A Windows drive path becomes `file:///C:/...`.
fn uri(path: &str) -> String {
    let path = super::forward_slashes(path);
    let bytes = path.as_bytes();
    let (prefix, rest) = if bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes[2] == b'/'
    {
        (format!("file:///{}:", bytes[0] as char), &path[2..])
    } else {
        (String::new(), path.as_str())
    };
    let mut encoded = prefix;
    for byte in rest.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The explanation without Markdown emphasis, for viewers that show text.
#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_relative_references_with_forward_slashes() {
        assert_eq!(
            uri("filings/acme-2009/CFR-1.csv"),
            "filings/acme-2009/CFR-1.csv"
        );
        assert_eq!(
            uri("filings\\Acme Inc\\CFR-1.csv"),
            "filings/Acme%20Inc/CFR-1.csv"
        );
        assert_eq!(uri("C:\\cfr\\DMH-1.csv"), "file:///C:/cfr/DMH-1.csv");
        assert_eq!(uri("/srv/cfr/DMH-1.csv"), "/srv/cfr/DMH-1.csv");
    }
}
