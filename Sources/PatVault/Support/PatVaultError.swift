/// The exit codes of the command-line contract (`docs/cli.md`); nothing else is ever returned.
public enum ExitCode: Int32, Sendable {
    case success = 0
    case warning = 1
    case critical = 2
    case unknown = 3
    case usage = 64
    case dataError = 65
    case notFound = 66
    case internalError = 70
    case alreadyExists = 73
    case ioError = 74
    case temporaryFailure = 75
    case permissionDenied = 77
}

/// An error that knows which exit code it stands for. Every error type of the library conforms,
/// so the executable maps an error to a code in one place.
public protocol PatVaultError: Error, CustomStringConvertible {
    var exitCode: ExitCode { get }
}

extension InputError: PatVaultError {
    public var exitCode: ExitCode { .dataError }
}

extension CryptoError: PatVaultError {
    public var exitCode: ExitCode {
        switch self {
        case .authenticationFailed: return .permissionDenied
        case .secureMemoryUnavailable: return .temporaryFailure
        default: return .internalError
        }
    }
}
