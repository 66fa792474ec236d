/// Failures of the SQLite storage layer. Messages name files and SQLite's own words, never a
/// bound value (which could be sealed material).
public enum StoreError: PatVaultError, Equatable {
    /// No vault file at the path.
    case vaultNotFound(path: String)
    /// A vault file is already there (`init`).
    case vaultExists(path: String)
    /// `backup` was pointed at a file that exists.
    case backupExists(path: String)
    /// The vault file (or its folder) can be read or written by group or others.
    case unsafePermissions(path: String, mode: UInt32)
    /// The file is not an SQLite database, or not a patvault vault.
    case notAVault(path: String, reason: String)
    /// The vault was written by a newer patvault whose schema this one does not know.
    case newerSchema(found: Int, known: Int)
    /// Another process held the write lock past the busy timeout.
    case busy(seconds: Int)
    /// Any other SQLite failure: the extended result code and SQLite's message.
    case sqlite(code: Int32, message: String, context: String)
    /// A file system call failed.
    case io(path: String, operation: String, errno: Int32)
    /// A row broke an invariant (a state or column value patvault never writes).
    case corrupt(String)

    public var exitCode: ExitCode {
        switch self {
        case .vaultNotFound: return .notFound
        case .vaultExists, .backupExists: return .alreadyExists
        case .unsafePermissions: return .permissionDenied
        case .busy: return .temporaryFailure
        case .notAVault, .newerSchema, .sqlite, .io, .corrupt: return .ioError
        }
    }

    public var description: String {
        switch self {
        case .vaultNotFound(let path):
            return "no vault at \(path): run 'patvault init' to create one, or point --vault / PATVAULT_VAULT at yours"
        case .vaultExists(let path):
            return "a vault already exists at \(path); refusing to overwrite it"
        case .backupExists(let path):
            return "\(path) already exists; refusing to overwrite it with a backup"
        case .unsafePermissions(let path, let mode):
            return
                "\(path) is accessible by group or others (mode \(String(mode & 0o777, radix: 8))): run 'chmod 600 \(path)'"
        case .notAVault(let path, let reason):
            return "\(path) is not a patvault vault: \(reason)"
        case .newerSchema(let found, let known):
            return "the vault has schema version \(found), newer than this patvault knows (\(known)): upgrade patvault"
        case .busy(let seconds):
            return "the vault stayed locked by another process for \(seconds) s; try again"
        case .sqlite(let code, let message, let context):
            return "vault \(context) failed: \(message) (SQLite error \(code))"
        case .io(let path, let operation, let errno):
            return "cannot \(operation) \(path): \(String(cString: strerror(errno)))"
        case .corrupt(let what):
            return "the vault is damaged: \(what)"
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
