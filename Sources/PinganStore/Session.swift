import Foundation
import PinganCore

/// A signed-in bearer token, stored by hash so a leaked database leaks no usable token.
public struct Session: Codable, Sendable, Hashable {
    public var tokenHash: String
    public var userID: UserID
    public var expiresAt: Date

    public init(tokenHash: String, userID: UserID, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.expiresAt = expiresAt
    }
}
