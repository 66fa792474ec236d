import Testing

@testable import PatVault

/// The tracker at exact moments: every finding, every threshold one second before and after,
/// leap days, midnight expiries, tokens shorter than the first warning.
@Suite struct TrackerTests {
    let credential = Credential(
        id: 1, name: "sonar", orgURL: "https://dev.azure.com/contoso", organization: "contoso", owner: nil, note: nil,
        addedAt: Timestamp(seconds: 0))

    func at(_ text: String) -> Timestamp {
        // Test inputs are literals known to parse.
        (try? DateParser.parse(text)) ?? Timestamp(seconds: 0)
    }

    func version(
        _ number: Int = 1, _ state: VersionState = .active, created: String, expires: String, replaced: String? = nil,
        scopes: [String] = Scope.readOnly
    ) -> CredentialVersion {
        CredentialVersion(
            credentialID: 1, version: number, state: state, scopes: scopes, createdAt: at(created),
            expiresAt: at(expires),
            addedAt: at(created), replacedAt: replaced.map(at), revokedAt: nil, fingerprint: "fp\(number)", sealed: nil)
    }

    func findings(_ versions: [CredentialVersion], now: String, policy: Policy = .builtInDefault) -> [Finding] {
        Tracker.evaluate(credential: credential, versions: versions, policy: policy, now: at(now))
    }

    func kinds(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.severity) \($0.kind.rawValue) \($0.threshold.map(String.init) ?? "-")" }
    }

    var quiet: Policy {
        var policy = Policy.builtInDefault
        policy.rotateAfter = nil
        return policy
    }

    @Test func freshTokenHasNoFindings() {
        #expect(findings([version(created: "2027-01-01", expires: "2027-03-01")], now: "2027-01-02").isEmpty)
    }

    /// Expiry at midnight 2027-03-01. Days left is whole days, rounded down, so N days left
    /// begins one second after the moment exactly N+1 days before expiry: each threshold is
    /// crossed at 00:00:01.
    @Test(arguments: [
        ("2027-01-29T00:00:00Z", []),
        ("2027-01-29T00:00:01Z", ["WARNING expiring 30"]),
        ("2027-02-14T00:00:00Z", ["WARNING expiring 30"]),
        ("2027-02-14T00:00:01Z", ["WARNING expiring 14"]),
        ("2027-02-21T00:00:00Z", ["WARNING expiring 14"]),
        ("2027-02-21T00:00:01Z", ["CRITICAL expiring 7"]),
        ("2027-02-27T00:00:00Z", ["CRITICAL expiring 7"]),
        ("2027-02-27T00:00:01Z", ["CRITICAL expiring 1"]),
        ("2027-02-28T23:59:59Z", ["CRITICAL expiring 1"]),
        ("2027-03-01T00:00:00Z", ["CRITICAL expired 0"]),
        ("2027-03-01T00:00:01Z", ["CRITICAL expired 0"]),
    ])
    func thresholdsOneSecondEitherSide(now: String, expected: [String]) {
        let result = findings([version(created: "2026-12-15", expires: "2027-03-01")], now: now, policy: quiet)
        #expect(kinds(result) == expected)
    }

    @Test func daysLeftRoundsDownAndExpiredSaysHowLongAgo() {
        let active = version(created: "2027-01-01", expires: "2027-02-10T12:00:00Z")
        let expiring = findings([active], now: "2027-02-01T13:00:00Z", policy: quiet)
        #expect(expiring.first?.daysLeft == 8)
        #expect(expiring.first?.summary == "expires in 8 days (2027-02-10), past the 14-day warning")
        let expired = findings([active], now: "2027-02-13T13:00:00Z", policy: quiet)
        #expect(expired.first?.summary == "expired 3 days ago (2027-02-10T12:00:00Z)")
    }

    @Test func leapDayExpiry() {
        let active = version(created: "2028-01-01", expires: "2028-02-29")
        #expect(kinds(findings([active], now: "2028-02-22T00:00:00Z", policy: quiet)) == ["CRITICAL expiring 7"])
        #expect(kinds(findings([active], now: "2028-02-21T00:00:01Z", policy: quiet)) == ["CRITICAL expiring 7"])
        #expect(kinds(findings([active], now: "2028-02-21T00:00:00Z", policy: quiet)) == ["WARNING expiring 14"])
        #expect(findings([active], now: "2028-02-28T23:59:59Z", policy: quiet).first?.daysLeft == 0)
        #expect(kinds(findings([active], now: "2028-02-29T00:00:00Z", policy: quiet)) == ["CRITICAL expired 0"])
    }

    @Test func tokenShorterThanTheFirstThresholdWarnsAtOnce() {
        let short = version(created: "2027-01-01", expires: "2027-01-04")
        #expect(kinds(findings([short], now: "2027-01-01", policy: quiet)) == ["CRITICAL expiring 7"])
        var lenient = quiet
        lenient.criticalDays = 0
        #expect(kinds(findings([short], now: "2027-01-01", policy: lenient)) == ["WARNING expiring 7"])
    }

    @Test func rotationDueAfterRotateAfter() {
        let active = version(created: "2027-01-01", expires: "2027-12-01")
        #expect(findings([active], now: "2027-03-31T23:59:59Z").isEmpty)
        let due = findings([active], now: "2027-04-01T00:00:00Z")
        #expect(kinds(due) == ["WARNING rotation-due -"])
    }

    @Test func tightenedPolicyMakesExistingTokensViolations() {
        var strict = quiet
        strict.name = "strict"
        strict.maxLifetime = Lifetime(count: 90, unit: .days)
        strict.allowedScopes = ["vso.code"]
        let active = version(created: "2027-01-01", expires: "2027-12-01", scopes: ["vso.code", "vso.wiki"])
        let result = findings([active], now: "2027-01-02", policy: strict)
        #expect(kinds(result) == ["CRITICAL policy-violation -", "CRITICAL policy-violation -"])
        #expect(result[1].summary.contains("vso.wiki"))
    }

    @Test func replacedTokenMustBeRevokedWithinTheWindow() {
        let old = version(
            1, .pendingRevocation, created: "2027-01-01", expires: "2027-06-01", replaced: "2027-02-01T10:00:00Z")
        let new = version(2, created: "2027-02-01", expires: "2027-08-01")
        #expect(findings([old, new], now: "2027-02-08T10:00:00Z", policy: quiet).isEmpty)
        let overdue = findings([old, new], now: "2027-02-08T10:00:01Z", policy: quiet)
        #expect(kinds(overdue) == ["CRITICAL revocation-overdue -"])
        #expect(overdue[0].version == 1)
        var revoked = old
        revoked.state = .revoked
        #expect(findings([revoked, new], now: "2027-03-01", policy: quiet).isEmpty)
    }

    @Test func noActiveVersionIsAWarning() {
        #expect(kinds(findings([], now: "2027-01-01")) == ["WARNING no-active-version -"])
    }

    @Test func reportStatusIsTheWorstSeverity() {
        var report = CheckReport(at: at("2027-01-01"), ranAt: at("2027-01-01"))
        #expect(report.status == .ok)
        report.add(CredentialStatus(credential: credential, versions: [], policy: quiet, now: at("2027-01-01")))
        #expect(report.status == .warning)
        report.add(
            CredentialStatus(
                credential: credential, versions: [version(created: "2026-01-01", expires: "2026-12-01")],
                policy: quiet,
                now: at("2027-01-01")))
        #expect(report.status == .critical)
        #expect(report.counts[.expired] == 1 && report.counts[.noActiveVersion] == 1)
    }
}
