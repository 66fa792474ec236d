/// Writes `check`'s report in one of its formats. Per-credential lines are rendered as the
/// credentials stream past; the summary, which needs them all, is rendered at the end.
protocol CheckRenderer {
    mutating func add(_ status: CredentialStatus)
    func finish(_ report: CheckReport) -> String
}

/// The monitoring-plugin text: a status line with performance data, then one line per
/// finding, e.g. `PATVAULT CRITICAL - 1 expired, 2 expiring | credentials=12;;; expired=1;;; ...`.
struct TextCheckRenderer: CheckRenderer {
    mutating func add(_ status: CredentialStatus) {}

    func finish(_ report: CheckReport) -> String {
        var out = Self.statusLine(report) + "\n"
        let ordered = report.findings.enumerated().sorted {
            ($0.element.severity, -$0.offset) > ($1.element.severity, -$1.offset)
        }
        for (_, finding) in ordered {
            let version = finding.version.map { " v\($0)" } ?? ""
            out += "\(finding.severity) \(finding.credential)\(version) (\(finding.organization)): \(finding.kind.rawValue): \(finding.summary)\n"
        }
        return out
    }

    static func statusLine(_ report: CheckReport) -> String {
        let parts = CheckReport.kindOrder.compactMap { kind, metric -> String? in
            let count = report.counts[kind] ?? 0
            return count > 0 ? "\(count) \(metric.replacingAll("_", with: " "))" : nil
        }
        let text = parts.isEmpty
            ? "\(report.credentialCount) credential\(report.credentialCount == 1 ? "" : "s"), all within policy"
            : parts.joined(separator: ", ")
        let perfdata = (["credentials=\(report.credentialCount);;;"]
            + CheckReport.kindOrder.map { "\($0.1)=\(report.counts[$0.0] ?? 0);;;" }).joined(separator: " ")
        return "PATVAULT \(report.status) - \(text) | \(perfdata)"
    }
}

/// The JSON document of `check --format json` (documented in the README).
struct JSONCheckRenderer: CheckRenderer {
    private var rows = ""
    private var first = true

    mutating func add(_ status: CredentialStatus) {
        rows += first ? "\n    " : ",\n    "
        first = false
        status.json.write(to: &rows, indent: nil, level: 0)
    }

    func finish(_ report: CheckReport) -> String {
        var out = "{\n"
        let header: [(String, JSONValue)] = [
            ("status", .string(report.status.description)), ("exit_code", .integer(Int64(report.status.rawValue))),
            ("at", JSONValue(report.at)), ("ran_at", JSONValue(report.ranAt)),
            ("summary", .object(
                [("credentials", .integer(Int64(report.credentialCount))),
                 ("warning", .integer(Int64(report.count(.warning)))), ("critical", .integer(Int64(report.count(.critical))))]
                    + CheckReport.kindOrder.map { ($0.1, .integer(Int64(report.counts[$0.0] ?? 0))) })),
            ("findings", .array(report.findings.map(\.json))),
        ]
        for (key, value) in header {
            out += "  "
            JSONValue.writeString(key, to: &out)
            out += ": "
            value.write(to: &out, indent: nil, level: 0)
            out += ",\n"
        }
        out += "  \"credentials\": [" + rows + (first ? "]\n" : "\n  ]\n") + "}\n"
        return out
    }
}

/// node_exporter textfile-collector metrics (Prometheus text format 0.0.4).
struct PrometheusCheckRenderer: CheckRenderer {
    /// The moment evaluated, which remaining time counts from.
    let reportTime: Timestamp
    private var expiry = ""
    private var remaining = ""

    mutating func add(_ status: CredentialStatus) {
        guard let active = status.active else { return }
        let labels = Self.labels([
            ("name", status.credential.name), ("org", status.credential.organization),
            ("version", String(active.version)), ("policy", status.policy),
        ])
        expiry += "patvault_token_expiry_timestamp_seconds\(labels) \(active.expiresAt.seconds)\n"
        remaining += "patvault_token_remaining_seconds\(labels) \(active.expiresAt.seconds - reportTime.seconds)\n"
    }

    func finish(_ report: CheckReport) -> String {
        var out = """
            # HELP patvault_token_expiry_timestamp_seconds When the active token of each credential expires (Unix time).
            # TYPE patvault_token_expiry_timestamp_seconds gauge

            """
        out += expiry
        out += """
            # HELP patvault_token_remaining_seconds Seconds until the active token of each credential expires (negative once expired; whole days left = floor(value / 86400)).
            # TYPE patvault_token_remaining_seconds gauge

            """
        out += remaining
        out += """
            # HELP patvault_credentials Credentials in the vault.
            # TYPE patvault_credentials gauge
            patvault_credentials \(report.credentialCount)
            # HELP patvault_findings Findings of the last check, by severity.
            # TYPE patvault_findings gauge
            patvault_findings{severity="warning"} \(report.count(.warning))
            patvault_findings{severity="critical"} \(report.count(.critical))
            # HELP patvault_findings_by_kind Findings of the last check, by kind.
            # TYPE patvault_findings_by_kind gauge

            """
        for (kind, metric) in CheckReport.kindOrder {
            out += "patvault_findings_by_kind{kind=\"\(metric)\"} \(report.counts[kind] ?? 0)\n"
        }
        out += Self.runMetrics(at: report.ranAt, success: true)
        return out
    }

    init(at reportTime: Timestamp) { self.reportTime = reportTime }

    /// The last-run and success gauges; a failed check writes only these, with success 0.
    static func runMetrics(at: Timestamp, success: Bool) -> String {
        """
        # HELP patvault_check_last_run_timestamp_seconds When patvault check last ran (Unix time).
        # TYPE patvault_check_last_run_timestamp_seconds gauge
        patvault_check_last_run_timestamp_seconds \(at.seconds)
        # HELP patvault_check_success Whether the last patvault check could read the vault and policies (1) or not (0).
        # TYPE patvault_check_success gauge
        patvault_check_success \(success ? 1 : 0)

        """
    }

    /// `{a="x",b="y"}` with label values escaped as the text format requires.
    static func labels(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { key, value in
            var escaped = ""
            for character in value {
                switch character {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                default: escaped.append(character)
                }
            }
            return "\(key)=\"\(escaped)\""
        }.joined(separator: ",") + "}"
    }
}

extension CredentialStatus {
    /// One row of `list --format json` and of `check`'s `credentials` array.
    var json: JSONValue {
        .object([
            ("name", .string(credential.name)), ("org", .string(credential.organization)),
            ("org_url", .string(credential.orgURL)), ("version", JSONValue(active?.version)),
            ("state", .string(state)), ("expires_at", JSONValue(active?.expiresAt)), ("days_left", JSONValue(daysLeft)),
            ("policy", .string(policy)), ("status", .string(status)), ("owner", JSONValue(credential.owner)),
        ])
    }
}

extension Finding {
    var json: JSONValue {
        .object([
            ("severity", .string(severity.description)), ("kind", .string(kind.rawValue)),
            ("credential", .string(credential)), ("org", .string(organization)), ("version", JSONValue(version)),
            ("fingerprint", JSONValue(fingerprint)), ("policy", .string(policy)), ("expires_at", JSONValue(expiresAt)),
            ("days_left", JSONValue(daysLeft)), ("threshold", JSONValue(threshold)), ("summary", .string(summary)),
        ])
    }
}
