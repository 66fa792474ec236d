/// Writes `check`'s report in one of its formats, as bytes. What belongs to one credential is
/// written as the credentials stream past (`add`), so that 100,000 credentials never sit in
/// memory at once; what must wait (findings in order, status, counts) goes into spill buffers
/// and is written at the end (`finish`).
protocol CheckRenderer {
    mutating func add(_ status: CredentialStatus, to out: inout [UInt8]) throws
    /// A finding about the run itself (a failed delivery), after the credentials.
    mutating func add(runFinding finding: Finding) throws
    mutating func finish(_ report: CheckReport, write: ([UInt8]) throws -> Void) throws
}

/// The monitoring-plugin text: a status line with performance data, then one line per
/// finding, CRITICAL before WARNING:
/// `PATVAULT CRITICAL - 1 expired, 2 expiring | credentials=12;;; expired=1;;; ...`.
struct TextCheckRenderer: CheckRenderer {
    private let critical = SpillBuffer()
    private let warning = SpillBuffer()
    private let news = SpillBuffer()

    mutating func add(_ status: CredentialStatus, to out: inout [UInt8]) throws {
        for finding in status.findings { try add(runFinding: finding) }
    }

    mutating func add(runFinding finding: Finding) throws {
        let version = finding.version.map { " v\($0)" } ?? ""
        let line =
            "\(finding.severity) \(finding.credential)\(version) (\(finding.organization)): \(finding.kind.rawValue): \(finding.summary)\n"
        switch finding.severity {
        case .critical: try critical.append(Array(line.utf8))
        case .warning: try warning.append(Array(line.utf8))
        case .ok: try news.append(Array(line.utf8))
        }
    }

    mutating func finish(_ report: CheckReport, write: ([UInt8]) throws -> Void) throws {
        try write(Array((Self.statusLine(report) + "\n").utf8))
        try critical.drain(write)
        try warning.drain(write)
        try news.drain(write)
    }

    static func statusLine(_ report: CheckReport) -> String {
        let parts = CheckReport.kindOrder.compactMap { kind, metric -> String? in
            let count = report.counts[kind] ?? 0
            return count > 0 ? "\(count) \("\(metric)".replacingAll("_", with: " "))" : nil
        }
        let text =
            parts.isEmpty
            ? "\(report.credentialCount) credential\(report.credentialCount == 1 ? "" : "s"), all within policy"
            : parts.joined(separator: ", ")
        let perfdata =
            (["credentials=\(report.credentialCount);;;"]
            + CheckReport.kindOrder.map { "\($0.1)=\(report.counts[$0.0] ?? 0);;;" }).joined(separator: " ")
        return "PATVAULT \(report.status) - \(text) | \(perfdata)"
    }
}

/// The JSON document of `check --format json` (its schema is in the README). The credentials
/// array comes first because it is streamed; the status and summary, known only at the end,
/// come last.
struct JSONCheckRenderer: CheckRenderer {
    private let findings = SpillBuffer()
    private var credentials = 0

    mutating func add(_ status: CredentialStatus, to out: inout [UInt8]) throws {
        out += (credentials == 0 ? "{\n  \"credentials\": [\n    " : ",\n    ").utf8
        credentials += 1
        status.writeJSON(into: &out)
        for finding in status.findings { try add(runFinding: finding) }
    }

    mutating func add(runFinding finding: Finding) throws {
        var bytes = Array((findings.isEmpty ? "\n    " : ",\n    ").utf8)
        finding.writeJSON(into: &bytes)
        try findings.append(bytes)
    }

    mutating func finish(_ report: CheckReport, write: ([UInt8]) throws -> Void) throws {
        var out = Array((credentials == 0 ? "{\n  \"credentials\": [],\n" : "\n  ],\n").utf8)
        out += "  \"findings\": [".utf8
        try write(out)
        try findings.drain(write)
        out = Array((findings.isEmpty ? "],\n" : "\n  ],\n").utf8)
        var summary = JSONObjectBytes()
        summary.field("credentials", report.credentialCount)
        summary.field("warning", report.count(.warning))
        summary.field("critical", report.count(.critical))
        for (kind, metric) in CheckReport.kindOrder { summary.field(metric, report.counts[kind] ?? 0) }
        out += "  \"summary\": ".utf8
        out += summary.finish()
        var tail = JSONObjectBytes()
        tail.field("status", report.status.description)
        tail.field("exit_code", Int(report.status.rawValue))
        tail.field("at", report.at)
        tail.field("ran_at", report.ranAt)
        // The status fields close the document: splice them in as the last members.
        out += ",\n  ".utf8
        out += tail.finish().dropFirst().dropLast()
        out += "\n}\n".utf8
        try write(out)
    }
}

extension JSONCheckRenderer {
    /// The document of a check that could not run (vault unreadable, policies invalid): the
    /// same members, nothing evaluated (`summary` null), status UNKNOWN and the reason in
    /// `error`, so that a consumer parsing the output learns why instead of choking on nothing.
    static func failureDocument(reason: String, at: Timestamp, ranAt: Timestamp) -> String {
        JSONValue.object([
            ("credentials", .array([])), ("findings", .array([])), ("summary", .null),
            ("status", .string(CheckReport.Status.unknown.description)),
            ("exit_code", .integer(Int64(CheckReport.Status.unknown.rawValue))), ("at", JSONValue(at)),
            ("ran_at", JSONValue(ranAt)), ("error", .string(reason)),
        ]).pretty + "\n"
    }
}

/// node_exporter textfile-collector metrics (Prometheus text format 0.0.4).
struct PrometheusCheckRenderer: CheckRenderer {
    /// The moment evaluated, which remaining time counts from.
    let reportTime: Timestamp
    private let remaining = SpillBuffer()
    private var started = false

    init(at reportTime: Timestamp) { self.reportTime = reportTime }

    mutating func add(_ status: CredentialStatus, to out: inout [UInt8]) throws {
        if !started {
            started = true
            out +=
                """
                # HELP patvault_token_expiry_timestamp_seconds When the active token of each credential expires (Unix time).
                # TYPE patvault_token_expiry_timestamp_seconds gauge

                """.utf8
        }
        guard let active = status.active else { return }
        let labels = Self.labels([
            ("name", status.credential.name), ("org", status.credential.organization),
            ("version", String(active.version)), ("policy", status.policy),
        ])
        out += "patvault_token_expiry_timestamp_seconds\(labels) \(active.expiresAt.seconds)\n".utf8
        try remaining.append(
            Array("patvault_token_remaining_seconds\(labels) \(active.expiresAt.seconds - reportTime.seconds)\n".utf8))
    }

    mutating func add(runFinding finding: Finding) {}

    mutating func finish(_ report: CheckReport, write: ([UInt8]) throws -> Void) throws {
        var out: [UInt8] = []
        if !started {
            out +=
                """
                # HELP patvault_token_expiry_timestamp_seconds When the active token of each credential expires (Unix time).
                # TYPE patvault_token_expiry_timestamp_seconds gauge

                """.utf8
        }
        out +=
            """
            # HELP patvault_token_remaining_seconds Seconds until the active token of each credential expires (negative once expired; whole days left = floor(value / 86400)).
            # TYPE patvault_token_remaining_seconds gauge

            """.utf8
        try write(out)
        try remaining.drain(write)
        var tail = """
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
            tail += "patvault_findings_by_kind{kind=\"\(metric)\"} \(report.counts[kind] ?? 0)\n"
        }
        tail += Self.runMetrics(at: report.ranAt, success: true)
        try write(Array(tail.utf8))
    }

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
        "{"
            + pairs.map { key, value in
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
