import Foundation
import PatVaultTestSupport
import Testing

/// `patvault check` through the binary: exit codes, the three formats, --quiet, --output,
/// --at, and failure as UNKNOWN.
@Suite struct CheckTests {
    let harness = PatvaultHarness()

    /// A vault with one healthy token, one 10 days from expiry, one expired, one replaced
    /// and never revoked; the clock at 2027-01-15T09:00:00Z.
    func populatedVault() {
        #expect(harness.initialise().status == 0)
        harness.now = "2027-01-01T00:00:00Z"
        harness.add("healthy", extra: ["--lifetime", "80d"])
        harness.add("soon", extra: ["--expires", "2027-01-25T12:00:00Z"])
        harness.add("gone", extra: ["--expires", "2027-01-10"])
        harness.add("replaced", org: "https://fabrikam.visualstudio.com", extra: ["--lifetime", "80d"])
        let rotated = harness.run(["rotate", "replaced", "--lifetime", "80d"], input: LookAlikeToken.classic())
        #expect(rotated.status == 0, "\(rotated)")
        harness.now = "2027-01-15T09:00:00Z"
    }

    @Test func emptyVaultIsOK() {
        harness.initialise()
        let result = harness.run(["check"], unlock: false)
        #expect(result.status == 0)
        #expect(
            result.output
                == "PATVAULT OK - 0 credentials, all within policy | credentials=0;;; expired=0;;; expiring=0;;; rotation_due=0;;; revocation_overdue=0;;; policy_violation=0;;; no_active_version=0;;; revocation_failed=0;;; revocation_confirmed=0;;; probe_inconclusive=0;;; delivery_failed=0;;;\n"
        )
        #expect(harness.run(["check", "--quiet"], unlock: false).output.isEmpty)
    }

    @Test func textReportAndExitCodes() {
        populatedVault()
        let result = harness.run(["check"], unlock: false)
        #expect(result.status == 2, "\(result)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "PATVAULT CRITICAL - 1 expired, 1 expiring, 1 revocation overdue | credentials=4;;; expired=1;;; expiring=1;;; rotation_due=0;;; revocation_overdue=1;;; policy_violation=0;;; no_active_version=0;;; revocation_failed=0;;; revocation_confirmed=0;;; probe_inconclusive=0;;; delivery_failed=0;;;"
        )
        #expect(lines.contains("CRITICAL gone v1 (contoso): expired: expired 5 days ago (2027-01-10T00:00:00Z)"))
        #expect(
            lines.contains(
                "WARNING soon v1 (contoso): expiring: expires in 10 days (2027-01-25), past the 14-day warning"))
        #expect(
            lines.contains {
                $0.hasPrefix("CRITICAL replaced v1 (fabrikam): revocation-overdue: v1 was replaced on 2027-01-01")
            })
        #expect(lines.count == 4)

        // Revoke the replaced token and forget the expired one's CRITICAL: a forecast shows WARNING.
        #expect(harness.run(["revoke", "replaced"], unlock: false).status == 0)
        #expect(harness.run(["revoke", "gone", "--all"], unlock: false).status == 0)
        let warning = harness.run(["check", "--quiet"], unlock: false)
        #expect(warning.status == 1)
        #expect(warning.output.hasPrefix("PATVAULT WARNING - 1 expiring, 1 no active version |"))
    }

    @Test func forecastWithAtRecordsNothing() {
        populatedVault()
        #expect(harness.run(["revoke", "replaced"], unlock: false).status == 0)
        let auditBefore = harness.run(["audit", "--format", "json"], unlock: false).output
        let early = harness.run(["check", "--at", "2027-01-02"], unlock: false)
        #expect(early.status == 1, "\(early)")
        #expect(early.output.contains("WARNING soon v1"))
        #expect(harness.run(["audit", "--format", "json"], unlock: false).output == auditBefore)
        let real = harness.run(["check"], unlock: false)
        #expect(real.status == 2)
        #expect(
            harness.run(["audit"], unlock: false).output.contains("check  {\"status\":\"CRITICAL\",\"credentials\":4"))
    }

    @Test func jsonReport() throws {
        populatedVault()
        let result = harness.run(["check", "--format", "json"], unlock: false)
        #expect(result.status == 2)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        #expect(document["status"] as? String == "CRITICAL")
        #expect(document["exit_code"] as? Int == 2)
        #expect(document["at"] as? String == "2027-01-15T09:00:00Z")
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary["credentials"] == 4 && summary["critical"] == 2 && summary["warning"] == 1)
        let findings = try #require(document["findings"] as? [[String: Any]])
        let soon = try #require(findings.first { $0["credential"] as? String == "soon" })
        #expect(soon["kind"] as? String == "expiring")
        #expect(soon["days_left"] as? Int == 10)
        #expect(soon["threshold"] as? Int == 14)
        #expect(soon["severity"] as? String == "WARNING")
        let credentials = try #require(document["credentials"] as? [[String: Any]])
        #expect(credentials.map { $0["name"] as? String } == ["gone", "healthy", "replaced", "soon"])
        #expect(credentials[1]["status"] as? String == "ok")
        #expect(credentials[2]["version"] as? Int == 2)
    }

    @Test func prometheusMetricsParseAndWriteAtomically() throws {
        populatedVault()
        let output = harness.directory.file("patvault.prom")
        let result = harness.run(["check", "--format", "prometheus", "--output", output], unlock: false)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let text = String(decoding: TemporaryDirectory.contents(of: output) ?? [], as: UTF8.self)
        #expect(TemporaryDirectory.mode(of: output) == 0o644)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: harness.directory.path).filter { $0.contains(".tmp-") }
                .isEmpty)

        let samples = try PrometheusText.parse(text)
        #expect(samples["patvault_credentials"]?[""] == 4)
        #expect(samples["patvault_findings"]?[#"severity="critical""#] == 2)
        #expect(samples["patvault_check_success"]?[""] == 1)
        #expect(samples["patvault_check_last_run_timestamp_seconds"]?[""] == 1_800_003_600)  // 2027-01-15T09:00:00Z
        let soonLabels = #"name="soon",org="contoso",version="1",policy="default""#
        // 2027-01-25T12:00:00Z
        #expect(samples["patvault_token_expiry_timestamp_seconds"]?[soonLabels] == 1_800_878_400)
        #expect(samples["patvault_token_remaining_seconds"]?[soonLabels] == 874_800)  // 10 days and 3 hours

        if let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first(
            where: FileManager.default.isExecutableFile)
        {
            let checked = ProcessRunner.run(promtool, ["check", "metrics"], environment: [:], input: Array(text.utf8))
            #expect(checked.status == 0, "promtool: \(checked)")
        }
    }

    @Test func failureIsUnknownWithReason() {
        let missing = harness.run(["check"], unlock: false)
        #expect(missing.status == 3)
        #expect(missing.output.hasPrefix("PATVAULT UNKNOWN - no vault at"))
        #expect(missing.errors.hasPrefix("patvault: no vault at"))

        harness.initialise()
        let policies = harness.directory.file("policies")
        mkdir(policies, 0o700)
        TemporaryDirectory.write(Array(#"{"orgs": ["*"], "max_lifetime": "2y"}"#.utf8), to: policies + "/default.json")
        let invalid = harness.run(["check", "--policies", policies], unlock: false)
        #expect(invalid.status == 3)
        #expect(invalid.output.contains("invalid policy: \(policies)/default.json: max_lifetime:"))

        // A JSON consumer gets a document that says why, not an empty stdout.
        let json = harness.run(["check", "--policies", policies, "--format", "json"], unlock: false)
        #expect(json.status == 3)
        let document = try? JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any]
        #expect(document?["status"] as? String == "UNKNOWN")
        #expect(document?["exit_code"] as? Int == 3)
        #expect(document?["summary"] is NSNull)
        #expect((document?["error"] as? String)?.hasPrefix("invalid policy: \(policies)/default.json") == true)

        let metrics = harness.directory.file("m.prom")
        let prometheus = harness.run(
            ["check", "--format", "prometheus", "--output", metrics], unlock: false,
            environment: ["PATVAULT_POLICIES": policies])
        #expect(prometheus.status == 3)
        #expect(
            String(decoding: TemporaryDirectory.contents(of: metrics) ?? [], as: UTF8.self).contains(
                "patvault_check_success 0"))
        #expect(harness.run(["check", "--policies", harness.directory.file("nowhere")], unlock: false).status == 3)
    }

    @Test func orgPolicyAppliesOnTheWayInAndInList() {
        harness.initialise()
        let policies = harness.directory.file("policies")
        mkdir(policies, 0o700)
        TemporaryDirectory.write(
            Array(#"{"orgs": ["contoso"], "max_lifetime": "90d", "rotate_after": "30d"}"#.utf8),
            to: policies + "/strict.json")
        let environment = ["PATVAULT_POLICIES": policies]
        let refused = harness.run(
            ["add", "x", "--org", "https://dev.azure.com/contoso", "--lifetime", "91d"],
            input: LookAlikeToken.classic(), environment: environment)
        #expect(refused.status == 65)
        #expect(refused.errors.contains("max_lifetime 90d of policy 'strict'"))
        #expect(
            harness.run(
                ["add", "x", "--org", "https://dev.azure.com/contoso", "--lifetime", "90d"],
                input: LookAlikeToken.classic(), environment: environment
            ).status == 0)
        #expect(
            harness.run(
                ["add", "y", "--org", "https://dev.azure.com/other", "--lifetime", "200d"],
                input: LookAlikeToken.classic(), environment: environment
            ).status == 0)

        harness.now = "2027-02-20T00:00:00Z"
        let list = harness.run(["list"], unlock: false, environment: environment).output
        #expect(list.contains("x     contoso  1        active  2027-04-15  54    strict    rotation-due"), "\(list)")
        #expect(list.contains("y     other    1        active  2027-08-03  164   built-in  ok"), "\(list)")
        let show = harness.run(["show", "x"], unlock: false, environment: environment).output
        #expect(show.contains("status:   rotation-due"))
        #expect(show.contains("WARNING: rotation-due: created 2027-01-15; policy 'strict' rotates after 30d"))
    }

    @Test func policyCommands() {
        let policies = harness.directory.file("policies")
        mkdir(policies, 0o700)
        TemporaryDirectory.write(
            Array(#"{"orgs": ["contoso"], "warn_days": [10, "x"], "colour": 1}"#.utf8), to: policies + "/bad.json")
        let validate = harness.run(["policy", "validate", policies], unlock: false)
        #expect(validate.status == 65)
        #expect(
            validate.errors
                == "patvault: \(policies)/bad.json: colour: unknown field (known: alerts, allowed_scopes, comment, critical_days, description, forbidden_scopes, max_lifetime, orgs, revoke_within, rotate_after, warn_days)\npatvault: \(policies)/bad.json: warn_days[1]: must be a whole number of days from 1 to 366\n"
        )
        #expect(harness.run(["policy", "validate", harness.directory.file("none")], unlock: false).status == 66)

        let show = harness.run(["policy", "show", "--org", "https://dev.azure.com/anything"], unlock: false)
        #expect(show.status == 0)
        #expect(show.output.hasPrefix("org anything: policy 'default' (from built-in default)"))
        #expect(show.output.contains("warn_days:        30, 14, 7, 1"))
    }
}

/// A small reader of the Prometheus text format, strict enough to catch malformed lines:
/// every sample belongs to a family announced by `# HELP` and `# TYPE`.
enum PrometheusText {
    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var description: String { "malformed metrics line: \(line)" }
    }

    /// Metric name -> label string (without braces) -> value.
    static func parse(_ text: String) throws -> [String: [String: Double]] {
        var samples: [String: [String: Double]] = [:]
        var typed: Set<String> = []
        var helped: Set<String> = []
        let sample = try Regex(
            #"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})? (-?[0-9.e+]+)$"#)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.hasPrefix("# HELP ") {
                helped.insert(String(line.dropFirst(7).split(separator: " ")[0]))
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2, ["gauge", "counter"].contains(parts[1]) else {
                    throw Malformed(line: String(line))
                }
                typed.insert(String(parts[0]))
            } else {
                guard let match = try sample.wholeMatch(in: String(line)),
                    let name = match.output[1].substring.map(String.init),
                    let value = match.output[4].substring.flatMap({ Double($0) }),
                    typed.contains(name), helped.contains(name)
                else { throw Malformed(line: String(line)) }
                samples[name, default: [:]][match.output[3].substring.map(String.init) ?? ""] = value
            }
        }
        return samples
    }
}
