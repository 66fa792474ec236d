import Foundation
import PatVaultTestSupport
import Testing

/// Everything patvault writes, scanned for the tokens it was given and for anything shaped
/// like a PAT: zero findings. Only `get` may print a token, and only its stdout is exempt.
@Suite struct SecretScanTests {
    /// Classic 52-character and new-format PAT shapes (the patterns secret scanners use).
    static let patShapes: [NSRegularExpression] = [
        "(?:^|[^a-z2-7])[a-z2-7]{52}(?:[^a-z2-7]|$)", "[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{18}AZDO",
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    func findings(in text: String, tokens: [String], where place: String) -> [String] {
        var found: [String] = []
        for (index, token) in tokens.enumerated() where text.contains(token) {
            found.append("\(place): token \(index)")
        }
        let range = NSRange(text.startIndex..., in: text)
        for shape in Self.patShapes where shape.firstMatch(in: text, range: range) != nil {
            found.append("\(place): a PAT-shaped string")
        }
        return found
    }

    func latin1(_ bytes: [UInt8]) -> String { String(bytes.map { Character(Unicode.Scalar($0)) }) }

    @Test func nothingPatvaultWritesHoldsAToken() throws {
        let harness = PatvaultHarness()
        let receiver = try LoopbackHTTPServer { _ in .init(status: 200) }
        let hookOutput = harness.directory.file("hook.out")
        let hook = harness.directory.file("hook.sh")
        TemporaryDirectory.writeScript("#!/bin/sh\n{ cat; env; } >> \(hookOutput)\n", to: hook)
        let policies = harness.directory.file("policies")
        mkdir(policies, 0o700)
        try """
        {"orgs": ["*"], "alerts": [{"type": "exec", "argv": ["\(hook)"]},
                                  {"type": "webhook", "url": "\(receiver.url)/hook"}]}
        """.write(toFile: policies + "/default.json", atomically: true, encoding: .utf8)
        let passphrase = "correct horse battery staple"
        let environment = [
            "PATVAULT_POLICIES": policies, "PATVAULT_PASSPHRASE": passphrase, "PATVAULT_KEYFILE": harness.keyFile,
        ]

        var tokens: [String] = []
        var outputs: [(String, ProcessRunner.Result)] = []
        func run(_ arguments: [String], input: String = "") {
            let result = harness.run(arguments, input: input, environment: environment)
            outputs.append((arguments.joined(separator: " "), result))
        }
        run(["init", "--new-keyfile", harness.keyFile])
        harness.now = "2027-01-01T00:00:00Z"
        for (index, token) in [
            LookAlikeToken.classic(), LookAlikeToken.identifiable(), LookAlikeToken.identifiableLong(),
        ].enumerated() {
            tokens.append(token)
            run(
                ["add", "c\(index)", "--org", "https://dev.azure.com/contoso", "--expires", "2027-01-20"],
                input: token + "\n")
        }
        let rotated = LookAlikeToken.classic()
        tokens.append(rotated)
        run(["rotate", "c0", "--expires", "2027-01-25"], input: rotated)
        run(["rotate", "c0", "--expires", "2027-01-25"], input: rotated)  // refused: same token
        run(
            ["add", "bad", "--org", "https://dev.azure.com/contoso", "--lifetime", "2y"],
            input: LookAlikeToken.classic())
        run(["key", "add", "--passphrase", "--kdf", "interactive"])
        for arguments in [
            ["list"], ["list", "--format", "json"], ["show", "c0"], ["show", "c0", "--format", "json"],
            ["check"], ["check", "--format", "json"], ["audit"], ["audit", "--format", "json"], ["audit", "--verify"],
            ["key", "list"], ["policy", "show"], ["revoke", "c0"], ["backup", harness.directory.file("backup.db")],
        ] {
            run(arguments)
        }
        let metrics = harness.directory.file("metrics.prom")
        run(["check", "--format", "prometheus", "--output", metrics])
        let reveal = harness.run(["get", "c1"], environment: environment)
        #expect(reveal.output == tokens[1] + "\n")  // the one place a token may appear: get's stdout
        // The scanner does see a token and a PAT shape where there is one.
        #expect(Self.patShapes.count == 2)
        #expect(findings(in: reveal.output, tokens: tokens, where: "get").count == 2)
        #expect(findings(in: "x " + LookAlikeToken.classic() + " y", tokens: [], where: "shape").count == 1)
        outputs.append(
            ("get c1 (stderr only)", ProcessRunner.Result(status: reveal.status, stdout: [], stderr: reveal.stderr)))

        var found: [String] = []
        for (command, result) in outputs {
            found += findings(in: result.output + result.errors, tokens: tokens, where: command)
        }
        for file in [harness.vault, harness.vault + "-wal", harness.directory.file("backup.db"), metrics, hookOutput] {
            if let bytes = TemporaryDirectory.contents(of: file) {
                found += findings(in: latin1(bytes), tokens: tokens, where: file)
            }
        }
        for request in receiver.requests {
            found += findings(in: request.body + request.headers.description, tokens: tokens, where: "webhook body")
        }
        #expect(found.isEmpty, "\(found)")

        // The hook ran, and its environment carries no passphrase, key file or vault key.
        let hookText = (try? String(contentsOfFile: hookOutput, encoding: .utf8)) ?? ""
        #expect(hookText.contains("PATVAULT_EVENT=expiry-warning"))
        #expect(!hookText.contains(passphrase))
        #expect(!hookText.contains("PATVAULT_KEYFILE") && !hookText.contains("PATVAULT_PASSPHRASE"))
        #expect(!receiver.requests.isEmpty)
    }
}
