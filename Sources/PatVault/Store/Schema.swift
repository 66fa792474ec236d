/// The vault's SQL schema, as forward migrations: migration N takes `PRAGMA user_version`
/// from N-1 to N. Never edit a released migration; add the next one.
enum Schema {
    /// The application id in the SQLite header ("PVLT"), so `file` and patvault can tell a
    /// vault from any other SQLite database.
    static let applicationID: Int32 = 0x5056_4C54

    static let migrations: [String] = [
        // 1: key slots, credentials, versions and their sealed tokens, revocation checks, the audit log.
        """
        CREATE TABLE vault_meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE key_slots (
            id           INTEGER PRIMARY KEY,
            kind         TEXT    NOT NULL CHECK (kind IN ('passphrase', 'keyfile')),
            created_at   INTEGER NOT NULL,
            kdf_opslimit INTEGER,
            kdf_memlimit INTEGER,
            kdf_salt     BLOB,
            nonce        BLOB    NOT NULL,
            wrapped_key  BLOB    NOT NULL
        );

        CREATE TABLE credentials (
            id       INTEGER PRIMARY KEY,
            name     TEXT    NOT NULL UNIQUE,
            org_url  TEXT    NOT NULL,
            org      TEXT    NOT NULL,
            owner    TEXT,
            note     TEXT,
            added_at INTEGER NOT NULL
        );

        CREATE TABLE versions (
            credential_id INTEGER NOT NULL REFERENCES credentials (id),
            version       INTEGER NOT NULL CHECK (version >= 1),
            state         TEXT    NOT NULL CHECK (state IN ('active', 'pending-revocation', 'revoked')),
            scopes        TEXT    NOT NULL,
            created_at    INTEGER NOT NULL,
            expires_at    INTEGER NOT NULL,
            added_at      INTEGER NOT NULL,
            replaced_at   INTEGER,
            revoked_at    INTEGER,
            fingerprint   TEXT    NOT NULL,
            PRIMARY KEY (credential_id, version)
        ) WITHOUT ROWID;

        -- Sealed tokens live apart from the metadata, so that check and list, which read
        -- every version, never touch a page that holds one. A revoked version has no row.
        CREATE TABLE sealed_tokens (
            credential_id INTEGER NOT NULL,
            version       INTEGER NOT NULL,
            nonce         BLOB    NOT NULL,
            sealed        BLOB    NOT NULL,
            PRIMARY KEY (credential_id, version),
            FOREIGN KEY (credential_id, version) REFERENCES versions (credential_id, version)
        ) WITHOUT ROWID;

        -- At most one active version per credential, enforced by the database itself.
        CREATE UNIQUE INDEX versions_one_active ON versions (credential_id) WHERE state = 'active';

        CREATE TABLE revocation_checks (
            id            INTEGER PRIMARY KEY,
            credential_id INTEGER NOT NULL,
            version       INTEGER NOT NULL,
            at            INTEGER NOT NULL,
            method        TEXT    NOT NULL CHECK (method IN ('attested', 'probe')),
            outcome       TEXT    NOT NULL CHECK (outcome IN ('revoked', 'still-valid', 'inconclusive')),
            endpoint      TEXT,
            http_status   INTEGER,
            detail        TEXT    NOT NULL,
            FOREIGN KEY (credential_id, version) REFERENCES versions (credential_id, version)
        );

        CREATE TABLE audit_log (
            seq        INTEGER PRIMARY KEY,
            at         INTEGER NOT NULL,
            actor      TEXT    NOT NULL,
            action     TEXT    NOT NULL,
            credential TEXT,
            version    INTEGER,
            detail     TEXT    NOT NULL,
            prev_hash  BLOB    NOT NULL,
            hash       BLOB    NOT NULL
        );

        -- Append-only: patvault never changes or deletes an audit entry.
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
        // 2: deliveries of alert events, one row per (version, event, threshold, hook).
        """
        CREATE TABLE deliveries (
            credential_id    INTEGER NOT NULL,
            version          INTEGER NOT NULL,
            event            TEXT    NOT NULL,
            threshold        INTEGER NOT NULL,
            hook             TEXT    NOT NULL,
            state            TEXT    NOT NULL CHECK (state IN ('delivered', 'failed')),
            attempts         INTEGER NOT NULL,
            first_attempt_at INTEGER NOT NULL,
            last_attempt_at  INTEGER NOT NULL,
            delivered_at     INTEGER,
            last_error       TEXT,
            PRIMARY KEY (credential_id, version, event, threshold, hook)
        ) WITHOUT ROWID;
        """,
    ]

    static var currentVersion: Int { migrations.count }
}
