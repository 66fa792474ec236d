/// A command's arguments after the generic pass: flags with values, bare flags and
/// positionals, checked against the command's option list (unknown or repeated flags and
/// missing values are usage errors). Each command then reads its typed invocation from it.
public struct ParsedArguments: Equatable, Sendable {
    /// An option a command accepts.
    public struct Option: Sendable {
        public var name: String
        public var takesValue: Bool
        public init(_ name: String, takesValue: Bool = true) {
            self.name = name
            self.takesValue = takesValue
        }
        public static func flag(_ name: String) -> Option { Option(name, takesValue: false) }
    }

    public var positionals: [String] = []
    public var values: [String: String] = [:]
    public var flags: Set<String> = []
    public let command: String

    /// Parses `arguments` (without the command name). `--name value` and `--name=value` are
    /// both accepted; `--` ends the options.
    public init(_ arguments: [String], options: [Option], command: String) throws(UsageError) {
        self.command = command
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option \(String(name.prefix(64))) for '\(command)'", command: command)
            }
            guard !values.keys.contains(name), !flags.contains(name) else {
                throw UsageError("\(name) is given more than once", command: command)
            }
            if option.takesValue {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("\(name) needs a value", command: command) }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                guard inlineValue == nil else { throw UsageError("\(name) takes no value", command: command) }
                flags.insert(name)
            }
        }
    }

    /// Exactly `count` positionals, named in the error when missing or extra.
    public func positionals(_ names: String...) throws(UsageError) -> [String] {
        guard positionals.count == names.count else {
            if positionals.count < names.count {
                throw UsageError("missing \(names[positionals.count])", command: command)
            }
            throw UsageError("unexpected argument '\(String(positionals[names.count].prefix(64)))'", command: command)
        }
        return positionals
    }

    /// At most one of `names` may be given; returns which, if any.
    public func oneOf(_ names: String..., required: Bool) throws(UsageError) -> String? {
        let given = names.filter { values.keys.contains($0) || flags.contains($0) }
        guard given.count <= 1 else {
            throw UsageError("\(given.joined(separator: " and ")) cannot be used together", command: command)
        }
        if required && given.isEmpty {
            throw UsageError("one of \(names.joined(separator: ", ")) is required", command: command)
        }
        return given.first
    }

    public func has(_ flag: String) -> Bool { flags.contains(flag) }
}
