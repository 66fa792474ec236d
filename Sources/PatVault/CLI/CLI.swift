import CSystem

/// The command line: parses an argument vector into an invocation, runs it, and turns every
/// outcome into one exit code and at most one error line.
public enum CLI {
    public static let version = "0.1.0"

    /// Every command, in the order `patvault help` lists them.
    nonisolated(unsafe) static let commands: [any Command.Type] = [
        InitCommand.self, KeyListCommand.self, KeyAddCommand.self, KeyRemoveCommand.self,
        AddCommand.self, GetCommand.self, ListCommand.self, ShowCommand.self, RotateCommand.self,
        RevokeCommand.self, CheckCommand.self, AuditCommand.self, BackupCommand.self, PolicyShowCommand.self,
        PolicyValidateCommand.self,
    ]

    /// What an argument vector asks for.
    public enum Invocation {
        case help(topic: String?)
        case version
        case run(any Command, GlobalOptions)
    }

    /// Parses the arguments after the program name. Pure: no I/O, no exit.
    public static func parse(_ arguments: [String]) throws -> Invocation {
        let (globals, rest) = try GlobalOptions.extract(from: arguments)
        guard let first = rest.first else { throw UsageError("no command given") }
        switch first {
        case "--version", "-V", "version":
            guard rest.count == 1 else { throw UsageError("--version takes no arguments") }
            return .version
        case "help", "--help", "-h":
            guard rest.count <= 2 + (rest.count > 2 && isGroup(rest[1]) ? 1 : 0) else {
                throw UsageError("help takes one command name")
            }
            let topic = rest.dropFirst().joined(separator: " ")
            guard topic.isEmpty || topicExists(topic) else { throw UsageError("no command '\(topic.prefix(64))'") }
            return .help(topic: topic.isEmpty ? nil : topic)
        default:
            break
        }
        let (command, arguments) = try lookUp(rest)
        if arguments.contains("--help") || arguments.contains("-h") { return .help(topic: command.name) }
        let parsed = try ParsedArguments(arguments, options: command.options, command: command.name)
        return .run(try command.init(parsed), globals)
    }

    /// Finds the command named by the first one or two words.
    static func lookUp(_ words: [String]) throws -> (any Command.Type, [String]) {
        if words.count >= 2, let command = commands.first(where: { $0.name == "\(words[0]) \(words[1])" }) {
            return (command, Array(words.dropFirst(2)))
        }
        if let command = commands.first(where: { $0.name == words[0] }) {
            return (command, Array(words.dropFirst()))
        }
        if isGroup(words[0]) {
            let verbs = commands.filter { $0.name.hasPrefix(words[0] + " ") }.map {
                String($0.name.split(separator: " ")[1])
            }
            throw UsageError("'\(words[0])' needs one of: \(verbs.joined(separator: ", "))", command: words[0])
        }
        throw UsageError("unknown command '\(words[0].prefix(64))'")
    }

    static func isGroup(_ word: String) -> Bool { commands.contains { $0.name.hasPrefix(word + " ") } }

    static func topicExists(_ topic: String) -> Bool {
        commands.contains { $0.name == topic } || isGroup(topic)
    }

    /// Hardens the process before anything secret is in memory: not dumpable, no core file.
    /// The executable calls this first; see `patvault_harden_process`.
    public static func hardenProcess() {
        _ = patvault_harden_process()
    }

    /// Runs a whole command line and returns the process's exit code. Errors become one
    /// line on standard error, prefixed `patvault:`.
    public static func run(_ arguments: [String], context: CommandContext) -> Int32 {
        defer {
            context.standardOutput.flush()
            context.standardError.flush()
        }
        do {
            switch try parse(arguments) {
            case .version:
                context.print("patvault \(version)")
                return ExitCode.success.rawValue
            case .help(let topic):
                context.standardOutput.write(helpText(topic))
                return ExitCode.success.rawValue
            case .run(let command, let globals):
                return try command.run(context, globals).rawValue
            }
        } catch {
            context.standardError.write("patvault: \(message(for: error))\n")
            return exitCode(for: error).rawValue
        }
    }

    static func exitCode(for error: any Error) -> ExitCode {
        (error as? any PatVaultError)?.exitCode ?? .internalError
    }

    static func message(for error: any Error) -> String {
        if let known = error as? any PatVaultError { return known.description }
        return "internal error: \(type(of: error)) (please report this)"
    }

    /// `patvault help` and `patvault help COMMAND`.
    public static func helpText(_ topic: String?) -> String {
        if let topic {
            if let command = commands.first(where: { $0.name == topic }) { return command.help + "\n" }
            return commands.filter { $0.name.hasPrefix(topic + " ") }.map { $0.help }.joined(separator: "\n\n") + "\n"
        }
        let width = (commands.map { $0.name.count }.max() ?? 0) + 2
        let list = commands.map { "  " + $0.name + String(repeating: " ", count: width - $0.name.count) + $0.summary }
        return """
            patvault \(version): keeps Azure DevOps Personal Access Tokens sealed, tracked and accountable.

            usage: patvault [--vault PATH] [--keyfile PATH] [--policies DIR] COMMAND [ARGS]

            commands:
            \(list.joined(separator: "\n"))
              help [COMMAND]  this text, or a command's usage

            global options (before or after the command):
              --vault PATH     the vault (else PATVAULT_VAULT, $XDG_DATA_HOME/patvault/vault.db,
                               ~/.local/share/patvault/vault.db)
              --keyfile PATH   unlock with this key file (else PATVAULT_KEYFILE)
              --policies DIR   the policy folder (else PATVAULT_POLICIES,
                               $XDG_CONFIG_HOME/patvault/policies, /etc/patvault/policies)
              --version        print the version

            unlocking, first that is set: --keyfile / PATVAULT_KEYFILE; PATVAULT_PASSPHRASE,
            PATVAULT_PASSPHRASE_FILE, PATVAULT_PASSPHRASE_COMMAND; $CREDENTIALS_DIRECTORY/patvault.key;
            a prompt on the terminal. check (without --probe), list, show, audit, policy, backup,
            revoke (attested) and key list need no key.

            environment: PATVAULT_NOW=2027-03-01T09:00:00Z sets the clock (drills, forecasts, tests);
            PATVAULT_LOCK_TIMEOUT=SECONDS is how long to wait for another process's lock (10);
            PATVAULT_NET=PATH is the network helper (default: patvault-net beside patvault).

            exit codes: 0 ok (check: 1 WARNING, 2 CRITICAL, 3 UNKNOWN); 64 usage; 65 bad input,
            policy violation or tampering; 66 not found;
            73 would overwrite; 74 I/O error; 75 busy, try again; 77 locked, wrong key or unsafe
            permissions; 70 internal error.

            """
    }
}
