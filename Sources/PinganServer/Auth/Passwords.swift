import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import PinganCore

/// bcrypt hashing and checking for people's passwords. bcrypt is slow on purpose, so both run on
/// NIO's blocking thread pool rather than on the event loops or Swift's cooperative threads.
/// The CLI uses this to create the first administrator and `user add`.
public enum Passwords {
    /// A password for someone else to receive (the first administrator, an imported user, a
    /// reset from the shell): 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I),
    /// about 93 bits, to be replaced at first sign-in.
    public static func oneTime() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// A bcrypt hash of `password` with work factor `cost` (clamped to 4...31).
    /// - Throws: `DomainError` `invalid_field` (`password`) for a password bcrypt would silently
    ///   shorten: one holding a NUL character (the C code stops there). Length rules are
    ///   `OrganisationDecider.checkPassword`'s.
    public static func hash(_ password: String, cost: Int) async throws -> String {
        guard !password.utf8.contains(0) else { throw DomainError.invalid("password", "password must not contain a NUL character") }
        let cost = UInt8(clamping: min(max(cost, 4), 31))
        let input = bcryptInput(password)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    /// Whether `password` matches `hash`; false for malformed hashes and for passwords holding
    /// a NUL character (which could otherwise match a shorter password).
    public static func verify(_ password: String, hash: String) async throws -> Bool {
        guard !password.utf8.contains(0) else { return false }
        let input = bcryptInput(password)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(input, hash: hash) }
    }

    /// bcrypt reads at most 72 bytes, so a longer password (a passphrase in Chinese reaches that
    /// at 25 characters) is first condensed to its SHA-256, which keeps all of it. Passwords of
    /// 72 bytes or fewer go in as they are, so hashes made before this rule still verify
    /// (longer ones were refused then).
    static func bcryptInput(_ password: String) -> String {
        guard password.utf8.count > 72 else { return password }
        return "sha256:" + Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}
