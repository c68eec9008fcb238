import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension APIClient {
    /// A client of the same server over the same connection pool, signed in with another token:
    /// the demo city's devices each post with their own, and a `URLSession` apiece would hold
    /// some seventy pools open against one loopback server.
    init(sharing other: APIClient, token: String) {
        base = other.base
        self.token = token
        session = other.session
    }
}
