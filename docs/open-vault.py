#!/usr/bin/env python3
"""Open a patvault vault without patvault, from docs/vault-format.md alone.

usage: open-vault.py VAULT (--keyfile PATH | --passphrase-env VAR) [NAME]

Verifies the audit chain, lists the credentials and, given NAME, prints its active token.
Needs PyNaCl (pip install pynacl) and the Python standard library.
"""
import argparse
import hashlib
import os
import sqlite3
import sys

import nacl.bindings as sodium
import nacl.pwhash.argon2id as argon2id
import nacl.secret


def vault_key(db, keyfile=None, passphrase=None):
    for kind, ops, mem, salt, nonce, wrapped in db.execute(
            "SELECT kind, kdf_opslimit, kdf_memlimit, kdf_salt, nonce, wrapped_key FROM key_slots ORDER BY id"):
        if kind == "keyfile" and keyfile is not None:
            slot_key = keyfile
        elif kind == "passphrase" and passphrase is not None:
            slot_key = argon2id.kdf(32, passphrase, salt, opslimit=ops, memlimit=mem)
        else:
            continue
        try:
            return nacl.secret.SecretBox(slot_key).decrypt(wrapped, nonce)
        except Exception:
            continue
    sys.exit("no key slot opens with that key")


def verify_audit(db):
    previous = bytes(32)
    expected = 1
    for seq, at, actor, action, credential, version, detail, prev_hash, stored in db.execute(
            "SELECT seq, at, actor, action, credential, version, detail, prev_hash, hash FROM audit_log ORDER BY seq"):
        canonical = "patvault-audit-v1\n%d\n%d\n%s\n%s\n%s\n%s\n%s" % (
            seq, at, actor, action, credential or "", "" if version is None else version, detail)
        digest = hashlib.blake2b(previous + canonical.encode(), digest_size=32).digest()
        if seq != expected or prev_hash != previous or digest != stored:
            sys.exit("audit chain broken at entry %d" % seq)
        previous, expected = stored, expected + 1
    return expected - 1, previous.hex()


def fingerprint(key, token):
    fingerprint_key = hashlib.blake2b(b"patvault-fingerprint-v1", digest_size=32, key=key).digest()
    return hashlib.blake2b(token, digest_size=16, key=fingerprint_key).hexdigest()[:12]


def open_token(db, key, name):
    row = db.execute(
        "SELECT c.name, v.version, c.org_url, v.expires_at, v.scopes, s.nonce, s.sealed, v.fingerprint "
        "FROM versions v JOIN credentials c ON c.id = v.credential_id "
        "JOIN sealed_tokens s ON s.credential_id = v.credential_id AND s.version = v.version "
        "WHERE c.name = ? AND v.state = 'active'",
        (name,)).fetchone()
    if row is None:
        sys.exit("no active version of %s" % name)
    cname, version, org_url, expires_at, scopes, nonce, sealed, stored_fingerprint = row
    plaintext = nacl.secret.SecretBox(key).decrypt(sealed, nonce)
    header = "patvault-token-v1\n%s\n%d\n%s\n%d\n%s\n" % (cname, version, org_url, expires_at, scopes)
    if not plaintext.startswith(header.encode()):
        sys.exit("tampered: the sealed header does not match the record")
    token = plaintext[len(header.encode()):]
    if fingerprint(key, token) != stored_fingerprint:
        sys.exit("fingerprint mismatch")
    return token


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("vault")
    parser.add_argument("name", nargs="?")
    parser.add_argument("--keyfile")
    parser.add_argument("--passphrase-env")
    args = parser.parse_intermixed_args()
    db = sqlite3.connect("file:%s?mode=ro" % args.vault, uri=True)
    keyfile = open(args.keyfile, "rb").read() if args.keyfile else None
    passphrase = os.environb[args.passphrase_env.encode()] if args.passphrase_env else None
    count, head = verify_audit(db)
    print("audit chain intact: %d entries, head %s" % (count, head), file=sys.stderr)
    key = vault_key(db, keyfile, passphrase)
    if args.name:
        sys.stdout.buffer.write(open_token(db, key, args.name) + b"\n")
    else:
        for name, version, state in db.execute(
                "SELECT c.name, v.version, v.state FROM versions v JOIN credentials c ON c.id = v.credential_id "
                "ORDER BY c.name, v.version"):
            print(name, version, state)


if __name__ == "__main__":
    main()
