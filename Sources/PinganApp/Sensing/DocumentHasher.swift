import Crypto
import Foundation

/// Keyed hashing of identity document numbers (HMAC-SHA-256 under the deployment's key): a
/// watchlist entry and a checkpoint's read of the same number hash alike and so match, while the
/// stored hashes give the numbers back to no one without the key — a plain hash of an 18-digit
/// number with a check digit and a birth date is searched through in minutes.
public struct DocumentHasher: Sendable {
    private let key: [UInt8]

    /// - Parameter key: At least 32 bytes; every instance of a deployment must share it.
    public init(key: [UInt8]) {
        precondition(key.count >= 32, "a document key has at least 32 bytes")
        self.key = key
    }

    public func hash(_ normalised: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(normalised.utf8), using: SymmetricKey(data: key))
        return mac.map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined()
    }

    /// A fresh random key, for a new deployment's key file.
    public static func newKey() -> [UInt8] {
        var g = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
    }
}
