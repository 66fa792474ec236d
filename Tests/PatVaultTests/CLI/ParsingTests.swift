import Glibc
import Testing

@testable import PatVault

/// The argument parser is a pure function: these run it directly, with no process.
@Suite struct ParsingTests {
    func usageError(_ arguments: [String]) -> UsageError? {
        do {
            _ = try CLI.parse(arguments)
            return nil
        } catch let error as UsageError {
            return error
        } catch {
            return nil
        }
    }

    @Test func globalOptionsGoBeforeOrAfterTheCommand() throws {
        guard
            case .run(let command, let globals) = try CLI.parse([
                "--vault", "/v", "list", "--keyfile=/k", "--format", "json",
            ])
        else {
            Issue.record("expected a command")
            return
        }
        #expect(globals == GlobalOptions(vault: "/v", policies: nil, keyFile: "/k"))
        #expect((command as? ListCommand)?.format == "json")
    }

    @Test func addReadsItsTypedInvocation() throws {
        guard
            case .run(let command, _) = try CLI.parse([
                "add", "team/sonar", "--org", "https://dev.azure.com/contoso", "--lifetime", "6m", "--scopes",
                "vso.code",
                "--created", "2027-01-01", "--owner", "ops@example.com",
            ])
        else {
            Issue.record("expected a command")
            return
        }
        let add = try #require(command as? AddCommand)
        #expect(add.name.value == "team/sonar")
        #expect(add.org.organization == "contoso")
        #expect(add.scopes == ["vso.code"])
        #expect(
            add.expiry
                == ExpirySpec(
                    createdAt: try DateParser.parse("2027-01-01"), expires: .lifetime(Lifetime(count: 6, unit: .months))
                ))
        #expect(add.owner == "ops@example.com")
    }

    @Test(arguments: [
        [], ["frob"], ["add"], ["add", "x", "--org"], ["add", "x", "--lifetime", "1d"],
        ["add", "x", "--org", "https://dev.azure.com/c"],
        ["add", "x", "--org", "https://dev.azure.com/c", "--lifetime", "1d", "--expires", "2027-01-01"],
        ["add", "x", "y", "--org", "https://dev.azure.com/c", "--lifetime", "1d"],
        ["add", "x", "--org", "https://dev.azure.com/c", "--lifetime", "1d", "--lifetime", "2d"],
        ["get", "x", "--version", "1", "--previous"], ["get", "x", "--all"], ["list", "--format", "xml"],
        ["key"], ["key", "frob"], ["key", "remove"], ["key", "add"], ["init", "--kdf", "extreme"],
        ["revoke", "x", "--probe=yes"], ["--vault"], ["list", "--any-format"], ["help", "frob"], ["--version", "x"],
        ["get", "x", "--previous=yes"],
    ])
    func usageErrors(arguments: [String]) {
        #expect(usageError(arguments) != nil, "\(arguments) should be a usage error")
    }

    @Test(arguments: [
        ["add", "../x", "--org", "https://dev.azure.com/c", "--lifetime", "1d"],
        ["add", "x", "--org", "http://dev.azure.com/c", "--lifetime", "1d"],
        ["add", "x", "--org", "https://dev.azure.com/c", "--lifetime", "1q"],
        ["add", "x", "--org", "https://dev.azure.com/c", "--expires", "2027-02-30"],
        ["add", "x", "--org", "https://dev.azure.com/c", "--lifetime", "1d", "--scopes", "vso code"],
        ["add", "x", "--org", "https://dev.azure.com/c", "--lifetime", "1d", "--note", "two\nlines"],
        ["get", "x", "--version", "0"], ["get", "x", "--version", "two"],
    ])
    func badDataIsInputError(arguments: [String]) {
        #expect(throws: InputError.self) { try CLI.parse(arguments) }
    }

    @Test func helpForEveryCommandAndTopic() throws {
        for command in CLI.commands {
            guard
                case .help(let topic) = try CLI.parse(command.name.split(separator: " ").map(String.init) + ["--help"])
            else {
                Issue.record("--help of \(command.name)")
                continue
            }
            #expect(topic == command.name)
            #expect(CLI.helpText(topic).hasPrefix("usage: patvault \(command.name)"))
        }
        guard case .help(nil) = try CLI.parse(["help"]) else {
            Issue.record("plain help")
            return
        }
        #expect(CLI.helpText("key").contains("key remove"))
    }

    /// The environment is split at the first `=` only: a passphrase may contain more.
    @Test func processEnvironmentKeepsEverythingAfterTheFirstEquals() {
        var entries: [UnsafeMutablePointer<CChar>?] = ["PASS=a=b==c", "EMPTY=", "NOEQUALS"].map { (pair: String) in
            strdup(pair)
        }
        defer { for entry in entries { free(entry) } }
        entries.append(nil)
        let environment = entries.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { CommandContext.processEnvironment($0) } ?? [:]
        }
        #expect(environment == ["PASS": "a=b==c", "EMPTY": ""])
    }
}
