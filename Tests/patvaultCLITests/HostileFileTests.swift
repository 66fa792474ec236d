import Foundation
import PatVaultTestSupport
import Testing

/// Broken and hostile files: vaults, key files, policies, and arguments no shell would type.
/// Each gets its documented exit code and one line on stderr, prints nothing on stdout, and
/// leaves the vault file byte for byte as it was.
@Suite struct HostileFileTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        /// Breaks something; given the harness, returns extra environment for the run.
        var damage: @Sendable (PatvaultHarness) throws -> [String: String]
        var arguments: [String]
        var status: Int32
        var stderrContains: String
        var testDescription: String { label }
    }

    static func sqlite(_ harness: PatvaultHarness, _ sql: String) {
        _ = ProcessRunner.run("/usr/bin/sqlite3", [harness.vault, sql], environment: [:])
    }

    static func policy(_ harness: PatvaultHarness, _ bytes: [UInt8]) -> [String: String] {
        let folder = harness.directory.file("policies")
        mkdir(folder, 0o700)
        TemporaryDirectory.write(bytes, to: folder + "/p.json")
        return ["PATVAULT_POLICIES": folder]
    }

    static let cases: [Case] = [
        Case(
            label: "truncated vault",
            damage: { h in
                let bytes = TemporaryDirectory.contents(of: h.vault) ?? []
                TemporaryDirectory.write(Array(bytes.prefix(3000)), to: h.vault)
                return [:]
            }, arguments: ["get", "x"], status: 74, stderrContains: "vault"),
        Case(
            label: "vault that is not SQLite",
            damage: { h in
                TemporaryDirectory.write(Array(String(repeating: "not a database ", count: 400).utf8), to: h.vault)
                return [:]
            }, arguments: ["list"], status: 74, stderrContains: "not an SQLite database"),
        Case(
            label: "empty vault file",
            damage: { h in
                TemporaryDirectory.write([], to: h.vault)
                return [:]
            }, arguments: ["list"], status: 74, stderrContains: "is not a patvault vault"),
        Case(
            label: "another SQLite database",
            damage: { h in
                TemporaryDirectory.remove(h.vault)
                _ = ProcessRunner.run(
                    "/usr/bin/sqlite3", [h.vault, "CREATE TABLE t(x); PRAGMA user_version = 1;"], environment: [:])
                chmod(h.vault, 0o600)
                return [:]
            }, arguments: ["list"], status: 74, stderrContains: "not a patvault vault"),
        Case(
            label: "vault from a newer patvault",
            damage: { h in
                sqlite(h, "PRAGMA user_version = 99")
                return [:]
            }, arguments: ["list"], status: 74, stderrContains: "newer than this patvault"),
        Case(
            label: "vault is a folder",
            damage: { h in
                return ["PATVAULT_VAULT": h.directory.path]
            }, arguments: ["list"], status: 74, stderrContains: "not a regular file"),
        Case(
            label: "group-writable vault",
            damage: { h in
                chmod(h.vault, 0o620)
                return [:]
            }, arguments: ["list"], status: 77, stderrContains: "chmod 600"),
        Case(
            label: "wrong key file",
            damage: { h in
                TemporaryDirectory.write((0..<32).map { UInt8($0 * 7 % 256) }, to: h.keyFile)
                return [:]
            }, arguments: ["get", "x"], status: 77, stderrContains: "does not open this vault"),
        Case(
            label: "truncated key file",
            damage: { h in
                TemporaryDirectory.write(
                    Array((TemporaryDirectory.contents(of: h.keyFile) ?? []).prefix(16)), to: h.keyFile)
                return [:]
            }, arguments: ["get", "x"], status: 77, stderrContains: "truncated or not a key file"),
        Case(
            label: "key file with a newline appended",
            damage: { h in
                TemporaryDirectory.write((TemporaryDirectory.contents(of: h.keyFile) ?? []) + [10], to: h.keyFile)
                return [:]
            }, arguments: ["get", "x"], status: 77, stderrContains: "longer than a patvault key file"),
        Case(
            label: "missing key file",
            damage: { h in
                return ["PATVAULT_KEYFILE": h.directory.file("nowhere.key")]
            }, arguments: ["get", "x"], status: 77, stderrContains: "does not exist"),
        Case(
            label: "tampered sealed token",
            damage: { h in
                sqlite(h, "UPDATE sealed_tokens SET sealed = substr(sealed, 1, 20) || x'00' || substr(sealed, 22)")
                return [:]
            }, arguments: ["get", "x"], status: 65, stderrContains: "is tampered"),
        Case(
            label: "sealed tokens swapped between credentials",
            damage: { h in
                sqlite(
                    h,
                    """
                    CREATE TEMP TABLE saved AS SELECT * FROM sealed_tokens;
                    UPDATE sealed_tokens SET
                        nonce = (SELECT nonce FROM saved WHERE saved.credential_id <> sealed_tokens.credential_id),
                        sealed = (SELECT sealed FROM saved WHERE saved.credential_id <> sealed_tokens.credential_id);
                    """)
                return [:]
            }, arguments: ["get", "x"], status: 65, stderrContains: "is tampered"),
        Case(
            label: "expiry edited in the file",
            damage: { h in
                sqlite(h, "UPDATE versions SET expires_at = expires_at + 86400 * 300")
                return [:]
            }, arguments: ["get", "x"], status: 65, stderrContains: "is tampered"),
        Case(
            label: "scopes widened in the file",
            damage: { h in
                sqlite(h, "UPDATE versions SET scopes = 'vso.code_full'")
                return [:]
            }, arguments: ["get", "y"], status: 65, stderrContains: "is tampered"),
        Case(
            label: "tampered audit entry",
            damage: { h in
                sqlite(
                    h, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2;")
                return [:]
            }, arguments: ["audit", "--verify"], status: 65, stderrContains: "audit log broken at entry 2"),
        Case(
            label: "deleted audit entry",
            damage: { h in
                sqlite(h, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;")
                return [:]
            }, arguments: ["audit", "--verify"], status: 65, stderrContains: "broken at entry 3"),
        Case(
            label: "policy nested 10,000 deep",
            damage: { h in
                policy(h, Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8))
            }, arguments: ["check"], status: 3, stderrContains: "nesting deeper"),
        Case(
            label: "policy with a huge number",
            damage: { h in
                policy(h, Array(#"{"orgs": ["*"], "critical_days": 1e400}"#.utf8))
            }, arguments: ["check"], status: 3, stderrContains: "only whole numbers"),
        Case(
            label: "policy with a 30-digit integer",
            damage: { h in
                policy(h, Array(#"{"orgs": ["*"], "critical_days": 123456789012345678901234567890}"#.utf8))
            }, arguments: ["check"], status: 3, stderrContains: "too large"),
        Case(
            label: "policy with wrong types",
            damage: { h in
                policy(h, Array(#"{"orgs": "*", "warn_days": {"a": 1}}"#.utf8))
            }, arguments: ["check"], status: 3, stderrContains: "orgs: must be an array"),
        Case(
            label: "policy that is not UTF-8",
            damage: { h in
                policy(h, Array(#"{"orgs": [""#.utf8) + [0xC3, 0x28] + Array(#""]}"#.utf8))
            }, arguments: ["check"], status: 3, stderrContains: "not valid UTF-8"),
        Case(
            label: "policy that is not JSON",
            damage: { h in
                policy(h, Array("orgs: ['*']\n".utf8))
            }, arguments: ["check"], status: 3, stderrContains: "not valid JSON"),
        Case(
            label: "policy larger than 1 MiB",
            damage: { h in
                policy(
                    h,
                    Array((#"{"orgs": ["*"], "comment": ""# + String(repeating: "x", count: 1_100_000) + #""}"#).utf8))
            }, arguments: ["check"], status: 3, stderrContains: "larger than 1 MiB"),
        Case(
            label: "policy loosening the one-year maximum",
            damage: { h in
                policy(h, Array(#"{"orgs": ["*"], "max_lifetime": "366d"}"#.utf8))
            }, arguments: ["add", "z", "--org", "https://dev.azure.com/c", "--lifetime", "30d"], status: 65,
            stderrContains: "longer than the Azure DevOps maximum"),
        Case(
            label: "policy with an exec hook run through a shell name",
            damage: { h in
                policy(h, Array(#"{"orgs": ["*"], "alerts": [{"type": "exec", "argv": ["sh", "-c", "true"]}]}"#.utf8))
            }, arguments: ["check"], status: 3, stderrContains: "argv[0]: must be an absolute path"),
        Case(
            label: "policy with a plain-http webhook",
            damage: { h in
                policy(
                    h,
                    Array(
                        #"{"orgs": ["*"], "alerts": [{"type": "webhook", "url": "http://hooks.example.com/x"}]}"#.utf8))
            }, arguments: ["check"], status: 3, stderrContains: "must use https"),
        Case(
            label: "bad PATVAULT_NOW", damage: { _ in ["PATVAULT_NOW": "2027-13-45"] },
            arguments: ["list"], status: 65, stderrContains: "PATVAULT_NOW"),
        Case(
            label: "passphrase command that fails",
            damage: { _ in
                ["PATVAULT_KEYFILE": "", "PATVAULT_PASSPHRASE_COMMAND": "exit 3"]
            }, arguments: ["get", "x"], status: 77, stderrContains: "PATVAULT_PASSPHRASE_COMMAND failed"),
        Case(
            label: "name with a NUL-free path trick", damage: { _ in [:] },
            arguments: ["show", "a/./b"], status: 65, stderrContains: "is not a valid name"),
        Case(
            label: "option smuggled after --", damage: { _ in [:] },
            arguments: ["show", "--", "--format"], status: 65, stderrContains: "is not a valid name"),
    ]

    @Test(arguments: cases)
    func refusedAndNothingChanged(_ bad: Case) throws {
        let harness = PatvaultHarness()
        #expect(harness.initialise().status == 0)
        harness.add("x")
        harness.add("y")
        var environment = harness.environment(["PATVAULT_KEYFILE": harness.keyFile])
        for (key, value) in try bad.damage(harness) { environment[key] = value }
        let before = harness.vaultBytes()
        let result = ProcessRunner.run(PatvaultHarness.executable, bad.arguments, environment: environment)

        #expect(result.status == bad.status, "\(bad.label): \(result)")
        #expect(result.errors.hasPrefix("patvault: "), "\(bad.label): \(result)")
        #expect(result.errors.contains(bad.stderrContains), "\(bad.label): \(result.errors)")
        if bad.arguments.first == "check" {
            #expect(result.output.hasPrefix("PATVAULT UNKNOWN - "))  // the plugin line; stderr has the reason
        } else {
            #expect(result.stdout.isEmpty, "\(bad.label) printed: \(result.output)")
            #expect(result.errors.filter { $0 == "\n" }.count == 1, "\(bad.label): not one line: \(result.errors)")
        }
        let unchanged = harness.vaultBytes() == before
        #expect(unchanged, "\(bad.label) changed the vault")
    }

    /// An argument that is not UTF-8 (only a program, not a person, could pass one).
    @Test func argumentThatIsNotUTF8() {
        let harness = PatvaultHarness()
        harness.initialise()
        let result = ProcessRunner.run(
            "/bin/sh", ["-c", "exec \"$0\" show \"$(printf 'bad\\377name')\"", PatvaultHarness.executable],
            environment: harness.environment())
        #expect(result.status == 65, "\(result)")
        #expect(result.errors.hasPrefix("patvault: "))
    }
}
