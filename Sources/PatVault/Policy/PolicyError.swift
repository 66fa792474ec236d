/// One thing wrong in a policy file: which file, which field, what.
public struct PolicyProblem: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// The field's path, e.g. `warn_days[2]`; empty for the document as a whole.
    public var field: String
    public var message: String

    public var description: String { field.isEmpty ? "\(file): \(message)" : "\(file): \(field): \(message)" }
}

/// Policies that cannot be used. `check` turns this into exit 3; never a silent fallback.
public enum PolicyError: PatVaultError, Equatable {
    /// A folder named by `--policies` or `PATVAULT_POLICIES` that is not there.
    case folderNotFound(String)
    /// One or more files are invalid; every problem found is listed.
    case invalid([PolicyProblem])

    public var exitCode: ExitCode {
        switch self {
        case .folderNotFound: return .notFound
        case .invalid: return .dataError
        }
    }

    public var description: String {
        switch self {
        case .folderNotFound(let path):
            return "policy folder \(path) does not exist"
        case .invalid(let problems):
            guard let first = problems.first else { return "invalid policies" }
            let more = problems.count > 1 ? " (and \(problems.count - 1) more: run 'patvault policy validate')" : ""
            return "invalid policy: \(first)\(more)"
        }
    }
}
