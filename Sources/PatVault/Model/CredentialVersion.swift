/// One token of a credential: version 1 from `add`, N+1 from each `rotate`.
public struct CredentialVersion: Equatable, Sendable {
    public var credentialID: Int64
    public var version: Int
    public var state: VersionState
    public var scopes: [String]
    /// When the PAT was created in Azure DevOps (`--created`, default the time of `add`).
    public var createdAt: Timestamp
    public var expiresAt: Timestamp
    /// When patvault stored it.
    public var addedAt: Timestamp
    /// When a rotation replaced it (start of the `revoke_within` clock).
    public var replacedAt: Timestamp?
    public var revokedAt: Timestamp?
    /// Keyed BLAKE2b of the token, for naming it without revealing it.
    public var fingerprint: String
    /// The sealed token; nil once the version is revoked and the secret erased.
    public var sealed: SecretBox.Sealed?

    /// The state a person should read: an active version past its expiry shows as expired.
    public func displayState(at now: Timestamp) -> String {
        if state == .active && expiresAt <= now { return "expired" }
        return state.rawValue
    }
}
