import PatVaultTestSupport
import Testing

/// Every refusal on the way in: the documented exit code, one line on standard error, nothing
/// on standard output, and the vault file byte for byte as it was.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var arguments: [String]
        var input: Input
        var status: Int32
        var testDescription: String { label }
    }

    enum Input: Sendable {
        case classic, identifiable
        case literal(String)
        case bytes([UInt8])
        case current
    }

    static let org = ["--org", "https://dev.azure.com/contoso"]
    static let cases: [Case] = [
        Case(
            label: "lifetime over a year", arguments: ["add", "n"] + org + ["--lifetime", "13m"], input: .classic,
            status: 65),
        Case(
            label: "expiry a year and a day away", arguments: ["add", "n"] + org + ["--expires", "2028-01-16"],
            input: .classic, status: 65),
        Case(
            label: "created on a leap day, a day too long",
            arguments: ["add", "n"] + org + ["--created", "2024-02-29", "--expires", "2025-03-01"], input: .classic,
            status: 65),
        Case(
            label: "expiry in the past", arguments: ["add", "n"] + org + ["--expires", "2027-01-01"], input: .classic,
            status: 65),
        Case(
            label: "write scope",
            arguments: ["add", "n"] + org + ["--lifetime", "30d", "--scopes", "vso.code,vso.code_write"],
            input: .classic, status: 65),
        Case(
            label: "full access", arguments: ["add", "n"] + org + ["--lifetime", "30d", "--scopes", "app_token"],
            input: .classic, status: 65),
        Case(
            label: "empty token", arguments: ["add", "n"] + org + ["--lifetime", "30d"], input: .literal(""), status: 65
        ),
        Case(
            label: "newline only", arguments: ["add", "n"] + org + ["--lifetime", "30d"], input: .literal("\n"),
            status: 65),
        Case(
            label: "token with a space", arguments: ["add", "n"] + org + ["--lifetime", "30d"],
            input: .literal("abc def"), status: 65),
        Case(
            label: "token with a NUL", arguments: ["add", "n"] + org + ["--lifetime", "30d", "--any-format"],
            input: .bytes([0x61, 0, 0x62]), status: 65),
        Case(
            label: "two lines", arguments: ["add", "n"] + org + ["--lifetime", "30d", "--any-format"],
            input: .literal("abc\ndef\n"), status: 65),
        Case(
            label: "not a PAT", arguments: ["add", "n"] + org + ["--lifetime", "30d"],
            input: .literal("ghp_notazuredevops"), status: 65),
        Case(
            label: "over 4 KiB", arguments: ["add", "n"] + org + ["--lifetime", "30d", "--any-format"],
            input: .literal(String(repeating: "a", count: 5000)), status: 65),
        Case(
            label: "duplicate name", arguments: ["add", "existing"] + org + ["--lifetime", "30d"], input: .classic,
            status: 73),
        Case(
            label: "bad date", arguments: ["add", "n"] + org + ["--expires", "30/06/2027"], input: .classic, status: 65),
        Case(
            label: "bad duration", arguments: ["add", "n"] + org + ["--lifetime", "3 months"], input: .classic,
            status: 65),
        Case(
            label: "bad URL", arguments: ["add", "n", "--org", "https://github.com/contoso", "--lifetime", "30d"],
            input: .classic, status: 65),
        Case(
            label: "http URL", arguments: ["add", "n", "--org", "http://dev.azure.com/contoso", "--lifetime", "30d"],
            input: .classic, status: 65),
        Case(
            label: "path-trick name", arguments: ["add", "../../etc/passwd"] + org + ["--lifetime", "30d"],
            input: .classic, status: 65),
        Case(label: "missing --org", arguments: ["add", "n", "--lifetime", "30d"], input: .classic, status: 64),
        Case(
            label: "both expiry forms",
            arguments: ["add", "n"] + org + ["--lifetime", "30d", "--expires", "2027-03-01"], input: .classic,
            status: 64),
        Case(
            label: "unknown flag", arguments: ["add", "n"] + org + ["--lifetime", "30d", "--token", "x"],
            input: .classic, status: 64),
        Case(
            label: "rotate to the same token", arguments: ["rotate", "existing", "--lifetime", "30d"], input: .current,
            status: 65),
        Case(
            label: "rotate unknown credential", arguments: ["rotate", "nope", "--lifetime", "30d"], input: .classic,
            status: 66),
        Case(
            label: "rotate over a year", arguments: ["rotate", "existing", "--lifetime", "2y"], input: .classic,
            status: 65),
        Case(
            label: "rotate with a write scope",
            arguments: ["rotate", "existing", "--lifetime", "30d", "--scopes", "vso.work_write"], input: .classic,
            status: 65),
        Case(
            label: "revoke without a pending version", arguments: ["revoke", "existing"], input: .literal(""),
            status: 66),
        Case(
            label: "revoke --probe with nothing pending", arguments: ["revoke", "existing", "--probe"],
            input: .literal(""), status: 66),
        Case(
            label: "get a missing version", arguments: ["get", "existing", "--version", "3"], input: .literal(""),
            status: 66),
        Case(
            label: "get with no previous", arguments: ["get", "existing", "--previous"], input: .literal(""), status: 66
        ),
        Case(label: "remove the last key slot", arguments: ["key", "remove", "1"], input: .literal(""), status: 65),
        Case(label: "unknown flag of list", arguments: ["list", "--all"], input: .literal(""), status: 64),
    ]

    @Test(arguments: cases)
    func refusedAndNothingChanged(_ bad: Case) throws {
        let harness = PatvaultHarness()
        #expect(harness.initialise().status == 0)
        let current = harness.add("existing", extra: ["--lifetime", "60d"])
        let before = harness.vaultBytes()

        let input: [UInt8]
        switch bad.input {
        case .classic: input = Array(LookAlikeToken.classic().utf8)
        case .identifiable: input = Array(LookAlikeToken.identifiable().utf8)
        case .literal(let text): input = Array(text.utf8)
        case .bytes(let bytes): input = bytes
        case .current: input = Array((current + "\n").utf8)
        }
        var environment = harness.environment(["PATVAULT_KEYFILE": harness.keyFile])
        environment["PATVAULT_LOCK_TIMEOUT"] = "2"
        let result = ProcessRunner.run(
            PatvaultHarness.executable, bad.arguments, environment: environment, input: input)

        #expect(result.status == bad.status, "\(bad.label): \(result)")
        #expect(result.stdout.isEmpty, "\(bad.label) printed on stdout: \(result.output)")
        #expect(result.errors.hasPrefix("patvault: "))
        #expect(result.errors.filter { $0 == "\n" }.count == 1, "\(bad.label): not one line: \(result.errors)")
        #expect(!result.errors.contains(current))
        #expect(harness.vaultBytes() == before, "\(bad.label) changed the vault")
    }

    @Test func badClockIsOneLineAndExit65() {
        let harness = PatvaultHarness()
        let result = harness.run(["list"], unlock: false, environment: ["PATVAULT_NOW": "next tuesday"])
        #expect(result.status == 65)
        #expect(result.errors.hasPrefix("patvault: PATVAULT_NOW 'next tuesday' is not a date"), "\(result)")
    }
}
