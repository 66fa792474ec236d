/// A command line that does not fit the contract (exit 64). The message is followed by a hint
/// to the command's help.
public struct UsageError: PatVaultError, Equatable {
    public var message: String
    /// The command whose usage applies, for the "see 'patvault help X'" hint.
    public var command: String?

    public init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }

    public var exitCode: ExitCode { .usage }

    public var description: String {
        "\(message) (see 'patvault help\(command.map { " " + $0 } ?? "")')"
    }
}
