/// Which version(s) of a credential a command means.
public enum VersionSelector: Equatable, Sendable {
    /// The active version (the default of `get`).
    case active
    /// The newest version older than the active one (`--previous`).
    case previous
    /// `--version N`.
    case number(Int)
    /// Every version not yet revoked (`revoke --all`).
    case all
    /// Every version pending revocation (the default of `revoke`).
    case pendingRevocation

    /// Picks versions from `versions` (sorted by number) for `credential`.
    func select(from versions: [CredentialVersion], credential: String) throws(VaultError) -> [CredentialVersion] {
        switch self {
        case .active:
            guard let active = versions.last(where: { $0.state == .active }) else { throw .noActiveVersion(credential) }
            return [active]
        case .previous:
            let newest = versions.last(where: { $0.state == .active })?.version ?? (versions.last?.version ?? 0) + 1
            guard let previous = versions.last(where: { $0.version < newest }) else {
                throw .noPreviousVersion(credential)
            }
            return [previous]
        case .number(let number):
            guard let version = versions.first(where: { $0.version == number }) else {
                throw .versionNotFound(credential: credential, version: number)
            }
            return [version]
        case .all:
            return versions.filter { $0.state != .revoked }
        case .pendingRevocation:
            let pending = versions.filter { $0.state == .pendingRevocation }
            guard !pending.isEmpty else { throw .nothingPendingRevocation(credential) }
            return pending
        }
    }
}
