import Foundation
import PatVaultTestSupport
import Testing

/// The built `patvault` binary, run as a user would: a temporary vault, a fixed clock, and
/// look-alike tokens generated for each test.
@Suite struct EndToEndTests {
    let harness = PatvaultHarness()

    @Test func lifecycleOfACredential() throws {
        #expect(harness.initialise().status == 0)
        let first = harness.add("sonar", extra: ["--lifetime", "90d", "--owner", "platform-team"])
        let get = harness.run(["get", "sonar"])
        #expect(get.status == 0)
        #expect(get.output == first + "\n")

        let list = harness.run(["list"], unlock: false)
        #expect(list.status == 0)
        #expect(list.output.contains("sonar  contoso  1        active  2027-04-15  90    default  ok"))

        let second = LookAlikeToken.identifiable()
        let rotate = harness.run(["rotate", "sonar", "--expires", "2027-06-30"], input: second)
        #expect(rotate.status == 0, "\(rotate)")
        #expect(rotate.output.hasSuffix("Revoke version 1 in Azure DevOps, then run 'patvault revoke sonar'.\n"))
        #expect(harness.run(["get", "sonar"]).output == second + "\n")
        #expect(harness.run(["get", "sonar", "--previous"]).output == first + "\n")
        #expect(harness.run(["get", "sonar", "--version", "1"]).output == first + "\n")

        let show = harness.run(["show", "sonar", "--format", "json"], unlock: false)
        #expect(show.status == 0)
        #expect(show.output.contains("\"state\": \"pending-revocation\""))
        #expect(show.output.contains("\"expires_at\": \"2027-06-30T00:00:00Z\""))

        let revoke = harness.run(["revoke", "sonar"], unlock: false)
        #expect(revoke.status == 0, "\(revoke)")
        let shown = harness.run(["show", "sonar"], unlock: false).output
        #expect(shown.contains("  expires:     2027-06-30T00:00:00Z (165 days left)\n"), "\(shown)")
        #expect(shown.contains("  expires:     2027-04-15T09:00:00Z\n"), "a revoked version has no days left: \(shown)")
        harness.now = "2027-06-30T00:00:00Z"
        #expect(harness.run(["show", "sonar"], unlock: false).output.contains("2027-06-30T00:00:00Z (expired)\n"))
        harness.now = "2027-06-29T00:00:00Z"
        #expect(harness.run(["show", "sonar"], unlock: false).output.contains("2027-06-30T00:00:00Z (1 day left)\n"))
        harness.now = "2027-01-15T09:00:00Z"
        let revokedGet = harness.run(["get", "sonar", "--previous"])
        #expect(revokedGet.status == 66)
        #expect(revokedGet.errors == "patvault: version 1 of 'sonar' was revoked and its token erased\n")

        let audit = harness.run(["audit", "--verify"], unlock: false)
        #expect(audit.status == 0)
        #expect(audit.output.hasPrefix("audit log intact: 8 entries"))
        let log = harness.run(["audit", "--format", "json"], unlock: false).output
        for action in ["init", "add", "reveal", "rotate", "revoke"] {
            #expect(log.contains("\"action\": \"\(action)\""))
        }

        // No command but get ever prints a token, and the vault file holds none in clear.
        let vaultText = String(decoding: harness.vaultBytes(), as: UTF8.self)
        for token in [first, second] {
            #expect(!vaultText.contains(token))
            for output in [list, rotate, show, revoke, audit] {
                #expect(!output.output.contains(token) && !output.errors.contains(token))
            }
        }
    }

    @Test func listAndShowNeedNoKeyAndSpeakJSON() throws {
        harness.initialise()
        harness.add("b/two", extra: ["--expires", "2027-02-01", "--scopes", "vso.code,vso.work", "--note", "ci bot"])
        harness.add("a-one")
        let json = harness.run(["list", "--format", "json"], unlock: false)
        #expect(json.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["a-one", "b/two"])
        #expect(rows[1]["days_left"] as? Int == 16)
        #expect(rows[1]["expires_at"] as? String == "2027-02-01T00:00:00Z")
        #expect(rows[0]["status"] as? String == "ok")
        let show = harness.run(["show", "b/two"], unlock: false)
        #expect(show.output.contains("scopes:      vso.code,vso.work"))
        #expect(show.output.contains("note:     ci bot"))
    }

    @Test func passphraseVaultWithAKeyFileSlotForCron() throws {
        let passphrase = ["PATVAULT_PASSPHRASE": "correct horse battery staple"]
        let created = harness.run(["init", "--kdf", "interactive"], unlock: false, environment: passphrase)
        #expect(created.status == 0, "\(created)")
        let token = LookAlikeToken.classic()
        #expect(
            harness.run(
                ["add", "x", "--org", "https://x.visualstudio.com", "--lifetime", "30d"], input: token,
                environment: passphrase
            ).status == 0)

        let passphraseFile = harness.directory.file("passphrase")
        TemporaryDirectory.write(Array("correct horse battery staple\n".utf8), to: passphraseFile)
        #expect(
            harness.run(["get", "x"], unlock: false, environment: ["PATVAULT_PASSPHRASE_FILE": passphraseFile]).output
                == token + "\n")
        #expect(
            harness.run(
                ["get", "x"], unlock: false, environment: ["PATVAULT_PASSPHRASE_COMMAND": "cat \(passphraseFile)"]
            ).output == token + "\n")

        let cronKey = harness.directory.file("cron.key")
        #expect(
            harness.run(["key", "add", "--new-keyfile", cronKey], unlock: false, environment: passphrase).status == 0)
        #expect(TemporaryDirectory.mode(of: cronKey) == 0o600)
        #expect(harness.run(["get", "x", "--keyfile", cronKey], unlock: false).output == token + "\n")

        // systemd's LoadCredential= puts the key file in $CREDENTIALS_DIRECTORY.
        let credentials = harness.directory.file("credentials")
        mkdir(credentials, 0o700)
        TemporaryDirectory.write(
            TemporaryDirectory.contents(of: cronKey)!, to: credentials + "/patvault.key", mode: 0o400)
        #expect(
            harness.run(["get", "x"], unlock: false, environment: ["CREDENTIALS_DIRECTORY": credentials]).output
                == token + "\n")

        let slots = harness.run(["key", "list", "--format", "json"], unlock: false).output
        #expect(slots.contains("\"kind\": \"passphrase\"") && slots.contains("\"kdf\": \"interactive\""))
        #expect(
            harness.run(["key", "remove", "1"], unlock: false, environment: ["PATVAULT_KEYFILE": cronKey]).status == 0)
        #expect(harness.run(["get", "x"], unlock: false, environment: passphrase).status == 77)
        let last = harness.run(["key", "remove", "2"], unlock: false, environment: ["PATVAULT_KEYFILE": cronKey])
        #expect(last.status == 65)
        #expect(last.errors.contains("last key slot"))

        let newPassphrase = harness.run(
            ["key", "add", "--passphrase", "--kdf", "interactive"], unlock: false,
            environment: ["PATVAULT_KEYFILE": cronKey, "PATVAULT_NEW_PASSPHRASE": "second one"])
        #expect(newPassphrase.status == 0, "\(newPassphrase)")
        #expect(
            harness.run(["get", "x"], unlock: false, environment: ["PATVAULT_PASSPHRASE": "second one"]).output == token
                + "\n")
    }

    @Test func lockedWrongKeyAndUnsafePermissions() throws {
        harness.initialise()
        harness.add("x")
        let before = harness.vaultBytes()

        let locked = harness.run(["get", "x"], unlock: false)
        #expect(locked.status == 77)
        #expect(locked.errors.hasPrefix("patvault: vault is locked"))
        #expect(locked.output.isEmpty)

        let otherKey = harness.directory.file("other.key")
        TemporaryDirectory.write((0..<32).map { UInt8($0) }, to: otherKey)
        let wrong = harness.run(["get", "x"], unlock: false, environment: ["PATVAULT_KEYFILE": otherKey])
        #expect(wrong.status == 77)
        #expect(wrong.output.isEmpty)
        let wrongPassphrase = harness.run(["get", "x"], unlock: false, environment: ["PATVAULT_PASSPHRASE": "guess"])
        #expect(wrongPassphrase.status == 77)

        chmod(harness.keyFile, 0o644)
        let openKey = harness.run(["get", "x"])
        #expect(openKey.status == 77 && openKey.errors.contains("chmod 600"))
        chmod(harness.keyFile, 0o600)

        chmod(harness.vault, 0o604)
        #expect(harness.run(["list"], unlock: false).status == 77)
        chmod(harness.vault, 0o600)
        #expect(harness.vaultBytes() == before)
    }

    @Test func notFoundAndWouldOverwrite() throws {
        let missing = harness.run(["list"], unlock: false)
        #expect(missing.status == 66)
        #expect(missing.errors.contains("patvault init"))
        harness.initialise()
        harness.add("x")
        #expect(harness.run(["get", "nope"]).status == 66)
        #expect(harness.run(["get", "x", "--version", "9"]).status == 66)
        #expect(harness.run(["show", "nope"], unlock: false).status == 66)
        #expect(harness.run(["revoke", "x"], unlock: false).status == 66)
        #expect(harness.run(["key", "remove", "5"]).status == 66)

        let keyBefore = TemporaryDirectory.contents(of: harness.keyFile)
        let again = harness.run(["init", "--new-keyfile", harness.directory.file("fresh.key")], unlock: false)
        #expect(again.status == 73)
        #expect(!TemporaryDirectory.exists(harness.directory.file("fresh.key")))
        let otherVault = harness.run(
            ["init", "--new-keyfile", harness.keyFile, "--vault", harness.directory.file("v2.db")], unlock: false)
        #expect(otherVault.status == 73)
        #expect(TemporaryDirectory.contents(of: harness.keyFile) == keyBefore)
        #expect(!TemporaryDirectory.exists(harness.directory.file("v2.db")))
        #expect(harness.run(["key", "add", "--new-keyfile", harness.keyFile]).status == 73)
    }

    @Test func versionAndHelp() {
        let version = harness.run(["--version"], unlock: false)
        #expect(version.status == 0 && version.output.hasPrefix("patvault "))
        let help = harness.run(["help"], unlock: false)
        #expect(help.status == 0 && help.output.contains("rotate"))
        let addHelp = harness.run(["add", "--help"], unlock: false)
        #expect(addHelp.output.hasPrefix("usage: patvault add NAME"))
        let none = harness.run([], unlock: false)
        #expect(none.status == 64)
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// `docs/open-vault.py` opens a vault from `docs/vault-format.md` alone; running it against a
/// vault the binary wrote proves the document is exact. Needs python3 with PyNaCl, which
/// `.ci/run` installs; without it the test is skipped, saying so.
@Suite struct VaultFormatDocumentTests {
    static let pythonHasNaCl: Bool = {
        ProcessRunner.run(
            "/usr/bin/env", ["python3", "-c", "import nacl.secret"], environment: ProcessInfo.processInfo.environment
        ).status == 0
    }()

    @Test(.enabled(if: pythonHasNaCl, "python3 with PyNaCl is not installed"))
    func independentReaderOpensTokensAndVerifiesTheChain() throws {
        let harness = PatvaultHarness()
        harness.run(
            ["init", "--kdf", "interactive"], unlock: false, environment: ["PATVAULT_PASSPHRASE": "pass phrase"])
        harness.run(
            ["key", "add", "--new-keyfile", harness.keyFile], unlock: false,
            environment: ["PATVAULT_PASSPHRASE": "pass phrase"])
        harness.add("alpha", extra: ["--lifetime", "30d", "--scopes", "vso.code,vso.wiki"])
        let second = LookAlikeToken.identifiable()
        #expect(
            harness.run(
                ["rotate", "alpha", "--lifetime", "60d"], input: second,
                environment: ["PATVAULT_PASSPHRASE": "pass phrase"]
            ).status == 0)
        let script = Self.repositoryRoot + "/docs/open-vault.py"
        var environment = ProcessInfo.processInfo.environment
        environment["PP"] = "pass phrase"
        let opened = ProcessRunner.run(
            "/usr/bin/env", ["python3", script, harness.vault, "--passphrase-env", "PP", "alpha"],
            environment: environment)
        #expect(opened.status == 0, "\(opened)")
        #expect(opened.output == second + "\n")
        #expect(opened.errors.hasPrefix("audit chain intact: 4 entries"))
    }

    static var repositoryRoot: String {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path
    }
}
