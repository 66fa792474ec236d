import Testing

@testable import PatVault

@Suite struct ProbeClassificationTests {
    func response(
        _ status: Int, type: String? = "application/json", location: String? = nil, body: String = "",
        error: String? = nil
    )
        -> NetworkHelper.Response
    {
        NetworkHelper.Response(status: status, contentType: type, location: location, body: body, error: error)
    }

    static let user =
        #"{"authenticatedUser":{"id":"6c2d1a7e-1d3f-4b8a-9a57-3d2b1c0e9f11","providerDisplayName":"Bot"}}"#
    static let anonymous =
        #"{"authenticatedUser":{"id":"aa442f32-0000-0000-0000-000000000000","providerDisplayName":"Anonymous"}}"#

    @Test(arguments: [
        (200, "application/json", nil as String?, user, "still-valid"),
        (200, "application/json", nil, anonymous, "inconclusive"),
        (200, "application/json", nil, "{}", "inconclusive"),
        (200, "text/html", nil, "<html>Sign In</html>", "revoked"),
        (203, "text/html", nil, "<html>Sign In</html>", "revoked"),
        (401, nil, nil, "", "revoked"),
        (302, nil, "https://app.vssps.visualstudio.com/_signin?realm=dev.azure.com", "", "revoked"),
        (302, nil, "https://example.com/elsewhere", "", "inconclusive"),
        (404, "text/plain", nil, "", "inconclusive"),
        (500, nil, nil, "", "inconclusive"),
        (503, nil, nil, "", "inconclusive"),
    ])
    func classifies(status: Int, type: String?, location: String?, body: String, expected: String) {
        #expect(Probe.classify(response(status, type: type, location: location, body: body)).0.rawValue == expected)
    }

    @Test func networkFailureIsNeverRevoked() {
        let (outcome, detail) = Probe.classify(response(0, type: nil, error: "timedOut"))
        #expect(outcome == .inconclusive)
        #expect(detail == "no answer: timedOut")
    }

    @Test func requestCarriesBasicAuthAndTheSuppressHeader() throws {
        var token = Array("abc".utf8)
        let request = Probe.request(
            orgURL: "https://dev.azure.com/contoso", token: try SecureBytes(consuming: &token), timeoutSeconds: 5)
        #expect(request.url == "https://dev.azure.com/contoso/_apis/connectionData")
        #expect(request.headers["Authorization"] == "Basic OmFiYw==")
        #expect(request.headers["X-TFS-FedAuthRedirect"] == "Suppress")
        #expect(request.headers["Accept"] == "application/json")
    }

    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")])
    func base64MatchesRFC4648(input: String, expected: String) {
        #expect(Base64.encode(Array(input.utf8)) == expected)
    }
}

@Suite struct AlertHookFileTests {
    func parse(_ alerts: String) -> (Policy?, [PolicyProblem]) {
        PolicyFile.parse(Array(#"{"orgs": ["*"], "alerts": [\#(alerts)]}"#.utf8), name: "p", file: "p.json")
    }

    @Test func validHooks() throws {
        let (policy, problems) = parse(
            """
            {"type": "exec", "name": "pager", "argv": ["/usr/local/bin/page", "--team", "a"], "timeout_seconds": 5,
             "events": ["expired", "revocation-failed"]},
            {"type": "webhook", "url": "https://hooks.example.com/x", "format": "slack", "headers": {"X-Key": "v"}},
            {"type": "webhook", "name": "local", "url": "http://127.0.0.1:9000/hook"},
            {"type": "syslog", "facility": "authpriv", "tag": "pat"}
            """)
        #expect(problems.isEmpty, "\(problems)")
        let hooks = try #require(policy?.alerts)
        #expect(hooks.map(\.name) == ["pager", "webhook", "local", "syslog"])
        #expect(hooks[0].kind == .exec(argv: ["/usr/local/bin/page", "--team", "a"]))
        #expect(hooks[0].timeoutSeconds == 5 && hooks[1].timeoutSeconds == 10)
        #expect(hooks[0].events == ["expired", "revocation-failed"])
        #expect(hooks[1].kind == .webhook(url: "https://hooks.example.com/x", format: .slack, headers: ["X-Key": "v"]))
    }

    @Test(arguments: [
        (#"{"type": "pager"}"#, "alerts[0].type"),
        (#"{"type": "exec"}"#, "alerts[0].argv"),
        (#"{"type": "exec", "argv": ["notify-send"]}"#, "alerts[0].argv[0]"),
        (#"{"type": "exec", "argv": ["/bin/true"], "timeout_seconds": 0}"#, "alerts[0].timeout_seconds"),
        (#"{"type": "exec", "argv": ["/bin/true"], "events": ["everything"]}"#, "alerts[0].events[0]"),
        (#"{"type": "webhook", "url": "http://hooks.example.com/x"}"#, "alerts[0].url"),
        (#"{"type": "webhook", "url": "https://x", "format": "discord"}"#, "alerts[0].format"),
        (#"{"type": "webhook", "url": "https://x", "headers": {"Bad Header": "v"}}"#, "alerts[0].headers.Bad Header"),
        (#"{"type": "syslog", "facility": "kern"}"#, "alerts[0].facility"),
        (#"{"type": "syslog", "colour": "red"}"#, "alerts[0].colour"),
        (#"{"type": "exec", "argv": ["/bin/true"]}, {"type": "exec", "argv": ["/bin/false"]}"#, "alerts[1].name"),
    ])
    func problemsNameTheField(alerts: String, field: String) {
        let (policy, problems) = parse(alerts)
        #expect(policy == nil)
        #expect(problems.first?.field == field, "\(problems)")
    }
}

@Suite struct NotifierPlanTests {
    let hook = AlertHook(name: "h", kind: .syslog(facility: "user", tag: "t"), timeoutSeconds: 1, events: nil)
    let onlyExpired = AlertHook(
        name: "e", kind: .syslog(facility: "user", tag: "t"), timeoutSeconds: 1, events: ["expired"])

    func event(_ kind: AlertEvent.Kind, threshold: Int?, version: Int = 1) -> AlertEvent {
        let credential = Credential(
            id: 7, name: "c", orgURL: "https://dev.azure.com/o", organization: "o", owner: nil, note: nil,
            addedAt: Timestamp(seconds: 0))
        let finding = Finding(
            severity: .warning, kind: kind == .expired ? .expired : .expiring, credential: "c", organization: "o",
            version: version,
            fingerprint: "f", policy: "p", expiresAt: nil, daysLeft: nil, threshold: threshold, summary: "s")
        // Findings of these kinds always raise an event; fall back to a visible placeholder.
        return AlertEvent(finding, credential: credential, at: Timestamp(seconds: 0))
            ?? AlertEvent.checkFailed(reason: "no event for \(kind)", policy: "p", at: Timestamp(seconds: 0))
    }

    @Test func skipsDeliveredAndFiltersByEvent() {
        let warning = event(.expiryWarning, threshold: 14)
        let delivered: Set<Delivery.Key> = [warning.key(hook: "p/h")]
        let jobs = Notifier.plan(
            events: [warning, event(.expired, threshold: 0)], hooks: { _ in [hook, onlyExpired] }, delivered: delivered)
        #expect(jobs.map { "\($0.event.kind.rawValue)->\($0.hookID)" } == ["expired->p/h", "expired->p/e"])
    }

    @Test func eachThresholdIsItsOwnMilestone() {
        let delivered: Set<Delivery.Key> = [event(.expiryWarning, threshold: 30).key(hook: "p/h")]
        #expect(
            Notifier.plan(events: [event(.expiryWarning, threshold: 14)], hooks: { _ in [hook] }, delivered: delivered)
                .count == 1)
        #expect(
            Notifier.plan(
                events: [event(.expiryWarning, threshold: 30, version: 2)], hooks: { _ in [hook] }, delivered: delivered
            ).count == 1)
    }
}
