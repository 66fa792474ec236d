import Foundation
import PatVaultTestSupport
import Testing

/// Secret hygiene, backups, crash safety and concurrency through the binary.
@Suite struct HardeningTests {
    let harness = PatvaultHarness()

    /// patvault sets its core size limit to 0 before holding any secret: a child it starts
    /// (here the passphrase command) inherits the limit and reports it.
    @Test func noCoreFiles() throws {
        let limits = harness.directory.file("limits")
        let command = "grep 'Max core file size' /proc/$PPID/limits > \(limits); echo pass-phrase"
        #expect(
            harness.run(
                ["init", "--kdf", "interactive"], unlock: false, environment: ["PATVAULT_PASSPHRASE": "pass-phrase"]
            ).status == 0)
        // Start patvault with core files allowed, so the limit seen is the one it set itself.
        let added = ProcessRunner.run(
            "/bin/sh",
            [
                "-c", "ulimit -S -c 1024 && exec \"$0\" \"$@\"", PatvaultHarness.executable,
                "add", "x", "--org", "https://dev.azure.com/c", "--lifetime", "30d",
            ],
            environment: harness.environment(["PATVAULT_PASSPHRASE_COMMAND": command]),
            input: Array(LookAlikeToken.classic().utf8))
        #expect(added.status == 0, "\(added)")
        let line = try String(contentsOfFile: limits, encoding: .utf8)
        #expect(
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(line)")
    }

    /// `get` prints to a pipe, but not to a terminal without --reveal (run under script(1),
    /// which gives it a pseudo-terminal).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "script(1) is not installed"))
    func getRefusesATerminalWithoutReveal() throws {
        harness.initialise()
        let token = harness.add("x")
        let environment = harness.environment(["PATVAULT_KEYFILE": harness.keyFile])
        let refused = ProcessRunner.run(
            "/usr/bin/script", ["-qec", "\(PatvaultHarness.executable) get x; echo status=$?", "/dev/null"],
            environment: environment)
        #expect(refused.output.contains("refusing to print a token on a terminal"), "\(refused)")
        #expect(refused.output.contains("status=64"))
        #expect(!refused.output.contains(token))
        let revealed = ProcessRunner.run(
            "/usr/bin/script", ["-qec", "\(PatvaultHarness.executable) get x --reveal", "/dev/null"],
            environment: environment)
        #expect(revealed.output.contains(token))
        #expect(harness.run(["get", "x"]).output == token + "\n")  // a pipe needs no flag
    }

    @Test func backupRestoresEveryToken() throws {
        harness.initialise()
        var tokens: [String: String] = [:]
        for name in ["a", "b", "c/d"] { tokens[name] = harness.add(name) }
        let copy = harness.directory.file("backup.db")
        let backup = harness.run(["backup", copy], unlock: false)
        #expect(backup.status == 0, "\(backup)")
        #expect(TemporaryDirectory.mode(of: copy) == 0o600)
        #expect(harness.run(["backup", copy], unlock: false).status == 73)

        // Lose the vault, restore the copy, open every token.
        TemporaryDirectory.remove(harness.vault)
        let restore = ProcessRunner.run("/usr/bin/install", ["-m", "600", copy, harness.vault], environment: [:])
        #expect(restore.status == 0)
        for (name, token) in tokens { #expect(harness.run(["get", name]).output == token + "\n") }
        let audit = harness.run(["audit", "--verify"], unlock: false)
        #expect(audit.status == 0, "\(audit)")
        #expect(harness.run(["audit"], unlock: false).output.contains("backup  {\"file\":"))
    }
}
