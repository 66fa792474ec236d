/// The stored state of one credential version. "Expired" is not stored: it follows from the
/// expiry and the clock, so it is computed wherever it is shown.
public enum VersionState: String, Sendable, CaseIterable {
    case active
    case pendingRevocation = "pending-revocation"
    case revoked
}
