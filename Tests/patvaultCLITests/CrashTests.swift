import Foundation
import PatVaultTestSupport
import Testing

/// SIGKILL at random moments, and writers racing a checker: the vault must stay whole.
@Suite struct CrashTests {
    let harness = PatvaultHarness()

    func sqlite(_ sql: String) -> String {
        ProcessRunner.run("/usr/bin/sqlite3", [harness.vault, sql], environment: [:]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 shell"))
    func killedAnywhereLeavesAWholeVault() throws {
        harness.initialise()
        let received = harness.directory.file("received")
        let hook = harness.directory.file("hook.sh")
        TemporaryDirectory.writeScript("#!/bin/sh\ncat >> \(received)\n", to: hook)
        let policies = harness.directory.file("policies")
        mkdir(policies, 0o700)
        try #"{"orgs": ["*"], "rotate_after": null, "alerts": [{"type": "exec", "argv": ["\#(hook)"]}]}"#
            .write(toFile: policies + "/default.json", atomically: true, encoding: .utf8)
        harness.now = "2027-01-01T00:00:00Z"
        var current: [String: String] = [:]  // the token each credential must open with
        for index in 0..<4 { current["c\(index)"] = harness.add("c\(index)", extra: ["--lifetime", "20d"]) }

        var generator = SystemRandomNumberGenerator()
        let environment = harness.environment(["PATVAULT_KEYFILE": harness.keyFile, "PATVAULT_POLICIES": policies])
        // The kill comes at a random moment inside a window that follows how long the commands
        // take on this machine (shorter after a run that finished first, longer after a kill),
        // and the rounds go on until enough runs really died mid-way: a fixed window made the
        // count depend on the machine's load.
        var window = 15_000.0  // microseconds
        var killed = 0
        var round = 0
        while round < 40 || (killed < 15 && round < 240) {
            defer { round += 1 }
            let name = "c\(round % 4)"
            let token = LookAlikeToken.classic()
            let input = harness.directory.file("input")
            try (token + "\n").write(toFile: input, atomically: true, encoding: .utf8)
            let arguments: [String]
            switch round % 5 {
            case 0: arguments = ["add", "n\(round)", "--org", "https://dev.azure.com/contoso", "--lifetime", "20d"]
            case 1, 2: arguments = ["rotate", name, "--lifetime", "20d"]
            case 3: arguments = ["revoke", name, "--all"]
            default: arguments = ["check"]
            }
            let pid = ProcessRunner.start(
                PatvaultHarness.executable, arguments, environment: environment, stdinFile: input)
            usleep(UInt32(Double.random(in: 0..<window, using: &generator)))
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            if status & 0x7f == SIGKILL {  // it died by the signal, mid-way
                killed += 1
                window = min(window * 1.2, 100_000)
            } else {
                window = max(window * 0.7, 1_000)
            }

            #expect(sqlite("PRAGMA integrity_check") == "ok", "round \(round)")
            let audit = harness.run(["audit", "--verify"], unlock: false)
            #expect(audit.status == 0, "round \(round): \(audit)")
            // Each credential opens with its old token or the one the killed command was storing.
            if arguments[0] == "rotate" {
                let now = harness.run(["get", name]).output.trimmingCharacters(in: .newlines)
                #expect(now == current[name] || now == token, "round \(round): \(name) opens with neither token")
                current[name] = now
            } else if arguments[0] == "add" {
                let now = harness.run(["get", "n\(round)"])
                #expect(now.status == 66 || now.output == token + "\n", "round \(round): \(now)")
            } else if arguments[0] == "revoke" {
                let state = harness.run(["get", name])
                #expect(
                    state.status == 66 || state.output == current[name].map { $0 + "\n" }, "round \(round): \(state)")
                if state.status == 66 {
                    // Fully revoked (or half-revoked is impossible): bring it back for later rounds.
                    let fresh = LookAlikeToken.classic()
                    #expect(harness.run(["rotate", name, "--lifetime", "20d"], input: fresh).status == 0)
                    current[name] = fresh
                }
            }
        }
        #expect(killed >= 15, "only \(killed) of \(round) runs were still running when killed")

        // A run that is not killed delivers every milestone due, however many runs died before.
        let final = harness.run(["check"], environment: ["PATVAULT_POLICIES": policies])
        #expect([1, 2].contains(final.status), "\(final)")
        let delivered = (try? String(contentsOfFile: received, encoding: .utf8)) ?? ""
        for index in 0..<4 {
            #expect(delivered.contains("\"credential\":\"c\(index)\""), "no milestone delivered for c\(index)")
        }
        let again = harness.run(["check"], environment: ["PATVAULT_POLICIES": policies])
        #expect(!again.output.contains("delivery-failed"))
    }

    /// Two writers and a checker at once, for a while: nothing lost, and no "database is
    /// locked" ever reaches the user.
    @Test func writersAndACheckerTogether() throws {
        harness.initialise()
        let environment = harness.environment(["PATVAULT_KEYFILE": harness.keyFile])
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 3) { worker in
            for index in 0..<25 {
                let result: ProcessRunner.Result
                if worker == 2 {
                    result = ProcessRunner.run(
                        PatvaultHarness.executable, ["check", "--format", "json"], environment: environment)
                    if ![0, 1, 2].contains(result.status) { failures.record("check \(index): \(result)") }
                } else {
                    result = ProcessRunner.run(
                        PatvaultHarness.executable,
                        ["add", "w\(worker)-\(index)", "--org", "https://dev.azure.com/contoso", "--lifetime", "90d"],
                        environment: environment, input: Array(LookAlikeToken.classic().utf8))
                    if result.status != 0 { failures.record("add \(worker)/\(index): \(result)") }
                }
                if result.errors.lowercased().contains("locked") { failures.record("locked: \(result.errors)") }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let rows =
            try JSONSerialization.jsonObject(with: Data(harness.run(["list", "--format", "json"]).stdout))
            as? [[String: Any]]
        #expect(rows?.count == 50)
        #expect(harness.run(["audit", "--verify"]).status == 0)
    }

    /// A writer that cannot get the lock in time gives up with exit 75 and a clear line.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 shell"))
    func lockHeldTooLongIsExit75() throws {
        harness.initialise()
        // Hold the write lock from another process for three seconds.
        let holder = ProcessRunner.start(
            "/usr/bin/sqlite3", [harness.vault, "BEGIN IMMEDIATE;", ".shell sleep 3", "COMMIT;"],
            environment: ["PATH": "/usr/bin:/bin"])
        usleep(500_000)
        let blocked = harness.run(
            ["add", "x", "--org", "https://dev.azure.com/c", "--lifetime", "30d"], input: LookAlikeToken.classic(),
            environment: ["PATVAULT_LOCK_TIMEOUT": "1"])
        var status: Int32 = 0
        waitpid(holder, &status, 0)
        #expect(blocked.status == 75, "\(blocked)")
        #expect(blocked.errors == "patvault: the vault stayed locked by another process for 1 s; try again\n")
        #expect(harness.run(["get", "x"]).status == 66)  // nothing half-written
    }
}
