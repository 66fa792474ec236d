import Foundation
import PatVaultTestSupport
import Testing

/// Alert hooks through the binary: runs of `check` across simulated days.
@Suite struct NotifierTests {
    let harness = PatvaultHarness()
    var policies: String { harness.directory.file("policies") }
    var received: String { harness.directory.file("received.jsonl") }

    /// An exec hook that appends its stdin (the event JSON) and a few variables to a file.
    func recorderScript(named name: String = "record.sh", exitWith status: Int = 0, sleep: Int = 0) throws -> String {
        let path = harness.directory.file(name)
        TemporaryDirectory.writeScript(
            """
            #!/bin/sh
            \(sleep > 0 ? "sleep \(sleep)" : "")
            event=$(cat)
            fds=$(for fd in /proc/$$/fd/*; do readlink "$fd"; done | tr '\\n' ',')
            printf '%s\\t%s\\t%s\\t%s\\n' "$event" "$PATVAULT_EVENT" "${PATVAULT_KEYFILE:-none}" "$fds" >> \(received)
            exit \(status)
            """, to: path)
        return path
    }

    func writePolicy(_ alerts: String, extra: String = "") throws {
        mkdir(policies, 0o700)
        try #"{"orgs": ["*"], "rotate_after": null\#(extra), "alerts": [\#(alerts)]}"#
            .write(toFile: policies + "/default.json", atomically: true, encoding: .utf8)
    }

    func check(_ arguments: [String] = [], at now: String) -> ProcessRunner.Result {
        harness.now = now
        return harness.run(["check"] + arguments, environment: ["PATVAULT_POLICIES": policies])
    }

    func events() -> [(json: [String: Any], name: String, keyfile: String, descriptors: String)] {
        let text = (try? String(contentsOfFile: received, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let json = (try? JSONSerialization.jsonObject(with: Data(parts[0].utf8))) as? [String: Any] ?? [:]
            return (json, parts[1], parts[2], parts[3])
        }
    }

    @Test func eachMilestoneOnceThenTheNext() throws {
        harness.initialise()
        try writePolicy(#"{"type": "exec", "name": "recorder", "argv": ["\#(try recorderScript())"]}"#)
        harness.now = "2027-01-01T00:00:00Z"
        harness.add("sonar", extra: ["--expires", "2027-02-15", "--owner", "team-a"])

        #expect(check(at: "2027-01-10T00:00:00Z").status == 0)  // 36 days left: nothing due
        #expect(events().isEmpty)
        for hour in 0..<3 {  // cron every ten minutes (or hours) within one milestone
            let run = check(at: "2027-01-17T0\(hour):00:00Z")
            #expect(run.status == 1, "\(run)")
        }
        #expect(events().count == 1)
        let first = try #require(events().first)
        #expect(first.name == "expiry-warning")
        #expect(first.json["threshold"] as? Int == 30)
        #expect(first.json["credential"] as? String == "sonar")
        #expect(first.json["owner"] as? String == "team-a")
        #expect(first.json["days_left"] as? Int == 29)
        #expect(first.keyfile == "none")  // the harness unlocks with PATVAULT_KEYFILE: never passed on
        // The hook's open files: its own script and pipes, never the vault, its WAL or the lock.
        #expect(!first.descriptors.isEmpty)
        #expect(
            !first.descriptors.contains("vault.db") && !first.descriptors.contains("notify.lock"),
            "\(first.descriptors)")

        _ = check(at: "2027-02-02T00:00:00Z")  // 13 days left: the 14-day milestone
        _ = check(at: "2027-02-02T06:00:00Z")
        #expect(events().map { $0.json["threshold"] as? Int } == [30, 14])
        let show = harness.run(["show", "sonar"], environment: ["PATVAULT_POLICIES": policies])
        #expect(
            show.output.contains(
                "notified:    2027-01-17T00:00:00Z expiry-warning (30 days) to default/recorder: delivered after 1 attempt"
            ), "\(show)")
        let audit = harness.run(["audit"]).output
        #expect(audit.components(separatedBy: " notify ").count - 1 == 2)
    }

    @Test func missedWeekSendsTodaysMilestoneNotTheBacklog() throws {
        harness.initialise()
        try writePolicy(#"{"type": "exec", "argv": ["\#(try recorderScript())"]}"#)
        harness.now = "2027-01-01T00:00:00Z"
        harness.add("sonar", extra: ["--expires", "2027-02-10"])
        _ = check(at: "2027-01-02T00:00:00Z")  // 39 days left
        let late = check(at: "2027-02-05T00:00:00Z")  // the 30- and 14-day milestones passed unseen
        #expect(late.status == 2)
        #expect(events().map { $0.json["threshold"] as? Int } == [7])
        _ = check(at: "2027-02-11T00:00:00Z")
        #expect(events().map { $0.name } == ["expiry-warning", "expired"])
    }

    @Test func shortLivedTokenStillWarnsAndRotationDropsPendingWarnings() throws {
        harness.initialise()
        try writePolicy(#"{"type": "exec", "argv": ["\#(try recorderScript())"], "events": ["expiry-warning"]}"#)
        harness.now = "2027-01-01T00:00:00Z"
        harness.add("brief", extra: ["--lifetime", "3d"])
        _ = check(at: "2027-01-01T01:00:00Z")
        #expect(events().map { $0.json["threshold"] as? Int } == [7])
        harness.now = "2027-01-01T02:00:00Z"
        #expect(harness.run(["rotate", "brief", "--lifetime", "90d"], input: LookAlikeToken.classic()).status == 0)
        _ = check(at: "2027-01-03T12:00:00Z")  // the old version would now cross 1 day: rotated, so dropped
        #expect(events().count == 1)
    }

    @Test func failedHookIsRetriedAndReported() throws {
        harness.initialise()
        let failing = try recorderScript(named: "fail.sh", exitWith: 3)
        try writePolicy(#"{"type": "exec", "name": "pager", "argv": ["\#(failing)"]}"#)
        harness.now = "2027-01-01T00:00:00Z"
        harness.add("sonar", extra: ["--expires", "2027-03-01"])
        let first = check(at: "2027-02-01T00:00:00Z")
        #expect(first.status == 1)
        #expect(
            first.output.contains(
                "WARNING sonar v1 (contoso): delivery-failed: expiry-warning to hook default/pager failed: exit 3"),
            "\(first)")
        let second = check(at: "2027-02-01T00:10:00Z")
        #expect(second.output.contains("delivery-failed"))
        #expect(events().count == 2)  // attempted twice

        try writePolicy(#"{"type": "exec", "name": "pager", "argv": ["\#(try recorderScript())"]}"#)
        let third = check(at: "2027-02-01T00:20:00Z")
        #expect(!third.output.contains("delivery-failed"))
        _ = check(at: "2027-02-01T00:30:00Z")
        #expect(events().count == 3)
        let show = harness.run(["show", "sonar", "--format", "json"], environment: ["PATVAULT_POLICIES": policies])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout)) as? [String: Any])
        let versions = try #require(document["versions"] as? [[String: Any]])
        let delivery = try #require((versions[0]["deliveries"] as? [[String: Any]])?.first)
        #expect(delivery["state"] as? String == "delivered")
        #expect(delivery["attempts"] as? Int == 3)
        #expect(delivery["last_error"] is NSNull)
    }

    @Test func hangingHookIsKilledWithoutHoldingUpTheOthers() throws {
        harness.initialise()
        let hanging = try recorderScript(named: "hang.sh", sleep: 60)
        try writePolicy(
            """
            {"type": "exec", "name": "slow", "argv": ["\(hanging)"], "timeout_seconds": 1},
            {"type": "exec", "name": "fast", "argv": ["\(try recorderScript())"]}
            """)
        harness.now = "2027-01-01T00:00:00Z"
        harness.add("sonar", extra: ["--expires", "2027-01-20"])
        let started = Date()
        let run = check(at: "2027-01-02T00:00:00Z")
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(run.output.contains("hook default/slow failed: timed out after 1 s and was killed"), "\(run)")
        #expect(events().count == 1)  // the fast hook delivered; the slow one was killed before writing
    }

    @Test func noNotifyAndForecastsDeliverNothing() throws {
        harness.initialise()
        try writePolicy(#"{"type": "exec", "argv": ["\#(try recorderScript())"]}"#)
        harness.now = "2027-01-01T00:00:00Z"
        harness.add("sonar", extra: ["--expires", "2027-01-20"])
        #expect(check(["--no-notify"], at: "2027-01-02T00:00:00Z").status == 1)
        #expect(check(["--at", "2027-01-19"], at: "2027-01-02T00:00:00Z").status == 2)
        #expect(events().isEmpty)
        _ = check(at: "2027-01-02T00:00:00Z")
        #expect(events().count == 1)
    }

    @Test func webhookShapes() throws {
        let receiver = try LoopbackHTTPServer { _ in .init(status: 204) }
        let failing = try LoopbackHTTPServer { _ in .init(status: 500) }
        harness.initialise()
        try writePolicy(
            """
            {"type": "webhook", "name": "generic", "url": "\(receiver.url)/generic", "headers": {"X-Team": "platform"}},
            {"type": "webhook", "name": "slack", "url": "\(receiver.url)/slack", "format": "slack"},
            {"type": "webhook", "name": "teams", "url": "\(receiver.url)/teams", "format": "teams"},
            {"type": "webhook", "name": "am", "url": "\(receiver.url)/am", "format": "alertmanager"},
            {"type": "webhook", "name": "broken", "url": "\(failing.url)/x"}
            """)
        harness.now = "2027-01-01T00:00:00Z"
        let token = harness.add("sonar", extra: ["--expires", "2027-01-20"])
        let run = check(at: "2027-01-02T00:00:00Z")
        #expect(run.output.contains("hook default/broken failed: HTTP 500"), "\(run)")
        let byPath = Dictionary(receiver.requests.map { ($0.path, $0) }) { first, _ in first }
        #expect(byPath.count == 4)
        let generic = try #require(byPath["/generic"])
        #expect(generic.method == "POST")
        #expect(generic.headers["x-team"] == "platform")
        #expect(generic.headers["content-type"] == "application/json")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(generic.body.utf8)) as? [String: Any])
        #expect(event["event"] as? String == "expiry-warning" && event["threshold"] as? Int == 30)
        let slack = try #require(
            try JSONSerialization.jsonObject(with: Data((byPath["/slack"]?.body ?? "").utf8)) as? [String: Any])
        #expect(
            (slack["text"] as? String)?.hasPrefix("[WARNING] expiry-warning: sonar v1 (contoso): expires in 18 days")
                == true)
        let teams = try #require(
            try JSONSerialization.jsonObject(with: Data((byPath["/teams"]?.body ?? "").utf8)) as? [String: Any])
        #expect(teams["@type"] as? String == "MessageCard")
        let am = try #require(
            try JSONSerialization.jsonObject(with: Data((byPath["/am"]?.body ?? "").utf8)) as? [String: Any])
        #expect(am["version"] as? String == "4")
        let alerts = try #require(am["alerts"] as? [[String: Any]])
        #expect((alerts.first?["labels"] as? [String: String])?["alertname"] == "PATExpiryWarning")
        for request in receiver.requests + failing.requests {
            #expect(!request.body.contains(token))
        }
        _ = check(at: "2027-01-02T00:10:00Z")
        #expect(receiver.requests.count == 4)  // delivered once
        #expect(failing.requests.count == 2)  // retried
    }

    @Test func syslogHookIsAccepted() throws {
        harness.initialise()
        try writePolicy(#"{"type": "syslog", "facility": "local3", "tag": "patvault-test"}"#)
        harness.now = "2027-01-01T00:00:00Z"
        harness.add("sonar", extra: ["--expires", "2027-01-20"])
        let run = check(at: "2027-01-02T00:00:00Z")
        #expect(run.status == 1)
        #expect(!run.output.contains("delivery-failed"))
        #expect(
            harness.run(["show", "sonar"], environment: ["PATVAULT_POLICIES": policies]).output.contains(
                "to default/syslog: delivered"))
    }

    /// The line itself, as a syslog daemon gets it: facility, priority, tag, event and summary,
    /// and never a token. Listens on /dev/log, so it runs only where no daemon does (as in CI).
    @Test(.enabled(if: SyslogReceiver.canBindDevLog, "/dev/log is taken or /dev is not writable"))
    func syslogLineReachesTheDaemon() throws {
        harness.initialise()
        try writePolicy(#"{"type": "syslog", "facility": "local3", "tag": "patvault-syslog-line"}"#)
        harness.now = "2027-01-01T00:00:00Z"
        let token = harness.add("sonar", extra: ["--expires", "2027-01-20"])
        let daemon = try #require(SyslogReceiver())
        #expect(check(at: "2027-01-02T00:00:00Z").status == 1)
        let lines = daemon.lines().filter { $0.contains("patvault-syslog-line[") }
        #expect(lines.count == 1, "\(lines)")
        let line = try #require(lines.first)
        // local3 (19) * 8 + warning (4): the daemon files it where local3.warning goes.
        #expect(line.hasPrefix("<156>"), "\(line)")
        #expect(
            line.hasSuffix(
                "expiry-warning severity=WARNING sonar v1 (contoso): expires in 18 days (2027-01-20), past the 30-day warning"
            ), "\(line)")
        #expect(!line.contains(token))
        #expect(check(at: "2027-01-02T00:10:00Z").status == 1)
        #expect(daemon.lines().filter { $0.contains("patvault-syslog-line[") }.isEmpty)  // once per milestone
    }

    @Test func checkFailedReachesSubscribedHooks() throws {
        harness.initialise()
        let recorder = try recorderScript()
        try writePolicy(
            """
            {"type": "exec", "name": "ops", "argv": ["\(recorder)"], "events": ["check-failed"]},
            {"type": "exec", "name": "team", "argv": ["\(recorder)"]}
            """)
        chmod(harness.vault, 0o644)  // an unsafe vault: check cannot run
        let failed = check(at: "2027-01-02T00:00:00Z")
        #expect(failed.status == 3)
        let received = events()
        #expect(received.count == 1)  // only the hook that asked for check-failed
        #expect(received.first?.name == "check-failed")
        #expect((received.first?.json["summary"] as? String)?.contains("accessible by group or others") == true)
    }

    @Test func killedMidDeliveryLosesNoMilestone() throws {
        harness.initialise()
        let started = harness.directory.file("started")
        let slow = harness.directory.file("slow.sh")
        TemporaryDirectory.writeScript("#!/bin/sh\ntouch \(started)\nsleep 30\n", to: slow)
        try writePolicy(#"{"type": "exec", "name": "pager", "argv": ["\#(slow)"], "timeout_seconds": 60}"#)
        harness.now = "2027-01-01T00:00:00Z"
        harness.add("sonar", extra: ["--expires", "2027-01-20"])

        harness.now = "2027-01-02T00:00:00Z"
        let pid = ProcessRunner.start(
            PatvaultHarness.executable, ["check"], environment: harness.environment(["PATVAULT_POLICIES": policies]))
        for _ in 0..<100 where !TemporaryDirectory.exists(started) { usleep(50_000) }
        #expect(TemporaryDirectory.exists(started))
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)

        try writePolicy(#"{"type": "exec", "name": "pager", "argv": ["\#(try recorderScript())"]}"#)
        let after = check(at: "2027-01-02T00:10:00Z")
        #expect(after.status == 1, "\(after)")
        #expect(events().count == 1)  // the milestone the killed run was sending
        #expect(harness.run(["audit", "--verify"]).status == 0)
    }
}
