import PatVaultTestSupport
import Testing

@testable import PatVault

@Suite struct SecretBoxTests {
    func key() throws -> SecureBytes { try Sodium.randomSecret(count: SecretBox.keyBytes) }

    @Test func roundTrip() throws {
        let key = try key()
        let message = LookAlikeToken.secure(LookAlikeToken.classic())
        let sealed = try SecretBox.seal(message, key: key)
        let opened = try SecretBox.open(sealed, key: key)
        #expect(opened.constantTimeEquals(message))
    }

    @Test func wrongKeyFails() throws {
        let sealed = try SecretBox.seal(LookAlikeToken.secure("x"), key: try key())
        #expect(throws: CryptoError.authenticationFailed) { try SecretBox.open(sealed, key: try key()) }
    }

    @Test(arguments: [0, 5, 16, 20])
    func tamperedCiphertextFails(offset: Int) throws {
        let key = try key()
        var sealed = try SecretBox.seal(LookAlikeToken.secure(LookAlikeToken.classic()), key: key)
        sealed.ciphertext[offset] ^= 0x01
        #expect(throws: CryptoError.authenticationFailed) { try SecretBox.open(sealed, key: key) }
    }

    @Test func tamperedNonceFails() throws {
        let key = try key()
        var sealed = try SecretBox.seal(LookAlikeToken.secure("token"), key: key)
        sealed.nonce[0] ^= 0x80
        #expect(throws: CryptoError.authenticationFailed) { try SecretBox.open(sealed, key: key) }
    }

    @Test func twoSealsOfOneMessageDiffer() throws {
        let key = try key()
        let message = LookAlikeToken.secure(LookAlikeToken.classic())
        let first = try SecretBox.seal(message, key: key)
        let second = try SecretBox.seal(message, key: key)
        #expect(first.nonce != second.nonce)
        #expect(first.ciphertext != second.ciphertext)
    }

    @Test func wrongKeyLengthIsRefused() throws {
        let shortKey = try SecureBytes(count: 16)
        #expect(throws: CryptoError.badLength(what: "secretbox key", expected: 32, actual: 16)) {
            try SecretBox.seal(LookAlikeToken.secure("x"), key: shortKey)
        }
    }

    /// The vector of libsodium's test/default/secretbox_easy.c and its .exp file (NaCl's
    /// original secretbox test): key `firstkey`, nonce, the 131-byte message, and the
    /// 147-byte MAC-prefixed ciphertext.
    @Test func knownAnswerFromLibsodiumTests() throws {
        let key = try #require(
            Sodium.bytes(
                fromHex:
                    "1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389"))
        let nonce = try #require(Sodium.bytes(fromHex: "69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37"))
        let message = try #require(
            Sodium.bytes(
                fromHex: """
                    be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705
                    """))
        let expected = try #require(
            Sodium.bytes(
                fromHex: """
                    f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5
                    """))
        var keyBytes = key
        var messageBytes = message
        let sealed = try SecretBox.seal(
            try SecureBytes(consuming: &messageBytes), key: try SecureBytes(consuming: &keyBytes), nonce: nonce)
        #expect(sealed.ciphertext == expected)
        var keyAgain = key
        let opened = try SecretBox.open(sealed, key: try SecureBytes(consuming: &keyAgain))
        #expect(opened.withUnsafeBytes { Array($0) } == message)
    }
}

@Suite struct PasswordHashTests {
    @Test func sameInputsDeriveTheSameKeyAndOtherSaltsDiffer() throws {
        let salt = try Sodium.randomBytes(count: PasswordHash.saltBytes)
        let limits = PasswordHash.Level.interactive.limits
        let passphrase = LookAlikeToken.secure("correct horse battery staple")
        let first = try PasswordHash.deriveKey(count: 32, passphrase: passphrase, salt: salt, limits: limits)
        let second = try PasswordHash.deriveKey(count: 32, passphrase: passphrase, salt: salt, limits: limits)
        let other = try PasswordHash.deriveKey(
            count: 32, passphrase: passphrase, salt: try Sodium.randomBytes(count: PasswordHash.saltBytes),
            limits: limits)
        #expect(first.constantTimeEquals(second))
        #expect(!first.constantTimeEquals(other))
    }

    @Test func hostileLimitsAreRefusedBeforeArgon2Runs() throws {
        let salt = try Sodium.randomBytes(count: PasswordHash.saltBytes)
        #expect(throws: CryptoError.keyDerivationFailed) {
            try PasswordHash.deriveKey(
                count: 32, passphrase: LookAlikeToken.secure("p"), salt: salt,
                limits: .init(opsLimit: 3, memLimit: 1 << 50))
        }
    }
}

@Suite struct GenericHashTests {
    /// BLAKE2b-256 of the empty string, from the BLAKE2 reference.
    @Test func emptyStringDigest() throws {
        #expect(
            Sodium.hex(try GenericHash.hash([UInt8](), count: 32))
                == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")
    }

    @Test func keyedDigestDependsOnKey() throws {
        let message = Array("token".utf8)
        let a = try GenericHash.hash(message, key: try Sodium.randomSecret(count: 32))
        let b = try GenericHash.hash(message, key: try Sodium.randomSecret(count: 32))
        #expect(a != b)
    }
}
