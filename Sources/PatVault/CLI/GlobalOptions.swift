/// Options every command accepts, before or after its name: where the vault, the policies
/// and the key file are.
public struct GlobalOptions: Equatable, Sendable {
    public var vault: String?
    public var policies: String?
    public var keyFile: String?

    public init(vault: String? = nil, policies: String? = nil, keyFile: String? = nil) {
        self.vault = vault
        self.policies = policies
        self.keyFile = keyFile
    }

    static let names = ["--vault", "--policies", "--keyfile"]

    /// Takes the global options out of `arguments` (up to a `--`), returning the rest.
    static func extract(from arguments: [String]) throws(UsageError) -> (GlobalOptions, [String]) {
        var options = GlobalOptions()
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                rest.append(contentsOf: arguments[(index - 1)...])
                break
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard names.contains(name) else {
                rest.append(argument)
                continue
            }
            if value == nil {
                guard index < arguments.count else { throw UsageError("\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            guard let value, !value.isEmpty else { throw UsageError("\(name) needs a non-empty value") }
            switch name {
            case "--vault":
                guard options.vault == nil else { throw UsageError("--vault is given more than once") }
                options.vault = value
            case "--policies":
                guard options.policies == nil else { throw UsageError("--policies is given more than once") }
                options.policies = value
            default:
                guard options.keyFile == nil else { throw UsageError("--keyfile is given more than once") }
                options.keyFile = value
            }
        }
        return (options, rest)
    }
}
